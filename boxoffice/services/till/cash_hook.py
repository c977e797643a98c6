"""The one place a sale or refund meets the till (called from ``sales.payments``).

Cash taken or handed back is recorded against this desk's open till session, in the sale's own
transaction. With the setting "cash needs an open till" on, cash without an open session is
refused before any card is charged; card payments never look at the till.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import PaymentError
from boxoffice.domain.till import MovementKind
from boxoffice.services.till.movements import lock_open_session, record
from boxoffice.services.till.settings import read_settings

NO_TILL = "Cash needs an open till at this desk: open it in the Till tab first, or take a card."
NO_TILL_REFUND = (
    "Cash is handed back from a till: open the till at this desk first, or refund to a card."
)


def cash_taken(s: Session, actor: Actor, booking_id: int, amount: Decimal, clerk_id: int) -> None:
    """Record *amount* of cash taken for *booking_id* (the change is already given back)."""
    _record(s, actor, booking_id, amount, clerk_id, MovementKind.SALE, NO_TILL)


def cash_returned(
    s: Session, actor: Actor, booking_id: int, amount: Decimal, clerk_id: int
) -> None:
    """Record *amount* of cash handed back for *booking_id*."""
    _record(s, actor, booking_id, amount, clerk_id, MovementKind.REFUND, NO_TILL_REFUND)


def _record(
    s: Session,
    actor: Actor,
    booking_id: int,
    amount: Decimal,
    clerk_id: int,
    kind: MovementKind,
    refusal: str,
) -> None:
    if amount <= 0:
        return
    desk = actor.desk.strip()[:64]
    # The command line (no staff row) has no drawer: nothing to count it against.
    session_id = lock_open_session(s, desk) if desk and actor.user_id is not None else None
    if session_id is None:
        if actor.user_id is not None and read_settings(s).cash_needs_session:
            raise PaymentError(refusal)
        return
    record(s, session_id, kind, amount, booking_id=booking_id, clerk_id=clerk_id)
