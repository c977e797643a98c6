"""Ticket preview and printing for the desk (shared by the features): one renderer
(services.tickets.faces) for print and preview."""

from boxoffice.gui.tickets.preview import TicketPreviewDialog, preview_booking
from boxoffice.gui.tickets.printing import print_booking, print_document

__all__ = ["TicketPreviewDialog", "preview_booking", "print_booking", "print_document"]
