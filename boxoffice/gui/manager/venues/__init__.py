"""The venue layout designer tab: sections, their properties and a live, draggable preview."""

from boxoffice.gui.manager.venues.tab import VenueDesignerTab

__all__ = ["VenueDesignerTab"]
