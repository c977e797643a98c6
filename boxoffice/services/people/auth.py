"""Signing staff in and out: bcrypt, lockout after repeated failures, audit rows.

The bcrypt check runs between two short transactions, so a slow hash never holds a row lock.
Each attempt is counted before its password is checked, by one conditional UPDATE, so concurrent
guesses from several desks cannot slip past the limit.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    PasswordChangeRequired,
    ValidationError,
)
from boxoffice.domain.roles import Role
from boxoffice.i18n import _, ngettext
from boxoffice.services.common import audit
from boxoffice.services.people.passwords import (
    check_strength,
    dummy_hash,
    hash_password,
    verify_password,
)

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_WRONG = "Wrong user name or password."
_DISABLED = "This account is disabled; ask an administrator."
_CHANGE = "Your password must be changed before you start: choose a new one."


class _Account(NamedTuple):
    id: int
    username: str
    role: str
    password_hash: str
    active: bool
    locked_until: datetime | None
    must_change_password: bool


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins: this account is locked. Try again in "
        "{minutes} minute or ask an administrator to reset the password.",
        "Too many failed sign-ins: this account is locked. Try again in "
        "{minutes} minutes or ask an administrator to reset the password.",
        minutes,
    ).format(minutes=minutes)


def _find(session: Session, username: str) -> _Account | None:
    row = session.execute(
        select(
            StaffUser.id,
            StaffUser.username,
            StaffUser.role,
            StaffUser.password_hash,
            StaffUser.active,
            StaffUser.locked_until,
            StaffUser.must_change_password,
        ).where(StaffUser.username == username)
    ).first()
    return _Account(*row) if row is not None else None


def _as(account: _Account | None, username: str, desk: str) -> Actor:
    """The actor an audit row about this attempt is written as."""
    if account is None:
        return Actor(None, username[:64], Role.CLERK, desk)
    return Actor(account.id, account.username, Role(account.role), desk)


class _Attempt(NamedTuple):
    account: _Account
    number: int  # this attempt's place in the failure counter (1 = first since last success)
    refused: AccountLocked | None


def _not_locked(now: datetime) -> ColumnElement[bool]:
    return or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now)


def _lock(session: Session, account: _Account, actor: Actor, now: datetime) -> bool:
    """Lock the account for LOCKOUT unless it already is. True if this call locked it."""
    done = session.connection().execute(
        update(StaffUser)
        .where(StaffUser.id == account.id, _not_locked(now))
        .values(locked_until=now + LOCKOUT, failed_logins=0)
    )
    if done.rowcount != 1:
        return False
    minutes = int(LOCKOUT.total_seconds() // 60)
    audit.record(session, actor, "auth.lockout", "staff_user", account.id, minutes=minutes)
    return True


def _begin(session: Session, name: str, desk: str, now: datetime) -> _Attempt | None:
    """Find the account and count this attempt as a failure until the password proves right.

    Counting first, in one conditional UPDATE, means concurrent guesses from many desks each
    take a distinct number: no more than MAX_FAILURES passwords are ever checked per lockout.
    """
    account = _find(session, name)
    if account is None:
        audit.record(session, _as(None, name, desk), "auth.sign_in_failed", reason="unknown_user")
        return None
    actor = _as(account, account.username, desk)
    counted = session.connection().execute(
        update(StaffUser)
        .where(StaffUser.id == account.id, _not_locked(now))
        .values(failed_logins=StaffUser.failed_logins + 1)
    )
    if counted.rowcount != 1:
        until = session.scalar(select(StaffUser.locked_until).where(StaffUser.id == account.id))
        audit.record(
            session, actor, "auth.sign_in_failed", "staff_user", account.id, reason="locked"
        )
        return _Attempt(account, 0, AccountLocked(_locked_message(until or now + LOCKOUT, now)))
    number = session.scalar(select(StaffUser.failed_logins).where(StaffUser.id == account.id))
    assert number is not None
    if number > MAX_FAILURES:  # concurrent attempts used up the allowance
        _lock(session, account, actor, now)
        audit.record(
            session, actor, "auth.sign_in_failed", "staff_user", account.id, reason="locked"
        )
        return _Attempt(account, number, AccountLocked(_locked_message(now + LOCKOUT, now)))
    return _Attempt(account, number, None)


def _fail(session: Session, attempt: _Attempt, desk: str, now: datetime) -> bool:
    """Audit a wrong password (already counted); the last allowed one locks. True if locked."""
    account = attempt.account
    actor = _as(account, account.username, desk)
    audit.record(session, actor, "auth.sign_in_failed", "staff_user", account.id, reason="password")
    if attempt.number < MAX_FAILURES:
        return False
    _lock(session, account, actor, now)  # a concurrent over-limit attempt may have locked first
    return True


def sign_in(db: Database, username: str, password: str, desk: str) -> Actor:
    """The signed-in Actor at *desk*; AuthenticationFailed or AccountLocked otherwise.

    PasswordChangeRequired when the password is right but the account must choose a new one
    first (created or reset by an admin, a demo account on a shared server, or forced): the
    desk then asks for it and calls :func:`change_password_and_sign_in`.
    """
    name = username.strip()
    desk = desk.strip()[:64]
    now = utcnow()
    attempt = _checked(db, name, password, desk, now)
    if attempt.account.must_change_password:
        refused = db.run(lambda s: _succeed(s, attempt.account, desk, now, change_first=True))
        if isinstance(refused, AuthenticationFailed):
            raise refused
        raise PasswordChangeRequired(_CHANGE)
    outcome = db.run(lambda s: _succeed(s, attempt.account, desk, now))
    if isinstance(outcome, AuthenticationFailed):
        raise outcome  # raised outside the transaction so its audit row is kept
    return outcome


def change_password_and_sign_in(
    db: Database, username: str, old_password: str, new_password: str, desk: str
) -> Actor:
    """Replace the password of *username* (proved by *old_password*) and sign in.

    The old password is checked and counted like any sign-in (lockout included); the new one
    must meet the policy and differ from the old. Clears a required change.
    """
    name = username.strip()
    desk = desk.strip()[:64]
    check_strength(new_password, name)
    if new_password == old_password:
        raise ValidationError(_("The new password must differ from the old one."))
    now = utcnow()
    attempt = _checked(db, name, old_password, desk, now)
    new_hash = hash_password(new_password)  # outside the transaction: bcrypt is slow
    outcome = db.run(lambda s: _succeed(s, attempt.account, desk, now, new_hash=new_hash))
    if isinstance(outcome, AuthenticationFailed):
        raise outcome
    return outcome


def _checked(db: Database, name: str, password: str, desk: str, now: datetime) -> _Attempt:
    """The attempt of *name* once its *password* proved right; the sign-in errors otherwise."""
    attempt = db.run(lambda s: _begin(s, name, desk, now)) if name else None
    if attempt is not None and attempt.refused is not None:
        raise attempt.refused
    # Always run bcrypt, also for unknown users, so the time taken reveals nothing.
    password_ok = verify_password(
        password, attempt.account.password_hash if attempt else dummy_hash()
    )
    if attempt is None:
        raise AuthenticationFailed(_WRONG)
    if not password_ok:
        if db.run(lambda s: _fail(s, attempt, desk, now)):
            raise AccountLocked(_locked_message(now + LOCKOUT, now))
        raise AuthenticationFailed(_WRONG)
    return attempt


def _succeed(
    session: Session,
    account: _Account,
    desk: str,
    now: datetime,
    *,
    change_first: bool = False,
    new_hash: str | None = None,
) -> Actor | AuthenticationFailed:
    """Record a right password: signed in, or (*change_first*) only the failures forgiven.

    With *new_hash* the password is replaced and any required change cleared.
    """
    actor = _as(account, account.username, desk)
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if not change_first:
        values["last_login_at"] = now
    if new_hash is not None:
        values.update(password_hash=new_hash, must_change_password=False)
    # Conditional: a lockout or disable committed since we read the row still wins.
    done = session.connection().execute(
        update(StaffUser)
        .where(StaffUser.id == account.id, StaffUser.active.is_(True), _not_locked(now))
        .values(**values)
    )
    if done.rowcount == 1:
        if change_first:
            audit.record(session, actor, "auth.password_change_required", "staff_user", account.id)
            return actor
        if new_hash is not None:
            audit.record(session, actor, "auth.password_changed", "staff_user", account.id)
        audit.record(session, actor, "auth.sign_in", "staff_user", account.id)
        return actor
    current = _find(session, account.username)
    if current is not None and current.locked_until is not None and current.locked_until > now:
        audit.record(
            session, actor, "auth.sign_in_failed", "staff_user", account.id, reason="locked"
        )
        return AccountLocked(_locked_message(current.locked_until, now))
    audit.record(session, actor, "auth.sign_in_failed", "staff_user", account.id, reason="disabled")
    return AuthenticationFailed(_DISABLED)


def sign_out(db: Database, actor: Actor) -> None:
    """Record that *actor* left the desk."""
    if actor.user_id is None:
        return
    db.run(lambda s: audit.record(s, actor, "auth.sign_out", "staff_user", actor.user_id))


def confirm_credentials(db: Database, username: str, password: str, desk: str) -> Actor:
    """The Actor whose *username* and *password* these are, without signing anyone in.

    For a sign-off at a desk (a manager approving a till count): the password is checked and
    counted like a sign-in (lockout included) and the check is audited; the desk's signed-in
    user stays who it is. AuthenticationFailed or AccountLocked otherwise.
    """
    name = username.strip()
    desk = desk.strip()[:64]
    account = _checked(db, name, password, desk, utcnow()).account
    actor = _as(account, account.username, desk)

    def forgive(s: Session) -> bool:
        # Conditional: an account disabled since the check is refused.
        done = s.connection().execute(
            update(StaffUser)
            .where(StaffUser.id == account.id, StaffUser.active.is_(True))
            .values(failed_logins=0)
        )
        ok = done.rowcount == 1
        action = "auth.confirmed" if ok else "auth.confirm_failed"
        audit.record(s, actor, action, "staff_user", account.id)
        return ok

    if not db.run(forgive):
        raise AuthenticationFailed(_DISABLED)
    return actor
