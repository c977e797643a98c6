"""Role changes and disabled accounts take effect at once, not at the next sign-in.

An :class:`~boxoffice.domain.actor.Actor` carries the role its user had at sign-in. Every
sensitive write records an audit row in its own transaction (:func:`audit.record`); that is
where :func:`require_current` compares the actor with its staff row (one primary-key read) and
refuses the whole change if the account was disabled or given another role meanwhile.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import PermissionDenied
from boxoffice.i18n import _


def require_current(session: Session, actor: Actor) -> None:
    """PermissionDenied unless *actor*'s account is still active with the same role (the
    command line's system actor has no account and is not checked)."""
    if actor.user_id is None:
        return
    row = session.execute(
        select(StaffUser.role, StaffUser.active).where(StaffUser.id == actor.user_id)
    ).one_or_none()
    if row is None or not row.active:
        raise PermissionDenied(
            _(
                "The account {username!r} was disabled; nothing was changed. "
                "Sign out and let another user sign in."
            ).format(username=actor.username)
        )
    if row.role != actor.role.value:
        raise PermissionDenied(
            _(
                "The role of {username!r} was changed to {role}; nothing was "
                "changed. Sign out and sign in again to go on with the new "
                "rights."
            ).format(username=actor.username, role=row.role)
        )
