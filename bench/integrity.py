"""``boxoffice db check`` on 1,000,000 tickets, against one plain full aggregate, same run.

    uv run python bench/integrity.py [--tickets 1000000] [--events 60] [--repeat 3]

Fills a fresh MariaDB database exactly as ``bench/reports.py`` does (bookings, tickets, payments,
refunds; GA tiers brought in step with their tickets), then times the whole check through
``boxoffice.services.integrity.check_database`` and, as the floor, one hand-written query that
reads every ticket once (``SELECT booking_id, SUM(price) ... GROUP BY booking_id``). Prints the
median of each and the ratio, and that the seeded database checks clean. Dropped at the end.
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
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reports import SERVER, seed

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.services.integrity import check_database

FLOOR = "SELECT booking_id, SUM(price) FROM ticket GROUP BY booking_id"


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
        with db.engine.begin() as conn:  # the reports seed leaves GA counts at zero
            conn.exec_driver_sql(
                "UPDATE price_tier pt JOIN (SELECT tier_id, COUNT(*) AS n FROM ticket"
                " WHERE status IN ('valid', 'used') GROUP BY tier_id) t ON t.tier_id = pt.id"
                " SET pt.ga_sold = t.n"
            )
        print(f"seeded {args.tickets:,} tickets in {time.perf_counter() - t0:.1f} s")
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
        print("\n".join(report.lines()))
        return 0 if report.clean else 1
    finally:
        db.dispose()
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


if __name__ == "__main__":
    sys.exit(main())
