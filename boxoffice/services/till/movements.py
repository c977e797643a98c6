"""Pay-ins and pay-outs: cash added to or taken from this desk's open till, with a reason."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import TillMovement, TillSession
from boxoffice.db.prepared import Prepared
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import exact_money, format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import MovementKind
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.till.sessions import load_view, require_desk, totals_of
from boxoffice.services.till.views import TillSessionView

MAX_MOVEMENT = Decimal("100000.00")
# Every cash sale asks (built once: see boxoffice.db.prepared).
_OPEN_SESSION = Prepared(
    select(TillSession.id).where(TillSession.open_desk == bindparam("b_desk")).with_for_update()
)


def lock_open_session(s: Session, desk: str) -> int | None:
    """The id of *desk*'s open session, its row locked until commit, or None.

    A locking read sees the latest committed state (InnoDB's plain SELECT may read an older
    snapshot), and holding the row makes a close wait for this transaction: cash recorded here
    is always counted by the close, never written into a session already closed.
    """
    rows = _OPEN_SESSION.rows(s, {"b_desk": desk})
    return int(rows[0][0]) if rows else None


def record(
    s: Session,
    session_id: int,
    kind: MovementKind,
    amount: Decimal,
    *,
    booking_id: int | None = None,
    reason: str = "",
    clerk_id: int,
) -> None:
    """Insert one movement in the caller's transaction."""
    s.execute(
        insert(TillMovement).values(
            session_id=session_id,
            kind=kind.value,
            amount=amount,
            booking_id=booking_id,
            reason=reason[:256],
            clerk_id=clerk_id,
            created_at=utcnow(),
        )
    )


def pay_in(db: Database, actor: Actor, amount: Decimal | str, reason: str) -> TillSessionView:
    """Cash put into this desk's till (change from the safe); a reason is required."""
    return _move(db, actor, MovementKind.PAY_IN, amount, reason)


def pay_out(db: Database, actor: Actor, amount: Decimal | str, reason: str) -> TillSessionView:
    """Cash taken out of this desk's till (a delivery paid, a safe drop); never more than the
    drawer should hold."""
    return _move(db, actor, MovementKind.PAY_OUT, amount, reason)


def _move(
    db: Database, actor: Actor, kind: MovementKind, amount: Decimal | str, reason: str
) -> TillSessionView:
    actor.require(Permission.USE_TILL)
    desk = require_desk(actor)
    value = exact_money(amount, _("The amount"))
    if value <= 0:
        raise ValidationError(
            _("The amount must be more than zero (got {value}).").format(value=value)
        )
    if value > MAX_MOVEMENT:
        raise ValidationError(
            _("{amount} looks like a typing slip.").format(amount=format_money(value))
        )
    why = " ".join(reason.split())
    if not why:
        what = "pay-in" if kind is MovementKind.PAY_IN else "pay-out"
        raise ValidationError(_("Say why: a {what} needs a reason.").format(what=what))
    if actor.user_id is None:
        raise ValidationError(_("Cash is moved by a signed-in staff member."))
    clerk_id = actor.user_id

    def work(s: Session) -> TillSessionView:
        session_id = lock_open_session(s, desk)
        if session_id is None:
            raise ValidationError(
                _("The till of desk {desk} is not open: open it first.").format(desk=desk)
            )
        if kind is MovementKind.PAY_OUT:
            view = load_view(s, session_id, with_movements=False)
            in_drawer = view.float_amount + totals_of(s, session_id).net()
            if value > in_drawer:
                raise ValidationError(
                    _(
                        "The drawer should hold {amount}; {amount2} cannot be paid out of it."
                    ).format(amount=format_money(in_drawer), amount2=format_money(value))
                )
        record(s, session_id, kind, value, reason=why, clerk_id=clerk_id)
        audit.record(
            s,
            actor,
            f"till.{kind.value}",
            "till_session",
            session_id,
            amount=str(value),
            reason=why,
        )
        return load_view(s, session_id)

    return db.run(work)
