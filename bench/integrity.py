"""``boxoffice db check`` on 1,000,000 tickets, against one plain full aggregate, same run.

    uv run python bench/integrity.py [--tickets 1000000] [--events 60] [--repeat 3]

Fills a fresh MariaDB database as ``bench/reports.py`` does (bookings, tickets, payments,
refunds, all INSERT ... SELECT from the sequence engine), then seats every second event: a
layout, one event_seat per ticket (sold to the booking while the ticket is live) and the ticket
pointing at it, so the seat checks and the live-seat index carry half the tickets; the other
events stay general admission with their tiers' counts brought in step. Then it times the whole
check through ``boxoffice.services.integrity.check_database`` and, as the floor, one
hand-written query that reads every ticket once (``SELECT booking_id, SUM(price) ... GROUP BY
booking_id``), interleaved; prints the median of each, the ratio, each check's own time and the
on-disk temporary tables the check made (MariaDB puts them in tmpdir), and that the seeded
database checks clean. Dropped at the end.

Measured (2-core machine shared with other helpers' benchmarks and tests: read the ratio), 1M
tickets, 585,000 of them live on seats: db check 9.7 s median, one full ticket aggregate 1.8 s,
5.3x; by check: the two seat checks 2.7 s (one ticket-to-seat join), booking_money 2.3 s,
ga_tier_counts 1.0 s, event_sold_counts 0.7 s, the rest under 0.4 s; no on-disk temporary
table. Seeding took 79 s + 50 s for the seats; the whole run 2 m 52 s.
Before (GA tickets only, the seat checks nearly free): 29.7 s = 7.5x, booking_money alone 30 s.
Its grouped subqueries over all 400,000 bookings were materialized past tmp_table_size (16 MB)
as two on-disk temporary tables plus a filesort, 1.9M temporary rows in tmpdir (/tmp here, 79
GB free, so it passed; where tmpdir is small it fails with temp-file errors), and the ticket
sums read every ticket row by booking id at random. Now the check reads 20,000 bookings a
chunk from covering indexes (see boxoffice/services/integrity/checks.py).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reports import SERVER, seed

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.services.integrity import check_database
from boxoffice.services.integrity.checks import cards_have_keys, everything_but_keys

FLOOR = "SELECT booking_id, SUM(price) FROM ticket GROUP BY booking_id"
SEATS_PER_ROW = 100


def seat_every_second_event(db: Database) -> None:
    """Turn the even events into seated ones: each of their tickets gets its own event seat."""
    with db.engine.begin() as conn:
        most = conn.exec_driver_sql(
            "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM ticket"
            " WHERE event_id %% 2 = 0 GROUP BY event_id) t"
        ).scalar_one()
        rows = max(1, -(-most // SEATS_PER_ROW))
        steps = [
            "INSERT INTO seat_layout (id, venue_id, name, stage_x, stage_y, stage_w, stage_h)"
            " VALUES (1, 1, 'Bench', 0, -3, 10, 1)",
            "INSERT INTO section (id, layout_id, name, row_count, seats_per_row, origin_x,"
            f" origin_y, rotation, curve, row_labels, numbering) VALUES (1, 1, 'Stalls', {rows},"
            f" {SEATS_PER_ROW}, 0, 0, 0, 0, 'numbers', 'ltr')",
            "INSERT INTO seat (id, layout_id, section_id, row_label, row_index, number, x, y,"
            " `accessible`, restricted_view, blocked)"
            f" SELECT seq, 1, 1, (seq - 1) DIV {SEATS_PER_ROW} + 1, (seq - 1) DIV {SEATS_PER_ROW},"
            f" (seq - 1) MOD {SEATS_PER_ROW} + 1, (seq - 1) MOD {SEATS_PER_ROW},"
            f" (seq - 1) DIV {SEATS_PER_ROW}, 0, 0, 0 FROM seq_1_to_{rows * SEATS_PER_ROW}",
            "UPDATE event SET layout_id = 1, ga_capacity = NULL,"
            f" capacity = {rows * SEATS_PER_ROW} WHERE id % 2 = 0",
            # The event seat takes its ticket's id, so the ticket can point at it in one UPDATE.
            "INSERT INTO event_seat (id, event_id, seat_id, tier_id, status, booking_id, version)"
            " SELECT id, event_id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY id), tier_id,"
            " IF(status = 'valid', 'sold', 'available'), IF(status = 'valid', booking_id, NULL), 0"
            " FROM ticket WHERE event_id % 2 = 0",
            "UPDATE ticket SET event_seat_id = id WHERE event_id % 2 = 0",
            # The reports seed leaves GA counts at zero.
            "UPDATE price_tier pt JOIN (SELECT tier_id, COUNT(*) AS n FROM ticket"
            " WHERE status IN ('valid', 'used') AND event_seat_id IS NULL GROUP BY tier_id) t"
            " ON t.tier_id = pt.id SET pt.ga_sold = t.n",
            "ANALYZE TABLE ticket, event_seat, price_tier",
        ]
        for sql in steps:
            conn.exec_driver_sql(sql.replace("%", "%%"))  # the driver formats with %


def _disk_temporaries(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SHOW SESSION STATUS LIKE 'Created_tmp_disk_tables'").one()[1])


def per_check(db: Database) -> tuple[list[tuple[str, float]], int]:
    """Each check's own time, run one by one in one session as ``db check`` runs them (the two
    seat checks share one query: the first pays for it), and the on-disk temporary tables they
    made between them."""
    times = []
    with db.engine.connect() as conn:
        before = _disk_temporaries(conn)
        session = Session(bind=conn)
        for check in [*everything_but_keys(), cards_have_keys(frozenset())]:
            started = time.perf_counter()
            check(session)
            times.append((check.__name__, time.perf_counter() - started))
        session.close()
        return times, _disk_temporaries(conn) - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    name = f"boxoffice_bench_check_{secrets.token_hex(3)}"
    server = create_engine(SERVER)
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    db = Database(make_url(SERVER).set(database=name).render_as_string(hide_password=False))
    try:
        migrate.upgrade(db.engine)
        t0 = time.perf_counter()
        seed(db, args.tickets, args.events, datetime.now(UTC).replace(microsecond=0))
        t1 = time.perf_counter()
        seat_every_second_event(db)
        print(
            f"seeded {args.tickets:,} tickets in {t1 - t0:.1f} s, seated every second event"
            f" in {time.perf_counter() - t1:.1f} s"
        )
        checks, floors = [], []
        report = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            with db.engine.connect() as conn:
                conn.exec_driver_sql(FLOOR).all()
            floors.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = check_database(db, SYSTEM, frozenset())
            checks.append(time.perf_counter() - t)
        assert report is not None
        check, floor = statistics.median(checks), statistics.median(floors)
        print(f"db check: {check:.2f} s median; one full ticket aggregate: {floor:.2f} s")
        print(f"ratio check / floor: {check / floor:.1f}x ({len(report.ran)} checks)")
        times, on_disk = per_check(db)
        print("each check alone: " + ", ".join(f"{n} {s:.2f} s" for n, s in times))
        print(f"on-disk temporary tables made by the checks: {on_disk}")
        print("\n".join(report.lines()))
        return 0 if report.clean else 1
    finally:
        db.dispose()
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


if __name__ == "__main__":
    sys.exit(main())
