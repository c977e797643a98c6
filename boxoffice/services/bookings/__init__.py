"""Sold bookings: look up, list and search them (views), cancel them whole or per ticket and
exchange seats (changes); the price of an exchange comes from the pricing seam."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.bookings.manage import (
        BookingDetail,
        BookingSummary,
        PaymentInfo,
        RefundInfo,
        TicketLine,
        cancel_booking,
        cancel_tickets,
        customer_bookings,
        exchange_seats,
        get_booking,
        list_recent_bookings,
        quote_exchange,
        search_bookings,
    )
    from boxoffice.services.bookings.views import exchange_quote

__all__ = [
    "BookingDetail",
    "BookingSummary",
    "PaymentInfo",
    "RefundInfo",
    "TicketLine",
    "cancel_booking",
    "cancel_tickets",
    "customer_bookings",
    "exchange_quote",
    "exchange_seats",
    "get_booking",
    "list_recent_bookings",
    "quote_exchange",
    "search_bookings",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
