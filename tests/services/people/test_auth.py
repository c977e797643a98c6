"""Signing in: bcrypt, lockout, disabled accounts, unknown users, audit rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, StaffUser
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import AccountLocked, AuthenticationFailed
from boxoffice.domain.roles import Role
from boxoffice.services.people import auth, passwords
from boxoffice.services.people.staff import add_user_in
from tests.rows import rows_where

PASSWORD = "correct horse"


@pytest.fixture
def users(db: Database) -> Database:
    def work(s: Session) -> None:
        add_user_in(s, SYSTEM, "carla", Role.CLERK, PASSWORD, "Carla", rounds=4)
        add_user_in(s, SYSTEM, "maya", Role.MANAGER, PASSWORD, "Maya", rounds=4)

    db.run(work)
    return db


def _user(db: Database, name: str) -> StaffUser:
    def work(s: Session) -> StaffUser:
        user = s.scalars(select(StaffUser).where(StaffUser.username == name)).one()
        s.expunge(user)
        return user

    return db.run(work)


def _audit(db: Database, action: str) -> list[AuditLog]:
    return rows_where(db, AuditLog, AuditLog.action == action)


def test_sign_in_returns_actor_with_desk_and_audits(users: Database) -> None:
    actor = auth.sign_in(users, "  maya ", PASSWORD, "Desk 3")
    user = _user(users, "maya")
    assert (actor.user_id, actor.username, actor.role, actor.desk) == (
        user.id,
        "maya",
        Role.MANAGER,
        "Desk 3",
    )
    assert user.last_login_at is not None
    [row] = _audit(users, "auth.sign_in")
    assert (row.staff_user_id, row.desk, row.entity_id) == (user.id, "Desk 3", user.id)


def test_wrong_password_is_counted_and_audited_without_the_password(users: Database) -> None:
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password") as info:
        auth.sign_in(users, "carla", "guess-one-two", "d1")
    assert not isinstance(info.value, AccountLocked)
    assert _user(users, "carla").failed_logins == 1
    [row] = _audit(users, "auth.sign_in_failed")
    assert row.staff_user_id == _user(users, "carla").id
    assert "guess-one-two" not in row.detail
    assert "password" in row.detail  # the reason, not the value


def test_success_resets_the_failure_counter(users: Database) -> None:
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(users, "carla", "nope-nope", "d1")
    assert _user(users, "carla").failed_logins == 3
    auth.sign_in(users, "carla", PASSWORD, "d1")
    assert _user(users, "carla").failed_logins == 0


def test_unknown_user_gets_the_same_message_and_costs_a_bcrypt_check(users: Database) -> None:
    before = passwords.dummy_hash.cache_info()
    with pytest.raises(AuthenticationFailed) as unknown:
        auth.sign_in(users, "nobody", PASSWORD, "d1")
    after = passwords.dummy_hash.cache_info()
    assert after.hits + after.misses == before.hits + before.misses + 1
    with pytest.raises(AuthenticationFailed) as wrong:
        auth.sign_in(users, "carla", "not-it-at-all", "d1")
    assert str(unknown.value) == str(wrong.value)
    rows = _audit(users, "auth.sign_in_failed")
    assert rows[0].staff_user_id is None
    assert "unknown_user" in rows[0].detail and PASSWORD not in rows[0].detail


def test_fifth_failure_locks_for_fifteen_minutes(users: Database) -> None:
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AuthenticationFailed) as info:
            auth.sign_in(users, "carla", "wrong-password", "d1")
        assert not isinstance(info.value, AccountLocked)
    with pytest.raises(AccountLocked, match="15 minutes"):
        auth.sign_in(users, "carla", "wrong-password", "d1")
    user = _user(users, "carla")
    assert user.locked_until is not None
    assert timedelta(minutes=14) < user.locked_until - utcnow() <= timedelta(minutes=15)
    assert len(_audit(users, "auth.lockout")) == 1
    # Even the right password is refused while locked, and the lock is not extended.
    with pytest.raises(AccountLocked):
        auth.sign_in(users, "carla", PASSWORD, "d1")
    assert _user(users, "carla").locked_until == user.locked_until
    # Other accounts are unaffected.
    assert auth.sign_in(users, "maya", PASSWORD, "d1").username == "maya"


def test_lock_expires(users: Database) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(users, "carla", "wrong-password", "d1")
    users.run(
        lambda s: s.execute(
            update(StaffUser)
            .where(StaffUser.username == "carla")
            .values(locked_until=utcnow() - timedelta(seconds=1))
        )
    )
    actor = auth.sign_in(users, "carla", PASSWORD, "d1")
    assert actor.username == "carla"
    user = _user(users, "carla")
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_after_an_expired_lock_the_full_allowance_returns(users: Database) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(users, "carla", "wrong-password", "d1")
    users.run(
        lambda s: s.execute(
            update(StaffUser)
            .where(StaffUser.username == "carla")
            .values(locked_until=utcnow() - timedelta(seconds=1))
        )
    )
    with pytest.raises(AuthenticationFailed) as info:
        auth.sign_in(users, "carla", "wrong-password", "d1")
    assert not isinstance(info.value, AccountLocked)


def test_disabled_account_is_refused(users: Database) -> None:
    users.run(
        lambda s: s.execute(
            update(StaffUser).where(StaffUser.username == "carla").values(active=False)
        )
    )
    with pytest.raises(AuthenticationFailed, match="disabled"):
        auth.sign_in(users, "carla", PASSWORD, "d1")
    # A wrong password on a disabled account says nothing about the account.
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        auth.sign_in(users, "carla", "wrong-password", "d1")
    reasons = [r.detail for r in _audit(users, "auth.sign_in_failed")]
    assert any("disabled" in d for d in reasons)
    assert _audit(users, "auth.sign_in") == []


def test_concurrent_guesses_cannot_exceed_the_limit(users: Database) -> None:
    """Ten desks guessing at once: the counter is atomic, so exactly one lockout happens."""
    attempts = 2 * auth.MAX_FAILURES

    def guess(_: int) -> str:
        try:
            auth.sign_in(users, "carla", "wrong-password", "d1")
        except AccountLocked:
            return "locked"
        except AuthenticationFailed:
            return "failed"
        return "signed in"

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        outcomes = list(pool.map(guess, range(attempts)))
    assert "signed in" not in outcomes
    assert len(_audit(users, "auth.lockout")) == 1
    assert outcomes.count("failed") <= auth.MAX_FAILURES - 1
    checked = [r for r in _audit(users, "auth.sign_in_failed") if '"password"' in r.detail]
    assert len(checked) <= auth.MAX_FAILURES  # never more passwords tried than allowed
    with pytest.raises(AccountLocked):
        auth.sign_in(users, "carla", PASSWORD, "d1")


def test_sign_out_is_audited(users: Database) -> None:
    actor = auth.sign_in(users, "carla", PASSWORD, "d9")
    auth.sign_out(users, actor)
    [row] = _audit(users, "auth.sign_out")
    assert (row.staff_user_id, row.desk) == (actor.user_id, "d9")
    auth.sign_out(users, SYSTEM)  # the CLI has no row to sign out: nothing happens
    assert len(_audit(users, "auth.sign_out")) == 1
