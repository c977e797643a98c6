"""Sold bookings: look up, list and search them (views), cancel them whole or per ticket and
exchange seats (changes)."""

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
    search_bookings,
)

__all__ = [
    "BookingDetail",
    "BookingSummary",
    "PaymentInfo",
    "RefundInfo",
    "TicketLine",
    "cancel_booking",
    "cancel_tickets",
    "customer_bookings",
    "exchange_seats",
    "get_booking",
    "list_recent_bookings",
    "search_bookings",
]
