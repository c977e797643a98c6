"""``check_database`` finds each kind of planted inconsistency, and a sound database is clean.

Each case plants one inconsistency by hand in SQL (rules across rows and tables, which no CHECK
constraint can refuse) into the demo data, on SQLite and MariaDB.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.errors import PermissionDenied
from boxoffice.domain.roles import Role
from boxoffice.services.integrity import CheckReport, check_database

_FIRST_LIVE_SEATED = (
    "(SELECT MIN(id) FROM ticket WHERE status = 'valid' AND event_seat_id IS NOT NULL)"
)
_SEAT_OF_FIRST_LIVE = (
    "(SELECT event_seat_id FROM ticket WHERE id = (SELECT MIN(id) FROM ticket"
    " WHERE status = 'valid' AND event_seat_id IS NOT NULL))"
)
_GA_TIER = (
    "(SELECT MIN(price_tier.id) FROM price_tier JOIN event ON event.id = price_tier.event_id"
    " WHERE event.ga_capacity IS NOT NULL AND price_tier.ga_sold > 0)"
)

PLANTED: list[tuple[str, list[str]]] = [
    (
        "sold_seats_have_tickets",
        [
            "UPDATE ticket SET status = 'cancelled', cancelled_at = issued_at"
            f" WHERE id = {_FIRST_LIVE_SEATED}"
        ],
    ),
    (
        "tickets_hold_their_seats",
        [
            "UPDATE event_seat SET status = 'available', booking_id = NULL"
            f" WHERE id = {_SEAT_OF_FIRST_LIVE}"
        ],
    ),
    ("event_sold_counts", ["UPDATE event SET sold_count = sold_count + 1 WHERE id = 1"]),
    ("ga_tier_counts", [f"UPDATE price_tier SET ga_sold = ga_sold - 1 WHERE id = {_GA_TIER}"]),
    (
        "booking_money",
        ["UPDATE payment SET amount = amount + 1 WHERE id = (SELECT MIN(id) FROM payment)"],
    ),
    (
        "cancelled_bookings_have_no_live_tickets",
        [
            "UPDATE booking SET status = 'cancelled' WHERE id ="
            " (SELECT MIN(id) FROM booking WHERE status = 'confirmed')"
        ],
    ),
    (
        "rows_name_existing_events",
        ["UPDATE booking SET event_id = 999999 WHERE id = (SELECT MIN(id) FROM booking)"],
    ),
    (
        "holds_match_seats",
        [
            "UPDATE event_seat SET hold_id = 'stale-hold' WHERE id ="
            " (SELECT MIN(id) FROM event_seat WHERE status = 'available')"
        ],
    ),
    (
        "outbox_bookings_exist",
        [
            "INSERT INTO email_outbox (kind, dedupe_key, to_addr, subject, body_text, body_html,"
            " booking_id, attachment_name, status, attempts, next_attempt_at, last_error,"
            " created_at) VALUES ('confirmation', 'k1', 'a@example.com', 's', 'b', '', 999999,"
            " '', 'pending', 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00')"
        ],
    ),
    ("code_use_counts", ["UPDATE discount_code SET uses = uses + 1 WHERE code = 'DEMO10'"]),
    (
        "voucher_balances",
        [
            "UPDATE gift_voucher SET balance = balance - 1"
            " WHERE id = (SELECT MIN(id) FROM gift_voucher)"
        ],
    ),
    (
        "cards_have_keys",
        [
            "INSERT INTO saved_card (customer_id, brand, last4, exp_month, exp_year, cardholder,"
            " billing_address, pan_ciphertext, key_id, is_default, created_at) VALUES"
            " ((SELECT MIN(id) FROM customer), 'visa', '4242', 12, 2030, 'A B', '', X'00',"
            " 'k9-gone', 0, '2026-01-01 00:00:00')"
        ],
    ),
]


def _retire_demo_passwords(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE staff_user SET active = 0"))


def _run(db: Database, statements: list[str]) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def _check(db: Database) -> CheckReport:
    return check_database(db, SYSTEM, frozenset({"k1-live"}))


def test_sound_demo_data_is_clean_once_demo_passwords_are_gone(demo_db: Database) -> None:
    before = _check(demo_db)
    assert [f.check for f in before.findings] == ["no_published_passwords"]
    assert before.findings[0].count == 4
    assert "'admin' (admin)" in "\n".join(before.lines())
    _retire_demo_passwords(demo_db)
    after = _check(demo_db)
    assert after.clean, after.lines()
    assert "clean" in after.lines()[-1]
    assert len(after.ran) == 13


@pytest.mark.parametrize(("check", "sql"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_inconsistency_is_found(demo_db: Database, check: str, sql: list[str]) -> None:
    _retire_demo_passwords(demo_db)
    _run(demo_db, sql)
    report = _check(demo_db)
    found = {f.check: f for f in report.findings}
    assert check in found, report.lines()
    assert found[check].count >= 1
    assert found[check].rows, "the rows involved are listed"


def test_only_admins_may_check(demo_db: Database) -> None:
    with pytest.raises(PermissionDenied):
        check_database(demo_db, Actor(1, "manager", Role.MANAGER), None)


def test_money_is_checked_in_every_chunk_of_bookings(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """booking_money reads the bookings a chunk at a time: gaps in the first and the last chunk
    are both found (and only those)."""
    monkeypatch.setattr("boxoffice.services.integrity.checks.CHUNK", 3)
    _retire_demo_passwords(demo_db)
    _run(
        demo_db,
        [
            "UPDATE payment SET amount = amount + 1 WHERE booking_id = (SELECT MIN(id) FROM"
            " booking WHERE id IN (SELECT booking_id FROM payment))",
            "INSERT INTO refund (booking_id, payment_id, ticket_id, method, amount, reason,"
            " gateway_ref, clerk_id, created_at) SELECT MAX(id), NULL, NULL, 'cash', 1, 'x', '',"
            " (SELECT MIN(id) FROM staff_user), '2026-01-01 00:00:00' FROM booking",
        ],
    )
    report = _check(demo_db)
    money = [f for f in report.findings if f.check == "booking_money"]
    assert money and money[0].count == 2, report.lines()
    with demo_db.engine.connect() as conn:
        last = conn.execute(text("SELECT reference FROM booking ORDER BY id DESC")).first()
    assert last is not None and last[0] in money[0].rows[-1]


def test_tickets_and_holds_of_a_missing_event_are_listed(demo_db: Database) -> None:
    _retire_demo_passwords(demo_db)
    _run(
        demo_db,
        [
            "UPDATE ticket SET event_id = 999998 WHERE id = (SELECT MIN(id) FROM ticket)",
            "INSERT INTO hold (id, event_id, staff_user_id, desk, tier_id, quantity, expires_at,"
            " created_at, released) VALUES ('h-gone', 999997, (SELECT MIN(id) FROM staff_user),"
            " 'd', NULL, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)",
        ],
    )
    found = {f.check: f for f in _check(demo_db).findings}["rows_name_existing_events"]
    assert found.count == 2
    assert any("ticket" in row and "event 999998" in row for row in found.rows)
    assert any("hold h-gone: event 999997" in row for row in found.rows)


def test_a_ticket_moved_to_a_free_seat_leaves_its_sold_seat_reported(demo_db: Database) -> None:
    """As many live seated tickets as sold seats, yet one sold seat has none: both seat checks
    name their row (the counts alone settle only a database with no ticket off its seat)."""
    _retire_demo_passwords(demo_db)
    with demo_db.engine.connect() as conn:
        ticket, seat, event = conn.execute(
            text("SELECT id, event_seat_id, event_id FROM ticket WHERE id = " + _FIRST_LIVE_SEATED)
        ).one()
        free = conn.execute(
            text("SELECT MIN(id) FROM event_seat WHERE status = 'available' AND event_id = :e"),
            {"e": event},
        ).scalar_one()
    _run(demo_db, [f"UPDATE ticket SET event_seat_id = {free} WHERE id = {ticket}"])
    found = {f.check: f for f in _check(demo_db).findings}
    assert found["tickets_hold_their_seats"].rows[0].startswith(f"ticket {ticket} ")
    assert found["sold_seats_have_tickets"].rows[0].startswith(f"event_seat {seat} ")
