"""The event editor tab: an event list, the event form and its price tiers."""

from boxoffice.gui.manager.events.tab import EventEditorTab

__all__ = ["EventEditorTab"]
