"""``boxoffice db check`` on 1,000,000 tickets, against one plain full aggregate, same run.

    uv run python bench/integrity.py [--tickets 1000000] [--events 60] [--repeat 3]

Fills a fresh MariaDB database as ``bench/reports.py`` does (bookings, tickets, payments,
refunds, all INSERT ... SELECT from the sequence engine) with every second event seated: a
layout, one event_seat per ticket (sold to the booking while the ticket is live) and the ticket
pointing at it, so the seat checks and the live-seat index carry half the tickets; the other
events stay general admission, their tiers' counts brought in step. Then it times the whole
check through ``boxoffice.services.integrity.check_database`` and, as the floor, one
hand-written query that reads every ticket once (``SELECT booking_id, SUM(price) ... GROUP BY
booking_id``), interleaved; prints the median of each, the ratio, each check's own time and the
on-disk temporary tables the check made (MariaDB puts them in tmpdir), and that the seeded
database checks clean. Dropped at the end.

Measured (2-core machine shared with other helpers' benchmarks and tests: read the ratio), 1M
tickets, 585,366 of them live on seats, two runs: db check 9.7 s and 13.2 s median, one full
ticket aggregate 1.8 s and 2.5 s: 5.3x and 5.2x; by check (first run): the two seat checks
2.7 s (one ticket-to-seat join), booking_money 2.3 s, ga_tier_counts 1.0 s, event_sold_counts
0.7 s, the rest under 0.4 s; no on-disk temporary table. Seeding 114 s, the whole run 3 min.
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


def bring_ga_counts_in_step(db: Database) -> None:
    """The reports seed leaves general-admission tiers' counts at zero."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE price_tier pt JOIN (SELECT tier_id, COUNT(*) AS n FROM ticket"
            " WHERE status IN ('valid', 'used') AND event_seat_id IS NULL GROUP BY tier_id) t"
            " ON t.tier_id = pt.id SET pt.ga_sold = t.n"
        )


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
        seed(db, args.tickets, args.events, datetime.now(UTC).replace(microsecond=0), True)
        bring_ga_counts_in_step(db)
        with db.engine.connect() as conn:
            on_seats = conn.exec_driver_sql(
                "SELECT COUNT(*) FROM ticket WHERE live_seat_id IS NOT NULL"
            ).scalar_one()
        print(
            f"seeded {args.tickets:,} tickets (every second event seated) in"
            f" {time.perf_counter() - t0:.1f} s; {on_seats:,} live on seats"
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
