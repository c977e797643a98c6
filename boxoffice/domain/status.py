"""Status values stored in the database (strings, so both MySQL and SQLite read them plainly)."""

from __future__ import annotations

from enum import StrEnum


class SeatStatus(StrEnum):
    AVAILABLE = "available"
    HELD = "held"
    SOLD = "sold"
    BLOCKED = "blocked"


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class TicketStatus(StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"
    USED = "used"


class PaymentMethodKind(StrEnum):
    CASH = "cash"
    CARD = "card"
    SAVED_CARD = "saved_card"
    VOUCHER = "voucher"  # a gift voucher's balance


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after max attempts
