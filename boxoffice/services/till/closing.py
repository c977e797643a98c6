"""Closing a till: count by denomination, expected vs counted, variance, manager sign-off.

The manager proves who they are with their own password at this desk (checked, counted and
audited like a sign-in) before the transaction starts, since bcrypt is slow. The close itself is
one conditional UPDATE on ``status = 'open'``: of two closes at once exactly one wins and the
other is told who closed it.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser, TillSession
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import SYMBOLS, Counts, TillStatus
from boxoffice.i18n import _
from boxoffice.i18n.formats import clock_text
from boxoffice.services.common import audit
from boxoffice.services.people import auth
from boxoffice.services.till import denominations as dn
from boxoffice.services.till.sessions import load_view, totals_of
from boxoffice.services.till.settings import read_settings
from boxoffice.services.till.views import TillSessionView


def close_session(
    db: Database,
    actor: Actor,
    session_id: int,
    counts: Counts,
    reason: str,
    manager_username: str,
    manager_password: str,
) -> TillSessionView:
    """Close *session_id* with the cash *counts*, signed off by a manager's credentials.

    A variance above the threshold of the settings needs a *reason*. Conflict if the session
    is already closed; AuthenticationFailed for a wrong manager password; PermissionDenied if
    the signer is not a manager.
    """
    actor.require(Permission.USE_TILL)
    if actor.user_id is None:
        raise ValidationError(_("A till is closed by a signed-in staff member."))
    closer_id = actor.user_id
    why = " ".join(reason.split())[:256]
    if not manager_username.strip() or not manager_password:
        raise ValidationError(_("A manager signs the count off: their user name and password."))

    def check(s: Session) -> None:
        row = s.get(TillSession, session_id)
        if row is None:
            raise NotFound(
                _("There is no till session {session_id}.").format(session_id=session_id)
            )
        if row.desk != actor.desk and not actor.can(Permission.MANAGE_TILLS):
            raise PermissionDenied(_("A till is closed at its own desk (or by a manager)."))
        if row.status != TillStatus.OPEN.value:
            raise Conflict(_closed_message(s, row))
        dn.clean_counts(row.currency, counts)  # bad counts refused before the password

    db.run(check)
    manager = auth.confirm_credentials(db, manager_username, manager_password, actor.desk)
    if not manager.can(Permission.MANAGE_TILLS) or manager.user_id is None:
        raise PermissionDenied(
            _("{username} is not a manager: a manager signs off.").format(username=manager.username)
        )
    manager_id = manager.user_id

    def work(s: Session) -> TillSessionView:
        now = utcnow()
        closed = s.connection().execute(
            update(TillSession)
            .where(TillSession.id == session_id, TillSession.status == TillStatus.OPEN.value)
            .values(status=TillStatus.CLOSED.value, closed_at=now, closed_by=closer_id)
        )
        row = s.get(TillSession, session_id, populate_existing=True)
        assert row is not None
        if closed.rowcount != 1:
            raise Conflict(_closed_message(s, row))
        clean = dn.clean_counts(row.currency, counts)
        counted = dn.total(clean)
        # Our row lock is held: every sale that recorded cash here has committed; read it all.
        expected = row.float_amount + totals_of(s, session_id, locking=True).net()
        variance = counted - expected
        limit = read_settings(s).reason_above
        if abs(variance) > limit and not why:
            symbol = SYMBOLS.get(row.currency, "")
            raise ValidationError(
                _(
                    "The count is {amount} off the expected {amount2}: say why (more "
                    "than {amount3} needs a reason)."
                ).format(
                    amount=format_money(variance, symbol),
                    amount2=format_money(expected, symbol),
                    amount3=format_money(limit, symbol),
                )
            )
        s.execute(
            update(TillSession)
            .where(TillSession.id == session_id)
            .values(
                counted_amount=counted,
                counted_counts=dn.to_json(clean),
                expected_amount=expected,
                variance=variance,
                variance_reason=why,
                manager_id=manager_id,
            )
        )
        audit.record(
            s,
            actor,
            "till.close",
            "till_session",
            session_id,
            expected=str(expected),
            counted=str(counted),
            variance=str(variance),
            manager=manager.username,
        )
        return load_view(s, session_id)

    return db.run(work)


def _closed_message(s: Session, row: TillSession) -> str:
    who = s.scalar(select(StaffUser.username).where(StaffUser.id == row.closed_by)) or "someone"
    when = _(" at {time} UTC").format(time=clock_text(row.closed_at)) if row.closed_at else ""
    return _(
        "This till session was already closed by {who}{when}; it cannot be closed twice."
    ).format(who=who, when=when)
