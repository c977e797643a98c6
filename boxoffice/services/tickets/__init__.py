"""Tickets: signed codes, the print read model, the one layout with its faces and receipt, PDF,
and checking tickets in at the door."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.tickets.checkin import (
        Attendance,
        CheckInEvent,
        CheckInResult,
        attendance,
        check_in,
        checkin_events,
        verify_code,
    )
    from boxoffice.services.tickets.codes import (
        ReissuedTicket,
        reissue_ticket,
    )
    from boxoffice.services.tickets.data import (
        get_booking_print,
        recent_bookings,
    )
    from boxoffice.services.tickets.pdf import (
        booking_document,
        record_print,
    )

__all__ = [
    "Attendance",
    "CheckInEvent",
    "CheckInResult",
    "ReissuedTicket",
    "attendance",
    "booking_document",
    "check_in",
    "checkin_events",
    "get_booking_print",
    "recent_bookings",
    "record_print",
    "reissue_ticket",
    "verify_code",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
