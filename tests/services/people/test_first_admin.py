"""The first admin of an empty database: created without an actor, only once, policy enforced."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.domain.errors import BoxOfficeError, Conflict, ValidationError
from boxoffice.domain.roles import Role
from boxoffice.services.people import auth
from boxoffice.services.people.first_admin import create_first_admin, has_admin

GOOD = "Tr0mbone-Harbour-51"


def test_first_admin_on_an_empty_database_signs_in(db: Database) -> None:
    assert not db.run(has_admin)
    info = db.run(lambda s: create_first_admin(s, " venueboss ", GOOD))
    assert (info.username, info.role, info.status) == ("venueboss", Role.ADMIN, "active")
    assert db.run(has_admin)
    assert auth.sign_in(db, "venueboss", GOOD, "desk").role == Role.ADMIN


def test_a_second_first_admin_is_refused(db: Database) -> None:
    db.run(lambda s: create_first_admin(s, "first", GOOD))
    with pytest.raises(Conflict, match="already has an administrator"):
        db.run(lambda s: create_first_admin(s, "second", GOOD))


@pytest.mark.parametrize(
    ("name", "password", "text"),
    [
        ("boss", "short", "at least 8"),
        ("boss", "password123", "common or breached"),
        ("bossman", "BossMan2024!", "user name"),
        ("boss", "admin-demo", "published demo"),
        ("a b", GOOD, "no spaces"),
    ],
)
def test_policy_is_enforced(db: Database, name: str, password: str, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        db.run(lambda s: create_first_admin(s, name, password))
    assert not db.run(has_admin)


@pytest.mark.mysql
def test_two_desks_at_once_create_one_admin(mysql_url: str) -> None:
    db = Database(mysql_url)
    try:
        from tests.conftest import _empty_tables

        _empty_tables(db)
        outcomes: list[str] = []
        barrier = threading.Barrier(4)

        def attempt(n: int) -> None:
            barrier.wait()
            try:
                db.run(lambda s: create_first_admin(s, f"boss{n}", GOOD))
                outcomes.append("ok")
            except BoxOfficeError as exc:
                outcomes.append(type(exc).__name__)

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes.count("ok") == 1, outcomes
        admins = db.run(lambda s: s.scalar(select(func.count()).select_from(StaffUser)))
        assert admins == 1
    finally:
        db.dispose()
