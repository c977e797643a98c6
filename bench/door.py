"""Door stations: offline against online verification and scanning, and the per-event download.

    uv run python bench/door.py [--tickets 50000] [--scans 1000]

Creates a fresh MariaDB database (BOXOFFICE_BENCH_MYSQL_URL, default root@127.0.0.1:3306) with one
seated event of ``--tickets`` sold tickets (two per booking), then, in the same run:

- download: the door list of the event (``services.door.snapshot.download``): wall time, bytes the
  server sent for it (the pinned connection's ``Bytes_sent``), and the time to store it in the
  station's SQLite file and the file's size;
- verify: ``checkin.verify_code`` (signature, then the database) against the offline verdict
  (signature, then the station's file), on the same codes;
- scan: a door station admitting tickets online (one transaction each: conditional UPDATE, scan
  row, audit row, attendance) against the same station admitting other tickets offline (the
  database unreachable: each scan is written to the station's file with synchronous=FULL);
- sync: uploading the offline scans once the database is back.

Prints rates and the offline/online ratios. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scratch import scratch_database
from sqlalchemy import insert

from boxoffice import keyring
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import make_engine
from boxoffice.db.models import Event, PriceTier, SeatLayout, Section, StaffUser, Venue
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role
from boxoffice.services.door import offline_verdict, snapshot
from boxoffice.services.door.station import DoorStation
from boxoffice.services.door.station_store import StationStore
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.codes import decode, ticket_code

UNREACHABLE = "mysql+pymysql://root@127.0.0.1:1/boxoffice"
DOOR = Actor(user_id=1, username="door", role=Role.CLERK, desk="bench-door")
PER_ROW = 500


def seed(db: Database, tickets: int, now: datetime) -> int:
    """One seated event with *tickets* sold seats; returns its id."""
    with db.engine.begin() as conn:
        conn.execute(
            insert(StaffUser).values(
                id=1, username="door", role="clerk", password_hash="x", created_at=now
            )
        )
        conn.execute(insert(Venue).values(id=1, name="Arena"))
        conn.execute(insert(SeatLayout).values(id=1, venue_id=1, name="Standard"))
        conn.execute(
            insert(Section).values(
                id=1, layout_id=1, name="Floor", row_count=tickets // PER_ROW + 1,
                seats_per_row=PER_ROW, row_labels="numbers",
            )
        )  # fmt: skip
        conn.execute(
            insert(Event).values(
                id=1, title="Big night", venue_id=1, layout_id=1,
                starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=5),
                sales_open_at=now - timedelta(days=30), sales_close_at=now + timedelta(hours=2),
                capacity=tickets, sold_count=tickets, created_at=now, updated_at=now,
            )
        )  # fmt: skip
        conn.execute(
            insert(PriceTier).values(
                id=1, event_id=1, name="Standard", price=50, colour="#4e79a7", sort_order=0,
                ga_capacity=0, ga_sold=0,
            )
        )  # fmt: skip
        at = now.replace(tzinfo=None).isoformat(sep=" ")
        run = conn.exec_driver_sql
        run(
            "INSERT INTO seat (layout_id, section_id, row_label, row_index, number, x, y, "
            "`accessible`, restricted_view, blocked) "
            f"SELECT 1, 1, CAST((seq - 1) DIV {PER_ROW} + 1 AS CHAR), (seq - 1) DIV {PER_ROW}, "
            f"(seq - 1) MOD {PER_ROW} + 1, (seq - 1) MOD {PER_ROW}, (seq - 1) DIV {PER_ROW}, "
            f"0, 0, 0 FROM seq_1_to_{tickets}"
        )
        run(
            "INSERT INTO booking (id, reference, event_id, customer_id, clerk_id, desk, status, "
            "total, idempotency_key, created_at, updated_at) "
            "SELECT seq, CONCAT('B', LPAD(seq, 9, '0')), 1, NULL, 1, 'bench', 'confirmed', "
            f"100, CONCAT('bench-', seq), '{at}', '{at}' FROM seq_1_to_{(tickets + 1) // 2}"
        )
        run(
            "INSERT INTO event_seat (id, event_id, seat_id, tier_id, status, hold_id, "
            "hold_expires_at, booking_id, version) "
            "SELECT id, 1, id, 1, 'sold', NULL, NULL, (id + 1) DIV 2, 1 FROM seat"
        )
        run(
            "INSERT INTO ticket (id, booking_id, event_id, event_seat_id, tier_id, price, status, "
            "code_generation, issued_at) "
            f"SELECT id, (id + 1) DIV 2, 1, id, 1, 50, 'valid', 1, '{at}' FROM event_seat"
        )
        run("ANALYZE TABLE ticket, booking, event_seat, seat")
    return 1


def bytes_sent(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SHOW SESSION STATUS LIKE 'Bytes_sent'").one()[1])


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--scans", type=int, default=1000)
    args = parser.parse_args(argv)
    if args.tickets < 4 * args.scans:
        parser.error("--tickets must be at least 4 x --scans")
    url, drop_database = scratch_database("door")
    # One pooled connection, so the session's Bytes_sent is the download's.
    db = Database(engine=make_engine(url, pool_size=1, max_overflow=0))
    down = Database(UNREACHABLE)
    tmp = Path(tempfile.mkdtemp(prefix="bench-door-"))
    keyfile = tmp / "keys.json"
    os.environ["BOXOFFICE_KEY_FILE"] = str(keyfile)
    try:
        migrate.upgrade(db.engine)
        t0 = time.perf_counter()
        event_id = seed(db, args.tickets, datetime.now(UTC))
        print(f"seeded {args.tickets:,} tickets in {time.perf_counter() - t0:.1f} s")
        keys = keyring.load("ticket")
        codes = [ticket_code(i, event_id, i, 1, keys) for i in range(1, args.tickets + 1)]

        # -- download -------------------------------------------------------------------
        times, sizes = [], []
        snap = None
        for _ in range(3):
            before = bytes_sent(db)
            t0 = time.perf_counter()
            snap = snapshot.download(db, DOOR, event_id)
            times.append(time.perf_counter() - t0)
            sizes.append(bytes_sent(db) - before)
        assert snap is not None and len(snap.tickets) == args.tickets
        store = StationStore(tmp / "station.sqlite3")
        t0 = time.perf_counter()
        store.replace_snapshot(snap)
        store_s = time.perf_counter() - t0
        file_size = sum(p.stat().st_size for p in tmp.glob("station.sqlite3*"))  # + WAL

        # -- verify (no admission) --------------------------------------------------------
        sample = codes[: args.scans]
        t0 = time.perf_counter()
        for code in sample:
            assert checkin.verify_code(db, DOOR, code, event_id).ok
        online_verify = time.perf_counter() - t0
        event = store.event(event_id)
        assert event is not None
        t0 = time.perf_counter()
        for code in sample:
            claim = decode(code, keys)
            verdict = offline_verdict.judge(
                claim, event, store.ticket(claim.ticket_id), store.last_direction(claim.ticket_id)
            )
            assert verdict.ok
        offline_verify = time.perf_counter() - t0

        # -- scan (admit, record) ---------------------------------------------------------
        station = DoorStation(
            db, DOOR, store, station="bench-1", gate="Main", event_id=event_id, keys=keys,
            retry_every=timedelta(days=1), refresh_every=timedelta(days=1),
        )  # fmt: skip
        online_codes = codes[args.scans : 2 * args.scans]
        offline_codes = codes[2 * args.scans : 3 * args.scans]
        t0 = time.perf_counter()
        for code in online_codes:
            assert station.scan(code).result.outcome.value == "admitted"
        online_scan = time.perf_counter() - t0
        station.db = down
        assert station.scan(codes[-1]).offline  # goes offline (one refused connection)
        t0 = time.perf_counter()
        for code in offline_codes:
            result = station.scan(code)
            assert result.offline and result.result.outcome.value == "admitted"
        offline_scan = time.perf_counter() - t0

        # -- sync -------------------------------------------------------------------------
        station.db = db
        pending = station.pending()
        t0 = time.perf_counter()
        summary = station.sync()
        sync_s = time.perf_counter() - t0
        assert summary.uploaded == pending and not summary.conflicts

        n = args.scans
        print(f"\ndoor list of {args.tickets:,} tickets (median of 3 downloads):")
        print(f"  download      {statistics.median(times):8.2f} s   "
              f"{statistics.median(sizes) / 1e6:6.2f} MB sent by the server "
              f"({statistics.median(sizes) / args.tickets:.0f} B/ticket)")  # fmt: skip
        print(f"  store locally {store_s:8.2f} s   {file_size / 1e6:6.2f} MB station file")
        print(f"\n{n} codes each:")
        ov, fv = rate(n, online_verify), rate(n, offline_verify)
        os_, fs = rate(n, online_scan), rate(n, offline_scan)
        print(f"  verify  online {ov:7.0f}/s  offline {fv:7.0f}/s  offline/online {fv / ov:.1f}x")
        print(f"  scan    online {os_:7.0f}/s  offline {fs:7.0f}/s  offline/online {fs / os_:.1f}x")
        per_s = rate(pending, sync_s)
        print(f"  sync of {pending} offline scans: {sync_s:.2f} s ({per_s:.0f} scans/s)")
        return 0
    finally:
        db.dispose()
        down.dispose()
        drop_database()


if __name__ == "__main__":
    sys.exit(main())
