"""Every read of seats by hold id goes through the hold-id index, on both backends.

With most seats' ``hold_id`` NULL, MySQL underrates that index and started the checkout's
lookups from the price tier, walking every seat of the tier (1.4 ms per lookup at 16,000 seats,
growing with the venue). The plans of the statements a sale really sends are checked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event as sa_event

from boxoffice.db.database import Database
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import cash, make_seated_event, make_staff


@contextmanager
def captured_selects(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """(statement, parameters) of every SELECT sent while the block runs."""
    seen: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cur: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not many:
            seen.append((statement, params))

    sa_event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listen)


def _event_seat_access(db: Database, statement: str, params: Any) -> list[str]:
    """How the plan reads event_seat: MySQL's key column, or SQLite's plan lines."""
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        cur = raw.cursor()
        if db.is_mysql:
            cur.execute("EXPLAIN " + statement, params)
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
            return [str(r["key"]) for r in rows if r["table"] in ("event_seat", "es")]
        cur.execute("EXPLAIN QUERY PLAN " + statement, params)
        return [str(row[-1]) for row in cur.fetchall() if "event_seat" in str(row[-1])]


def test_hold_and_checkout_look_seats_up_by_the_hold_index(db: Database) -> None:
    staff = make_staff(db)
    # Enough seats and a single tier: the shape in which MySQL chose the tier-first plan.
    ev = make_seated_event(db, rows=20, per_row=40, tiers=(("All", "25.00", 99),))

    with captured_selects(db) as seen:
        hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
        checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "plan-check")

    by_hold = [(sql, params) for sql, params in seen if "hold_id" in sql and "event_seat" in sql]
    assert len(by_hold) >= 2, "the hold's seat list and the checkout's held lines"
    for sql, params in by_hold:
        access = _event_seat_access(db, sql, params)
        assert access, sql
        # MySQL's key column reads "index|rowid filter" when the plan walks another index
        # and only filters by the hold one: that is the slow plan, so the key must be it alone.
        assert all(
            a == "ix_event_seat_hold" or "USING INDEX ix_event_seat_hold " in a for a in access
        ), (sql, access)
