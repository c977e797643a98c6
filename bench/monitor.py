"""Seat monitor: an idle poll costs the same at 200 seats as at 100,000.

    uv run python bench/monitor.py [--polls 500]

Creates a fresh MariaDB database (BOXOFFICE_BENCH_MYSQL_URL, default root@127.0.0.1:3306) with
two events: a 200-seat theatre and a 100,000-seat stadium (10 % of seats sold). For each, it
measures through ``boxoffice.services.sales.monitor.poll``:

- idle poll (nothing changed): wall time, SQL statements sent, and InnoDB rows read (the
  session's Handler_read_* counters, the cost of SHOW STATUS itself subtracted), plus EXPLAIN
  of the one query;
- changed poll (one seat held since the last poll): the changed seats plus the counts, which
  read only held/blocked rows and the event row, so this too does not grow with the venue.

Prints the stadium/theatre ratios, measured in the same run. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from scratch import scratch_database
from sqlalchemy import event

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import make_engine
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role
from boxoffice.services.sales import holds, monitor

MANAGER = Actor(user_id=1, username="manager", role=Role.MANAGER, desk="bench")
SIZES = {"theatre": 200, "stadium": 100_000}


def seed(db: Database, now: datetime) -> dict[str, int]:
    """Venue, layout, seats and one on-sale event per size, all in SQL."""
    at = now.replace(tzinfo=None).isoformat(sep=" ")
    ids: dict[str, int] = {}
    with db.engine.begin() as conn:
        run = conn.exec_driver_sql
        run(
            "INSERT INTO staff_user (id, username, full_name, role, password_hash, active, "
            f"failed_logins, created_at) VALUES (1, 'manager', 'M', 'manager', 'x', 1, 0, '{at}')"
        )
        for n, (name, seats) in enumerate(SIZES.items(), start=1):
            per_row = 50 if seats <= 1000 else 500
            run(f"INSERT INTO venue (id, name, address) VALUES ({n}, '{name}', '')")
            run(
                "INSERT INTO seat_layout (id, venue_id, name, stage_x, stage_y, stage_w, stage_h) "
                f"VALUES ({n}, {n}, 'Standard', 0, -4, 10, 2)"
            )
            run(
                "INSERT INTO section (id, layout_id, name, row_count, seats_per_row, origin_x, "
                "origin_y, rotation, curve, row_labels, numbering) VALUES "
                f"({n}, {n}, 'Main', {seats // per_row}, {per_row}, 0, 0, 0, 0, 'numbers', 'ltr')"
            )
            run(
                "INSERT INTO seat (layout_id, section_id, row_label, row_index, number, x, y, "
                "`accessible`, restricted_view, blocked) "
                f"SELECT {n}, {n}, CAST((seq - 1) DIV {per_row} + 1 AS CHAR), "
                f"(seq - 1) DIV {per_row}, (seq - 1) MOD {per_row} + 1, "
                f"(seq - 1) MOD {per_row}, (seq - 1) DIV {per_row}, 0, 0, 0 "
                f"FROM seq_1_to_{seats}"
            )
            run(
                "INSERT INTO event (id, title, description, venue_id, layout_id, starts_at, "
                "ends_at, sales_open_at, sales_close_at, status, ga_capacity, min_price, "
                "max_price, capacity, sold_count, seat_version, created_at, updated_at) VALUES "
                f"({n}, '{name}', '', {n}, {n}, '{at}' + INTERVAL 30 DAY, "
                f"'{at}' + INTERVAL 30 DAY + INTERVAL 3 HOUR, '{at}' - INTERVAL 1 DAY, "
                f"'{at}' + INTERVAL 30 DAY, 'scheduled', NULL, 50, 50, {seats}, {seats // 10}, "
                f"7, '{at}', '{at}')"
            )
            run(
                "INSERT INTO price_tier (id, event_id, name, price, colour, sort_order, "
                f"ga_capacity, ga_sold) VALUES ({n}, {n}, 'Standard', 50, '#4e79a7', 0, 0, 0)"
            )
            run(
                "INSERT INTO event_seat (event_id, seat_id, tier_id, status, hold_id, "
                "hold_expires_at, booking_id, version) "
                f"SELECT {n}, id, {n}, IF(id MOD 10 = 0, 'sold', 'available'), NULL, NULL, NULL, "
                f"IF(id MOD 10 = 0, 1 + id MOD 7, 0) FROM seat WHERE layout_id = {n}"
            )
            ids[name] = n
        run("ANALYZE TABLE event, event_seat")
    return ids


class Meter:
    """Counts SQL statements and InnoDB row reads of one pinned connection."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statements = 0
        event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_args: Any) -> None:
        self.statements += 1

    def handler_reads(self) -> int:
        with self.db.engine.connect() as conn:
            rows = conn.exec_driver_sql("SHOW SESSION STATUS LIKE 'Handler_read%%'").all()
        return sum(int(v) for _, v in rows)

    def measure(self, fn: Callable[[], Any]) -> tuple[int, int]:
        """(statements, rows read) of one call of *fn*, SHOW STATUS's own reads subtracted."""
        base0 = self.handler_reads()
        base1 = self.handler_reads()
        before = self.handler_reads()
        count0 = self.statements
        fn()
        count = self.statements - count0
        after = self.handler_reads()
        return count, (after - before) - (base1 - base0)


