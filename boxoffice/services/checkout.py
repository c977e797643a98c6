"""Checkout: turn a hold into a paid booking in ONE transaction (seats, booking, tickets,
payments, audit row and notification commit together or not at all)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.tender import Tender


@dataclass(frozen=True)
class BookingResult:
    booking_id: int
    reference: str  # "7KQ4-MX2P"
    total: Decimal
    change_due: Decimal  # cash to hand back
    ticket_ids: tuple[int, ...]


def checkout(
    db: Database,
    actor: Actor,
    hold_id: str,
    tenders: Sequence[Tender],
    idempotency_key: str,
    customer_id: int | None = None,
) -> BookingResult:
    """Sell what *hold_id* holds, paid by *tenders* (split tender allowed).

    HoldExpired if the hold ran out (or is not this hold any more); PaymentDeclined/PaymentError
    from payments leave nothing behind. The same *idempotency_key* again returns the first
    booking and charges nothing.
    """
    raise NotImplementedError
