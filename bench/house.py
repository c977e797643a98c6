"""Named holds at scale: placing a hold on a 20,000-seat section of a 100,000-seat event.

    uv run python bench/house.py [--repeat 5]

Creates a fresh MariaDB database (BOXOFFICE_BENCH_MYSQL_URL, default root@127.0.0.1:3306) with a
100,000-seat stadium in five 20,000-seat sections, 10 % of seats sold. Then, interleaved so
background load hits both alike:

- the service: ``house.place_hold(..., section_id=...)`` — one transaction: the conditional
  UPDATE that marks the free seats, the restamp of exactly those seats with the event's next
  seat_version, the event row bump and an audit row;
- the raw floor: the same conditional UPDATE of the same rows, alone, in one transaction;

each followed by a release (not timed). Prints medians and the ratio. Then the seat-map redraw
after a placement, offscreen at 1600×1000: fetching the changes since the version a desk had
(``catalog.seat_changes``), applying them to a SeatMapView showing the whole stadium, and the
repaint of the full view. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from scratch import scratch_database
from sqlalchemy import text

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import make_engine
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.services.events import house
from boxoffice.services.sales import catalog

MANAGER = Actor(user_id=1, username="manager", role=Role.MANAGER, desk="bench")
SECTIONS, PER_SECTION, PER_ROW = 5, 20_000, 200
EVENT = 1


def seed(db: Database, now: datetime) -> None:
    """Venue, layout, five sections, 100,000 seats and one on-sale event, all in SQL."""
    at = now.replace(tzinfo=None).isoformat(sep=" ")
    rows = PER_SECTION // PER_ROW
    with db.engine.begin() as conn:
        run = conn.exec_driver_sql
        run(
            "INSERT INTO staff_user (id, username, full_name, role, password_hash, active, "
            f"failed_logins, created_at) VALUES (1, 'manager', 'M', 'manager', 'x', 1, 0, '{at}')"
        )
        run("INSERT INTO venue (id, name, address) VALUES (1, 'Stadium', '')")
        run(
            "INSERT INTO seat_layout (id, venue_id, name, stage_x, stage_y, stage_w, stage_h) "
            "VALUES (1, 1, 'Standard', 0, -4, 10, 2)"
        )
        for s in range(1, SECTIONS + 1):
            run(
                "INSERT INTO section (id, layout_id, name, row_count, seats_per_row, origin_x, "
                "origin_y, rotation, curve, row_labels, numbering) VALUES "
                f"({s}, 1, 'Block {s}', {rows}, {PER_ROW}, 0, 0, 0, 0, 'numbers', 'ltr')"
            )
            run(
                "INSERT INTO seat (layout_id, section_id, row_label, row_index, number, x, y, "
                "`accessible`, restricted_view, blocked) "
                f"SELECT 1, {s}, CAST((seq - 1) DIV {PER_ROW} + 1 AS CHAR), "
                f"(seq - 1) DIV {PER_ROW}, (seq - 1) MOD {PER_ROW} + 1, "
                f"(seq - 1) MOD {PER_ROW} + {(s - 1) * (PER_ROW + 4)}, (seq - 1) DIV {PER_ROW}, "
                f"0, 0, 0 FROM seq_1_to_{PER_SECTION}"
            )
        seats = SECTIONS * PER_SECTION
        run(
            "INSERT INTO event (id, title, description, venue_id, layout_id, starts_at, "
            "ends_at, sales_open_at, sales_close_at, status, ga_capacity, min_price, "
            "max_price, capacity, sold_count, seat_version, created_at, updated_at) VALUES "
            f"({EVENT}, 'Stadium', '', 1, 1, '{at}' + INTERVAL 30 DAY, "
            f"'{at}' + INTERVAL 30 DAY + INTERVAL 3 HOUR, '{at}' - INTERVAL 1 DAY, "
            f"'{at}' + INTERVAL 30 DAY, 'scheduled', NULL, 50, 50, {seats}, {seats // 10}, "
            f"7, '{at}', '{at}')"
        )
        run(
            "INSERT INTO price_tier (id, event_id, name, price, colour, sort_order, "
            f"ga_capacity, ga_sold) VALUES (1, {EVENT}, 'Standard', 50, '#4e79a7', 0, 0, 0)"
        )
        # Sold seats name a booking (a CHECK): one booking row stands for all of them.
        run(
            "INSERT INTO booking (id, reference, event_id, clerk_id, desk, status, total, "
            f"idempotency_key, created_at, updated_at) VALUES (1, 'BENCH1', {EVENT}, 1, 'bench', "
            f"'confirmed', 0, 'bench-1', '{at}', '{at}')"
        )
        run(
            "INSERT INTO event_seat (event_id, seat_id, tier_id, status, hold_id, "
            "hold_expires_at, booking_id, version) "
            f"SELECT {EVENT}, id, 1, IF(id MOD 10 = 0, 'sold', 'available'), NULL, NULL, "
            "IF(id MOD 10 = 0, 1, NULL), IF(id MOD 10 = 0, 1 + id MOD 7, 0) FROM seat"
        )
        run("ANALYZE TABLE event, event_seat, seat")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def raw_place(db: Database, placement: int, section: int) -> int:
    """The floor: the same conditional UPDATE of the same rows, nothing else."""
    with db.engine.begin() as conn:
        result = conn.exec_driver_sql(
            "UPDATE event_seat SET house_hold_id = %s, house_until = NULL "
            f"WHERE event_id = {EVENT} AND seat_id IN (SELECT id FROM seat WHERE section_id = %s) "
            "AND (status = 'available' "
            "OR (status = 'held' AND hold_expires_at <= UTC_TIMESTAMP(6))) "
            "AND (house_hold_id IS NULL OR house_hold_id <> %s)",
            (placement, section, placement),
        )
        return int(result.rowcount)


def raw_clear(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE event_seat SET house_hold_id = NULL, house_until = NULL "
            f"WHERE event_id = {EVENT} AND house_hold_id IS NOT NULL"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    url, drop_database = scratch_database("house")
    db = Database(engine=make_engine(url, pool_size=2, max_overflow=0))
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        migrate.upgrade(db.engine)
        t0 = time.perf_counter()
        seed(db, datetime.now(UTC))
        print(f"seeded 100,000 seats in {time.perf_counter() - t0:.1f} s")
        house_type = next(t for t in house.list_hold_types(db, MANAGER) if t.name == "House")
        section = 3
        first = house.place_hold(db, MANAGER, EVENT, house_type.id, section_id=section)
        placement = int(db.run(lambda s: s.execute(text("SELECT id FROM house_hold")).scalar_one()))
        house.release_hold(db, MANAGER, EVENT, house_type.id, section_id=section)
        service: list[float] = []
        raw: list[float] = []
        counts: set[int] = {first.changed}
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            done = house.place_hold(db, MANAGER, EVENT, house_type.id, section_id=section)
            service.append(time.perf_counter() - t0)
            counts.add(done.changed)
            house.release_hold(db, MANAGER, EVENT, house_type.id, section_id=section)
            raw.append(timed(lambda: counts.add(raw_place(db, placement, section))))
            raw_clear(db)
        assert len(counts) == 1, f"service and raw UPDATE placed different counts: {counts}"
        s_ms, r_ms = statistics.median(service) * 1e3, statistics.median(raw) * 1e3
        print(
            f"place a hold on a {PER_SECTION:,}-seat section ({counts.pop():,} free seats) of a "
            f"{SECTIONS * PER_SECTION:,}-seat event, median of {args.repeat}:\n"
            f"  service, one transaction   {s_ms:8.1f} ms\n"
            f"  raw conditional UPDATE     {r_ms:8.1f} ms\n"
            f"  ratio service / raw        {s_ms / r_ms:8.2f}"
        )
        # The redraw after it: a desk showing the whole stadium gets the change and repaints.
        view = SeatMapView()
        view.resize(1600, 1000)
        view.show()
        fetch_map = timed(lambda: view.set_map(catalog.seat_map(db, MANAGER, EVENT)))
        view.fit()
        app.processEvents()
        view.viewport().grab()
        before = view.version
        placed = house.place_hold(db, MANAGER, EVENT, house_type.id, section_id=section)
        got: list[object] = []
        fetch = timed(lambda: got.append(catalog.seat_changes(db, MANAGER, EVENT, before)))
        changes = got[0]
        assert hasattr(changes, "states") and len(changes.states) == placed.changed
        apply = timed(lambda: view.apply_changes(changes))  # type: ignore[arg-type]
        paint = timed(lambda: view.viewport().grab())
        print(
            f"seat map after it (1600×1000, whole stadium in view; first full map load "
            f"{fetch_map * 1e3:.0f} ms):\n"
            f"  fetch {placed.changed:,} changed seats   {fetch * 1e3:8.1f} ms\n"
            f"  apply to the view          {apply * 1e3:8.1f} ms\n"
            f"  repaint the full view      {paint * 1e3:8.1f} ms\n"
            f"  redraw total               {(fetch + apply + paint) * 1e3:8.1f} ms"
        )
        view.close()
    finally:
        db.dispose()
        drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
