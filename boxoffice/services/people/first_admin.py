"""The first admin of a new installation: created at set-up, only while no admin exists.

A venue's real database starts with no staff at all (the demo accounts are loaded only on
request), so the command line (`boxoffice user add NAME --role admin`) and a desk's first-run
set-up both create the first admin through here. No signed-in actor is needed: the rule
"no active admin yet" is the permission. Two desks trying at the same moment are serialised by
the `setup.first_admin` settings row (its primary key refuses a second insert), so at most one
first admin is ever created.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.models import Setting, StaffUser
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict
from boxoffice.domain.roles import Role
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.people.passwords import check_strength, hash_password
from boxoffice.services.people.staff import StaffInfo, info_of, validate_username

_LOCK_KEY = "setup.first_admin"
_ALREADY = "This database already has an administrator; ask them to create your account."


def has_admin(session: Session) -> bool:
    """True if an active admin account exists."""
    found = session.scalar(
        select(StaffUser.id).where(StaffUser.role == Role.ADMIN.value, StaffUser.active.is_(True))
    )
    return found is not None


def _take_setup_lock(session: Session) -> None:
    """Lock (or create) the set-up row so concurrent first-admin attempts run one at a time."""
    row = session.get(Setting, _LOCK_KEY, with_for_update=True)
    now = utcnow().isoformat()
    if row is not None:
        row.value = now
        session.flush()
        return
    session.add(Setting(key=_LOCK_KEY, value=now))
    try:
        session.flush()
    except IntegrityError:  # another desk inserted it first and has created the admin
        raise Conflict(_ALREADY) from None


def create_first_admin(session: Session, name: str, password: str) -> StaffInfo:
    """Create the first admin *name* with *password* inside the caller's transaction.

    Refused with Conflict when an active admin already exists (or another desk created one at
    the same moment), with ValidationError for a bad name or a password that breaks the policy.
    The password was chosen by the admin, so no change is forced at first sign-in.
    """
    username = validate_username(name)
    check_strength(password, username)
    if has_admin(session):
        raise Conflict(_ALREADY)
    new_hash = hash_password(password)  # before the lock: bcrypt is slow
    _take_setup_lock(session)
    if has_admin(session):
        raise Conflict(_ALREADY)
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
        raise Conflict(
            _("There is already a user called {username!r}; choose another name.").format(
                username=username
            )
        )
    user = StaffUser(
        username=username,
        full_name="",
        role=Role.ADMIN.value,
        password_hash=new_hash,
        active=True,
        failed_logins=0,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    audit.record(session, SYSTEM, "staff.first_admin", "staff_user", user.id, username=username)
    return info_of(user)
