"""Staff accounts: add, list, disable, reset passwords, change roles (admins only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, NotFound, ValidationError
from boxoffice.domain.roles import Permission, Role
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.people.passwords import check_strength, hash_password

_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    locked: bool
    last_login_at: datetime | None = None
    must_change_password: bool = False

    @property
    def status(self) -> str:
        """``active``, ``disabled`` or ``locked`` (too many failed sign-ins)."""
        if not self.active:
            return "disabled"
        return "locked" if self.locked else "active"


def info_of(user: StaffUser) -> StaffInfo:
    """The plain StaffInfo of a loaded account row."""
    locked = user.locked_until is not None and user.locked_until > utcnow()
    return StaffInfo(
        user.id,
        user.username,
        user.full_name,
        Role(user.role),
        user.active,
        locked,
        user.last_login_at,
        user.must_change_password,
    )


def validate_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.match(name):
        raise ValidationError(
            _("A user name is 2–64 characters: letters, digits and . _ @ - (no spaces).")
        )
    return name


def add_user_in(
    session: Session,
    actor: Actor,
    username: str,
    role: Role,
    password: str,
    full_name: str = "",
    *,
    rounds: int = 12,
    demo: bool = False,
    must_change: bool = False,
) -> StaffUser:
    """Create a user inside an open transaction (used by the demo loader too).

    Only the demo loader passes ``demo=True``: its published passwords skip the policy.
    """
    actor.require(Permission.MANAGE_STAFF)
    name = validate_username(username)
    if not demo:
        check_strength(password, name)
    if session.scalar(select(StaffUser.id).where(StaffUser.username == name)) is not None:
        raise Conflict(_("There is already a user called {name!r}.").format(name=name))
    user = StaffUser(
        username=name,
        full_name=full_name.strip()[:128],
        role=role.value,
        password_hash=hash_password(password, rounds),
        active=True,
        failed_logins=0,
        must_change_password=must_change,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "staff.add", "staff_user", user.id, username=name, role=role.value)
    return user


def add_user(
    db: Database, actor: Actor, username: str, role: Role, password: str, full_name: str = ""
) -> StaffInfo:
    """Create a staff account. Admins only.

    The password was chosen by the admin, not by its user: the first sign-in must change it.
    """
    actor.require(Permission.MANAGE_STAFF)
    return db.run(
        lambda s: info_of(
            add_user_in(s, actor, username, role, password, full_name, must_change=True)
        )
    )


def list_users(db: Database, actor: Actor) -> list[StaffInfo]:
    """Every staff account, by user name."""
    actor.require(Permission.MANAGE_STAFF)
    return db.run(
        lambda s: [info_of(u) for u in s.scalars(select(StaffUser).order_by(StaffUser.username))]
    )


def _get(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id, with_for_update=True)
    if user is None:
        raise NotFound(_("No staff user with id {user_id}.").format(user_id=user_id))
    return user


def _username(session: Session, user_id: int) -> str:
    name = session.scalar(select(StaffUser.username).where(StaffUser.id == user_id))
    if name is None:
        raise NotFound(_("No staff user with id {user_id}.").format(user_id=user_id))
    return name


def _why(reason: str) -> dict[str, str]:
    return {"reason": reason.strip()[:256]} if reason.strip() else {}


def set_role(db: Database, actor: Actor, user_id: int, role: Role, reason: str = "") -> StaffInfo:
    """Give *user_id* another role (not yourself out of admin). Audited with *reason*."""
    actor.require(Permission.MANAGE_STAFF)

    def work(s: Session) -> StaffInfo:
        user = _get(s, user_id)
        if user.id == actor.user_id and role != Role.ADMIN:
            raise ValidationError(_("You cannot remove your own admin role."))
        old = user.role
        user.role = role.value
        audit.record(
            s, actor, "staff.role", "staff_user", user.id, old=old, new=role.value, **_why(reason)
        )
        return info_of(user)

    return db.run(work)


def set_active(
    db: Database, actor: Actor, user_id: int, active: bool, reason: str = ""
) -> StaffInfo:
    """Disable (sign-in refused) or enable an account; never your own. Audited with *reason*."""
    actor.require(Permission.MANAGE_STAFF)

    def work(s: Session) -> StaffInfo:
        user = _get(s, user_id)
        if user.id == actor.user_id and not active:
            raise ValidationError(_("You cannot disable your own account."))
        user.active = active
        action = "staff.enable" if active else "staff.disable"
        audit.record(s, actor, action, "staff_user", user.id, **_why(reason))
        return info_of(user)

    return db.run(work)


def reset_password(
    db: Database, actor: Actor, user_id: int, password: str, reason: str = ""
) -> StaffInfo:
    """Set a new password and lift any lockout. Audited (never the password)."""
    actor.require(Permission.MANAGE_STAFF)
    username = db.run(lambda s: _username(s, user_id))
    check_strength(password, username)
    new_hash = hash_password(password)  # outside the transaction: bcrypt is slow

    def work(s: Session) -> StaffInfo:
        user = _get(s, user_id)
        user.password_hash = new_hash
        user.failed_logins = 0
        user.locked_until = None
        user.must_change_password = True  # the admin knows it: its user must replace it
        audit.record(s, actor, "staff.password_reset", "staff_user", user.id, **_why(reason))
        return info_of(user)

    return db.run(work)


def require_password_change(
    db: Database, actor: Actor, user_id: int, reason: str = ""
) -> StaffInfo:
    """Make *user_id* choose a new password at the next sign-in (admins only). Audited."""
    actor.require(Permission.MANAGE_STAFF)

    def work(s: Session) -> StaffInfo:
        user = _get(s, user_id)
        user.must_change_password = True
        audit.record(
            s, actor, "staff.password_change_forced", "staff_user", user.id, **_why(reason)
        )
        return info_of(user)

    return db.run(work)
