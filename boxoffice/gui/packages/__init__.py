"""The Packages tab: season tickets sold in a few keys; a manager makes packages here too."""
