"""``boxoffice db check``: read the whole database and report every inconsistency.

The schema refuses most bad rows by itself (CHECK constraints, the live-seat unique index); what
it cannot express across rows and tables is checked here, and reported with the rows involved.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Permission
from boxoffice.services.integrity.checks import Check, cards_have_keys, everything_but_keys
from boxoffice.services.integrity.findings import CheckReport, Finding, finding
from boxoffice.services.people.demo_accounts import DEMO_NAMES, published_password
from boxoffice.services.people.passwords import verify_password

__all__ = ["CheckReport", "Finding", "check_database"]

DEMO_CHECK = "no_published_passwords"


def _demo_passwords(db: Database) -> Finding | None:
    rows = db.run(
        lambda s: s.execute(
            select(StaffUser.id, StaffUser.username, StaffUser.role, StaffUser.password_hash)
            .where(StaffUser.username.in_(DEMO_NAMES), StaffUser.active.is_(True))
            .order_by(StaffUser.id)
        ).all()
    )
    published = [
        (user_id, name, role)
        for user_id, name, role, hashed in rows
        if verify_password(published_password(name), hashed)
    ]
    return finding(
        DEMO_CHECK,
        "active demo accounts whose password is the one the README publishes",
        published,
        "staff_user {0} {1!r} ({2}): change its password or disable the account",
    )


def _in_one_snapshot(db: Database, checks: list[Check]) -> list[Finding | None]:
    """Run *checks* in one read transaction: one consistent snapshot, so desks selling
    meanwhile cannot make a booking look half-written. (The server default is READ COMMITTED,
    a fresh view per statement; SQLite's read transaction is a snapshot already.)"""
    with db.engine.connect() as conn:
        if db.is_mysql:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            session = Session(bind=conn)
            try:
                return [check(session) for check in checks]
            finally:
                session.close()


def check_database(db: Database, actor: Actor, card_key_ids: frozenset[str] | None) -> CheckReport:
    """Run every check (admins only). *card_key_ids*: the ids in the key file, None if none."""
    actor.require(Permission.MANAGE_SETTINGS)
    started = time.perf_counter()
    checks = [*everything_but_keys(), cards_have_keys(card_key_ids)]
    found = _in_one_snapshot(db, checks)
    found.append(_demo_passwords(db))
    names = (*(check.__name__ for check in checks), DEMO_CHECK)
    findings = tuple(f for f in found if f is not None)
    return CheckReport(names, findings, time.perf_counter() - started)
