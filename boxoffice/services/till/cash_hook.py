"""The one place a sale or refund meets the till (called from ``sales.payments``).

Cash taken or handed back is recorded against this desk's open till session, in the sale's own
transaction. With the setting "cash needs an open till" on, cash without an open session is
refused before any card is charged; card payments never look at the till. Where the currency
has no cent coins (CHF: 0.05) the change and cash refunds are rounded, and the centimes the
drawer keeps or gives are a rounding movement of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from boxoffice.domain.actor import Actor
from boxoffice.domain.cash_rounding import settle_cash
from boxoffice.domain.errors import PaymentError
from boxoffice.domain.tender import CashTender
from boxoffice.domain.till import MovementKind, round_cash
from boxoffice.services.till.movements import lock_open_session, record
from boxoffice.services.till.settings import read_settings

ZERO = Decimal("0.00")
NO_TILL = "Cash needs an open till at this desk: open it in the Till tab first, or take a card."
NO_TILL_REFUND = (
    "Cash is handed back from a till: open the till at this desk first, or refund to a card."
)


def cash_taken(
    s: Session,
    actor: Actor,
    booking_id: int | None,
    tenders: Sequence[CashTender],
    clerk_id: int,
    *,
    kind: MovementKind = MovementKind.SALE,
    reason: str = "",
) -> None:
    """Record the cash *tenders* taken for *booking_id* (what is handed over and the change
    given back, rounded to the currency's coins: what that leaves in the drawer beyond the
    price is a rounding movement). A gift voucher sold for cash is *kind* VOUCHER_SALE, with
    no booking and its number as *reason*."""
    amount = sum((t.amount for t in tenders), ZERO)
    session_id = _session(s, actor, amount, NO_TILL)
    if session_id is None:
        return
    record(s, session_id, kind, amount, booking_id=booking_id, clerk_id=clerk_id, reason=reason)
    currency = read_settings(s).currency
    # Both sides are coins: an "exact" 42.37 in CHF is 42.35 handed over, and 7.63 change is
    # 7.65 given back. What that leaves in the drawer beyond the price is the rounding.
    kept = sum((settle_cash(t.amount, t.tendered, currency).rounding for t in tenders), ZERO)
    _rounding(s, session_id, kept, booking_id, clerk_id)


def cash_returned(
    s: Session, actor: Actor, booking_id: int, amount: Decimal, clerk_id: int
) -> None:
    """Record *amount* of cash handed back for *booking_id* (rounded to the coins)."""
    session_id = _session(s, actor, amount, NO_TILL_REFUND)
    if session_id is None:
        return
    record(s, session_id, MovementKind.REFUND, amount, booking_id=booking_id, clerk_id=clerk_id)
    handed = round_cash(amount, read_settings(s).currency)
    _rounding(s, session_id, amount - handed, booking_id, clerk_id)


def _session(s: Session, actor: Actor, amount: Decimal, refusal: str) -> int | None:
    """The desk's open session (locked), or None when there is no cash or no session to record
    it in; PaymentError when cash needs an open till and there is none."""
    if amount <= 0:
        return None
    desk = actor.desk.strip()[:64]
    # The command line (no staff row) has no drawer: nothing to count it against.
    session_id = lock_open_session(s, desk) if desk and actor.user_id is not None else None
    if session_id is None and actor.user_id is not None and read_settings(s).cash_needs_session:
        raise PaymentError(refusal)
    return session_id


def _rounding(
    s: Session, session_id: int, kept: Decimal, booking_id: int | None, clerk_id: int
) -> None:
    """A rounding movement for the centimes the drawer *kept* (negative: gave)."""
    if kept == 0:
        return
    kind = MovementKind.ROUND_IN if kept > 0 else MovementKind.ROUND_OUT
    record(
        s,
        session_id,
        kind,
        abs(kept),
        booking_id=booking_id,
        clerk_id=clerk_id,
        reason="cash rounding",
    )
