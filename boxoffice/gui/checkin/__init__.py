"""The door: scan tickets, verify their signature, admit each once."""

from boxoffice.gui.checkin.tab import CheckInTab

__all__ = ["CheckInTab"]
