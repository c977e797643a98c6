"""Qt widgets. They call services only (never SQL), through the TaskRunner, off the GUI thread."""