def _advance(db: Database, known: dict[int, int], event_id: int) -> None:
    known[event_id] = monitor.poll(db, MANAGER, known)[event_id].version


def free_seats(db: Database, event_id: int, n: int) -> list[int]:
    with db.engine.connect() as conn:
        return [
            int(row[0])
            for row in conn.exec_driver_sql(
                f"SELECT id FROM event_seat WHERE event_id = {event_id} "
                f"AND status = 'available' ORDER BY id LIMIT {n}"
            )
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polls", type=int, default=500)
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args(argv)
    url, drop_database = scratch_database("monitor")
    # One pooled connection: every statement of a poll runs on it, so its counters are the poll's.
    db = Database(engine=make_engine(url, pool_size=1, max_overflow=0))
    try:
        migrate.upgrade(db.engine)
        ids = seed(db, datetime.now(UTC))
        meter = Meter(db)
        known = {e: monitor.open_event(db, MANAGER, e).version for e in ids.values()}
        idle: dict[str, list[float]] = {label: [] for label in ids}
        changed: dict[str, list[float]] = {label: [] for label in ids}
        changed_reads: dict[str, list[int]] = {label: [] for label in ids}
        for _ in range(20):
            monitor.poll(db, MANAGER, known)  # warm up
        # Interleaved, so background load on the machine hits both sizes alike.
        for _ in range(args.polls):
            for label, event_id in ids.items():
                one = {event_id: known[event_id]}
                t0 = time.perf_counter()
                assert monitor.poll(db, MANAGER, one) == {}
                idle[label].append(time.perf_counter() - t0)
        free = {label: free_seats(db, e, args.changes) for label, e in ids.items()}
        for i in range(args.changes):
            for label, event_id in ids.items():
                hold = holds.hold_seats(db, MANAGER, event_id, [free[label][i]])
                if i % 2:  # odd changes count rows (SHOW STATUS would skew the timing)
                    _, rows = meter.measure(lambda e=event_id: _advance(db, known, e))
                    changed_reads[label].append(rows)
                else:
                    t0 = time.perf_counter()
                    _advance(db, known, event_id)
                    changed[label].append(time.perf_counter() - t0)
                holds.release_seats(db, MANAGER, hold.hold_id)
                _advance(db, known, event_id)
        rows_out: dict[str, dict[str, float]] = {}
        for label, event_id in ids.items():
            one = {event_id: known[event_id]}
            statements, reads = meter.measure(lambda k=one: monitor.poll(db, MANAGER, k))
            with db.engine.connect() as conn:
                plan = (
                    conn.exec_driver_sql(
                        f"EXPLAIN SELECT id, seat_version FROM event WHERE id IN ({event_id})"
                    )
                    .mappings()
                    .one()
                )
            rows_out[label] = {
                "idle_us": statistics.median(idle[label]) * 1e6,
                "statements": statements,
                "reads": reads,
                "changed_ms": statistics.median(changed[label]) * 1e3,
                "changed_reads": statistics.median(changed_reads[label]),
            }
            r = rows_out[label]
            print(
                f"{label:<8} {SIZES[label]:>7,} seats: idle poll {r['idle_us']:6.0f} µs, "
                f"{statements} SQL statement, {reads} rows read "
                f"(EXPLAIN type={plan['type']} key={plan['key']} rows={plan['rows']}); "
                f"changed poll {r['changed_ms']:.1f} ms, {r['changed_reads']:,.0f} rows read"
            )
        small, big = rows_out["theatre"], rows_out["stadium"]
        print(
            f"\nidle poll, stadium / theatre: time ratio {big['idle_us'] / small['idle_us']:.2f}, "
            f"rows read {big['reads']:.0f} vs {small['reads']:.0f}, "
            f"statements {big['statements']:.0f} vs {small['statements']:.0f}"
        )
        print(
            "changed poll (1 seat held), stadium / theatre: time ratio "
            f"{big['changed_ms'] / small['changed_ms']:.2f}, rows read "
            f"{big['changed_reads']:.0f} vs {small['changed_reads']:.0f}"
        )
    finally:
        db.dispose()
        drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
