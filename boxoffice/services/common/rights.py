"""Role changes and disabled accounts take effect at once, not at the next sign-in.

An :class:`~boxoffice.domain.actor.Actor` carries the role its user had at sign-in. Every
sensitive write records an audit row in its own transaction (:func:`audit.record`); that is
where :func:`require_current` compares the actor with its staff row (one primary-key read) and
refuses the whole change if the account was disabled or given another role meanwhile.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from boxoffice.db.models import StaffUser
from boxoffice.db.prepared import Prepared
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import PermissionDenied
from boxoffice.i18n import _

_ACCOUNT = Prepared(  # read by nearly every write: built once (see boxoffice.db.prepared)
    select(StaffUser.role, StaffUser.active).where(StaffUser.id == bindparam("b_user"))
)
_CHECKED = "rights.checked"  # Session.info: (transaction, user id, role) already checked


def require_current(session: Session, actor: Actor) -> None:
    """PermissionDenied unless *actor*'s account is still active with the same role (the
    command line's system actor has no account and is not checked). Read once per
    transaction: a sale writing two audit rows checks its clerk once."""
    if actor.user_id is None:
        return
    transaction = session.get_transaction()
    mine = (transaction, actor.user_id, actor.role)
    if transaction is not None and session.info.get(_CHECKED) == mine:
        return
    found = _ACCOUNT.rows(session, {"b_user": actor.user_id})
    row = found[0] if found else None
    if row is None or not row[1]:
        raise PermissionDenied(
            _(
                "The account {username!r} was disabled; nothing was changed. "
                "Sign out and let another user sign in."
            ).format(username=actor.username)
        )
    if row[0] != actor.role.value:
        raise PermissionDenied(
            _(
                "The role of {username!r} was changed to {role}; nothing was "
                "changed. Sign out and sign in again to go on with the new "
                "rights."
            ).format(username=actor.username, role=row[0])
        )
    session.info[_CHECKED] = mine
