"""Ticket preview and printing for the desk: one renderer (services.ticket_faces) for all."""

from boxoffice.gui.tickets.preview import TicketPreviewDialog, preview_booking
from boxoffice.gui.tickets.printing import print_booking, print_document

__all__ = ["TicketPreviewDialog", "preview_booking", "print_booking", "print_document"]
