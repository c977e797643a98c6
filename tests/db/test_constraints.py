"""The schema refuses bad rows written by hand, and the refusal reaches the user as a message.

Each case runs raw SQL against the demo data (no service checks in the way), on SQLite and on
MariaDB in strict mode, through ``Database.run`` so the message the desk would show is checked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from boxoffice.db.database import Database
from boxoffice.domain.errors import BoxOfficeError, Conflict, SoldOut, ValidationError

_LIVE_TICKET = "(SELECT MIN(id) FROM ticket WHERE status = 'valid' AND event_seat_id IS NOT NULL)"
_TICKET_COLUMNS = (
    "booking_id, event_id, event_seat_id, tier_id, price, status, code_generation, issued_at"
)

CASES: list[tuple[str, str, type[BoxOfficeError], str]] = [
    ("booking negative total", "UPDATE booking SET total = -1", ValidationError, "whole cents"),
    ("booking unknown status", "UPDATE booking SET status = 'lost'", ValidationError, "Unknown"),
    ("ticket negative price", "UPDATE ticket SET price = -0.01", ValidationError, "whole cents"),
    (
        "ticket unknown status",
        "UPDATE ticket SET status = 'void' WHERE status = 'valid'",
        ValidationError,
        "Unknown",
    ),
    (
        "ticket cancelled without time",
        "UPDATE ticket SET status = 'cancelled', cancelled_at = NULL WHERE status = 'valid'",
        ValidationError,
        "cancellation time",
    ),
    ("ticket generation 0", "UPDATE ticket SET code_generation = 0", ValidationError, "at least"),
    ("payment unknown method", "UPDATE payment SET method = 'iou'", ValidationError, "Unknown"),
    ("payment negative", "UPDATE payment SET amount = -5", ValidationError, "whole cents"),
    ("refund negative", "UPDATE refund SET amount = -5", ValidationError, "whole cents"),
    ("event unknown status", "UPDATE event SET status = 'maybe'", ValidationError, "Unknown"),
    ("event ends first", "UPDATE event SET ends_at = starts_at", ValidationError, "end after"),
    (
        "event sales window reversed",
        "UPDATE event SET sales_open_at = ends_at",
        ValidationError,
        "cannot close before it opens",
    ),
    ("event negative sold", "UPDATE event SET sold_count = -1", ValidationError, "negative"),
    ("tier negative price", "UPDATE price_tier SET price = -1", ValidationError, "whole cents"),
    ("tier oversold", "UPDATE price_tier SET ga_sold = ga_capacity + 1", SoldOut, "Not enough"),
    (
        "seat unknown status",
        "UPDATE event_seat SET status = 'gone' WHERE status = 'available'",
        ValidationError,
        "Unknown",
    ),
    (
        "seat sold to nobody",
        "UPDATE event_seat SET status = 'sold', booking_id = NULL WHERE status = 'available'",
        Conflict,
        "sold only to a booking",
    ),
    (
        "seat held without hold",
        "UPDATE event_seat SET status = 'held', hold_id = NULL WHERE status = 'available'",
        Conflict,
        "held seat",
    ),
    ("staff unknown role", "UPDATE staff_user SET role = 'root'", ValidationError, "Unknown"),
    (
        "staff negative failures",
        "UPDATE staff_user SET failed_logins = -1",
        ValidationError,
        "negative",
    ),
    (
        "outbox unknown status",
        "UPDATE email_outbox SET status = 'lost'",
        ValidationError,
        "Unknown",
    ),
    (
        "second live ticket for a seat",
        f"INSERT INTO ticket ({_TICKET_COLUMNS}) SELECT {_TICKET_COLUMNS} FROM ticket"
        f" WHERE id = {_LIVE_TICKET}",
        Conflict,
        "already has a valid ticket",
    ),
    (
        "cancelled ticket revived on a resold seat",
        # Cancel a live ticket, put a new live one on its seat, then revive the old one.
        "UPDATE ticket SET status = 'valid', cancelled_at = NULL WHERE id = (SELECT MIN(id)"
        " FROM ticket WHERE status = 'cancelled' AND event_seat_id IS NOT NULL)",
        Conflict,
        "already has a valid ticket",
    ),
]


def _resell_a_cancelled_seat(db: Database) -> None:
    """Give the seat of the first cancelled seated ticket a new live ticket."""
    with db.engine.begin() as conn:
        row = conn.execute(
            text(
                "SELECT id, event_seat_id FROM ticket WHERE status = 'cancelled'"
                " AND event_seat_id IS NOT NULL ORDER BY id"
            )
        ).first()
        assert row is not None, "the demo data has a cancelled seated ticket"
        conn.execute(
            text(
                f"INSERT INTO ticket ({_TICKET_COLUMNS}) SELECT booking_id, event_id,"
                " event_seat_id, tier_id, price, 'valid', 1, issued_at FROM ticket WHERE id = :id"
            ),
            {"id": row.id},
        )


@pytest.mark.parametrize(("case", "sql", "error", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_row_is_refused_with_a_message(
    demo_db: Database, case: str, sql: str, error: type[BoxOfficeError], message: str
) -> None:
    if case.startswith("cancelled ticket revived"):
        _resell_a_cancelled_seat(demo_db)
    if sql.startswith("UPDATE email_outbox"):
        with demo_db.engine.begin() as conn:  # the demo has no mail queued: queue one
            conn.execute(
                text(
                    "INSERT INTO email_outbox (kind, dedupe_key, to_addr, subject, body_text,"
                    " body_html, attachment_name, status, attempts, next_attempt_at, last_error,"
                    " created_at) VALUES ('test', 'k', 'a@example.com', 's', 'b', '', '',"
                    " 'pending', 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00')"
                )
            )
    with pytest.raises(error, match=message) as caught:
        demo_db.run(lambda s: s.execute(text(sql)))
    assert isinstance(caught.value.__cause__, DBAPIError)  # refused by the database itself


def test_money_in_fractions_of_a_cent_is_refused_on_sqlite(demo_db: Database) -> None:
    """MySQL's DECIMAL(10,2) rounds to cents itself; SQLite keeps what it gets unless checked."""
    if demo_db.is_mysql:
        pytest.skip("DECIMAL(10,2) holds whole cents by its type")
    with pytest.raises(ValidationError, match="whole cents"):
        demo_db.run(lambda s: s.execute(text("UPDATE booking SET total = 12.345")))


def test_a_cancelled_seat_can_be_sold_again(demo_db: Database) -> None:
    """The live-seat index lets any number of cancelled tickets share a seat with a live one."""
    _resell_a_cancelled_seat(demo_db)
    _resell_a_cancelled_seat_again = text(
        "UPDATE ticket SET status = 'cancelled', cancelled_at = issued_at"
        " WHERE status = 'valid' AND event_seat_id = (SELECT event_seat_id FROM ticket"
        " WHERE status = 'cancelled' AND event_seat_id IS NOT NULL ORDER BY id LIMIT 1)"
    )
    with demo_db.engine.begin() as conn:
        conn.execute(_resell_a_cancelled_seat_again)
    _resell_a_cancelled_seat(demo_db)  # a third ticket on the seat, the only live one
