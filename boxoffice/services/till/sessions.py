"""Till sessions: open with a counted float, look one up, list the open ones across desks.

A desk has at most one open session (a unique computed column, see ``TillSession``). Closing is
in :mod:`.closing`; cash moved during the session in :mod:`.movements` and :mod:`.cash_hook`.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, StaffUser, TillMovement, TillSession
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import Counts, MovementKind, TillStatus
from boxoffice.i18n import _
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.common import audit
from boxoffice.services.till import denominations as dn
from boxoffice.services.till.settings import read_settings
from boxoffice.services.till.views import MovementView, TillSessionView, Totals


def require_desk(actor: Actor) -> str:
    """The actor's desk name; a till belongs to a desk."""
    desk = actor.desk.strip()[:64]
    if not desk:
        raise ValidationError(_("This desk has no name; a till belongs to a named desk."))
    return desk


def open_session(db: Database, actor: Actor, float_counts: Counts) -> TillSessionView:
    """Open this desk's till with a float counted by denomination.

    Conflict if the desk already has an open session (also when two clerks open at once).
    """
    actor.require(Permission.USE_TILL)
    desk = require_desk(actor)
    if actor.user_id is None:
        raise ValidationError(_("A till is opened by a signed-in staff member."))
    clerk_id = actor.user_id

    def work(s: Session) -> TillSessionView:
        currency = read_settings(s).currency
        counts = dn.clean_counts(currency, float_counts)
        open_id = s.scalar(select(TillSession.id).where(TillSession.open_desk == desk))
        if open_id is not None:
            raise Conflict(_already_open(s, open_id))
        row = TillSession(
            desk=desk,
            currency=currency,
            status=TillStatus.OPEN.value,
            clerk_id=clerk_id,
            opened_at=utcnow(),
            float_amount=dn.total(counts),
            float_counts=dn.to_json(counts),
        )
        s.add(row)
        s.flush()
        audit.record(s, actor, "till.open", "till_session", row.id, float=str(row.float_amount))
        return load_view(s, row.id)

    try:
        return db.run(work)
    except IntegrityError:
        # Another clerk opened this desk's till between our check and our insert.
        def who(s: Session) -> str:
            open_id = s.scalar(select(TillSession.id).where(TillSession.open_desk == desk))
            return _already_open(s, open_id) if open_id else _("The till could not be opened.")

        raise Conflict(db.run(who)) from None


def _already_open(s: Session, session_id: int) -> str:
    view = load_view(s, session_id, with_movements=False)
    return _(
        "The till of desk {desk} is already open (by {clerk} since "
        "{opened_at} UTC): close it first."
    ).format(desk=view.desk, clerk=view.clerk, opened_at=stamp_text(view.opened_at))


def current_session(db: Database, actor: Actor) -> TillSessionView | None:
    """This desk's open session, or None. Found after a restart too: it stays open until closed."""
    actor.require(Permission.USE_TILL)
    desk = require_desk(actor)

    def work(s: Session) -> TillSessionView | None:
        open_id = s.scalar(select(TillSession.id).where(TillSession.open_desk == desk))
        return load_view(s, open_id) if open_id is not None else None

    return db.run(work)


def get_session(db: Database, actor: Actor, session_id: int) -> TillSessionView:
    """One session with its movements: this desk's, or any for a manager."""
    actor.require(Permission.USE_TILL)

    def work(s: Session) -> TillSessionView:
        view = load_view(s, session_id)
        if view.desk != actor.desk and not actor.can(Permission.MANAGE_TILLS):
            raise PermissionDenied(_("Only a manager sees the till of another desk."))
        return view

    return db.run(work)


def open_sessions(db: Database, actor: Actor) -> list[TillSessionView]:
    """Every open session across the desks, oldest first (for a manager)."""
    actor.require(Permission.MANAGE_TILLS)

    def work(s: Session) -> list[TillSessionView]:
        ids = s.scalars(
            select(TillSession.id)
            .where(TillSession.status == TillStatus.OPEN.value)
            .order_by(TillSession.opened_at, TillSession.id)
        ).all()
        return [load_view(s, i, with_movements=False) for i in ids]

    return db.run(work)


def totals_of(s: Session, session_id: int, *, locking: bool = False) -> Totals:
    """Cash moved in *session_id* by kind. *locking* reads the latest committed rows (InnoDB's
    plain SELECT would read the transaction's snapshot) — what a close must count."""
    query = select(TillMovement.kind, TillMovement.amount).where(
        TillMovement.session_id == session_id
    )
    if locking:
        query = query.with_for_update(read=True)
    sums: dict[str, Decimal] = {}
    for kind, amount in s.execute(query):
        sums[kind] = sums.get(kind, Decimal("0.00")) + amount
    zero = Decimal("0.00")
    return Totals(
        sales=sums.get(MovementKind.SALE.value, zero),
        refunds=sums.get(MovementKind.REFUND.value, zero),
        pay_ins=sums.get(MovementKind.PAY_IN.value, zero),
        pay_outs=sums.get(MovementKind.PAY_OUT.value, zero),
        rounding=sums.get(MovementKind.ROUND_IN.value, zero)
        - sums.get(MovementKind.ROUND_OUT.value, zero),
        voucher_sales=sums.get(MovementKind.VOUCHER_SALE.value, zero),
    )


def load_view(s: Session, session_id: int, *, with_movements: bool = True) -> TillSessionView:
    """The view of one session; NotFound if there is none."""
    clerk, closer, manager = aliased(StaffUser), aliased(StaffUser), aliased(StaffUser)
    found = s.execute(
        select(TillSession, clerk.username, closer.username, manager.username)
        .join(clerk, clerk.id == TillSession.clerk_id)
        .outerjoin(closer, closer.id == TillSession.closed_by)
        .outerjoin(manager, manager.id == TillSession.manager_id)
        .where(TillSession.id == session_id)
    ).first()
    if found is None:
        raise NotFound(_("There is no till session {session_id}.").format(session_id=session_id))
    row, clerk_name, closer_name, manager_name = found
    movements: tuple[MovementView, ...] = ()
    if with_movements:
        movements = tuple(
            MovementView(kind, amount, reason, reference or "", who, at)
            for kind, amount, reason, reference, who, at in s.execute(
                select(
                    TillMovement.kind,
                    TillMovement.amount,
                    TillMovement.reason,
                    Booking.reference,
                    StaffUser.username,
                    TillMovement.created_at,
                )
                .join(StaffUser, StaffUser.id == TillMovement.clerk_id)
                .outerjoin(Booking, Booking.id == TillMovement.booking_id)
                .where(TillMovement.session_id == session_id)
                .order_by(TillMovement.id)
            )
        )
    return TillSessionView(
        id=row.id,
        desk=row.desk,
        clerk=clerk_name,
        currency=row.currency,
        status=TillStatus(row.status),
        opened_at=row.opened_at,
        float_amount=row.float_amount,
        totals=totals_of(s, row.id),
        float_counts=dn.from_json(row.float_counts),
        counted_counts=dn.from_json(row.counted_counts),
        closed_at=row.closed_at,
        closed_by=closer_name or "",
        manager=manager_name or "",
        counted=row.counted_amount,
        variance=row.variance,
        variance_reason=row.variance_reason,
        movements=movements,
    )


def count_open(s: Session) -> int:
    """How many sessions are open across the desks (for the end-of-shift report)."""
    return int(
        s.scalar(
            select(func.count())
            .select_from(TillSession)
            .where(TillSession.status == TillStatus.OPEN.value)
        )
        or 0
    )
