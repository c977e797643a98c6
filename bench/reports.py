"""Reports on 1,000,000 (or 10,000,000) tickets: the report service against the plain SQL
aggregate, and the report read from per-day summaries against it, same run.

    uv run python bench/reports.py [--tickets 1000000|10000000] [--events 60] [--repeat 7]

Creates a fresh MariaDB database (BOXOFFICE_BENCH_MYSQL_URL, default root@127.0.0.1:3306),
fills it with INSERT ... SELECT from MariaDB's sequence engine (bookings over the past year,
2–3 tickets each, ~7 % cancelled, one payment per booking, refunds for cancellations), then
times each report through ``boxoffice.services.reports.sales*`` and as hand-written SQL run on a raw
PyMySQL connection (the floor: the same GROUP BY queries without the service around them).
Prints per report: median service time, median plain time, ratio, and the index MariaDB used
(the service reading every day live, ``summaries=False``). Then the closed days are summarised
(``boxoffice reports summarise``, timed) and the summary-backed reports (closed days from the
summaries, today live) are timed against the same plain SQL, checked equal to the live report.
The database is dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports import shift as reports_shift
from boxoffice.services.reports import summaries
from boxoffice.services.reports.period import Period, preset

SERVER = os.environ.get("BOXOFFICE_BENCH_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306")
MANAGER = Actor(user_id=3, username="manager", role=Role.MANAGER, desk="bench")
TIERS = (("Premium", "95.00"), ("Standard", "65.00"), ("Restricted", "40.00"), ("Balcony", "25.50"))


SEATS_PER_ROW = 100


def _seat_steps(tickets: int, events: int) -> list[str]:
    """A layout for the even events and one event seat per ticket of theirs, its id the
    ticket's sequence number (so the ticket insert can point at it), sold while it is live."""
    seats = -(-tickets * 5 // (events * 4)) + SEATS_PER_ROW  # 1.25x the mean per event
    rows = -(-seats // SEATS_PER_ROW)
    return [
        "INSERT INTO seat_layout (id, venue_id, name, stage_x, stage_y, stage_w, stage_h)"
        " VALUES (1, 1, 'Bench', 0, -3, 10, 1)",
        "INSERT INTO section (id, layout_id, name, row_count, seats_per_row, origin_x, origin_y,"
        f" rotation, curve, row_labels, numbering) VALUES (1, 1, 'Stalls', {rows},"
        f" {SEATS_PER_ROW}, 0, 0, 0, 0, 'numbers', 'ltr')",
        "INSERT INTO seat (id, layout_id, section_id, row_label, row_index, number, x, y,"
        " `accessible`, restricted_view, blocked)"
        f" SELECT seq, 1, 1, (seq - 1) DIV {SEATS_PER_ROW} + 1, (seq - 1) DIV {SEATS_PER_ROW},"
        f" (seq - 1) MOD {SEATS_PER_ROW} + 1, (seq - 1) MOD {SEATS_PER_ROW},"
        f" (seq - 1) DIV {SEATS_PER_ROW}, 0, 0, 0 FROM seq_1_to_{rows * SEATS_PER_ROW}",
        f"UPDATE event SET layout_id = 1, ga_capacity = NULL, capacity = {rows * SEATS_PER_ROW}"
        " WHERE id % 2 = 0",
        f"""INSERT INTO event_seat (id, event_id, seat_id, tier_id, status, booking_id, version)
        SELECT s.seq, b.event_id, ROW_NUMBER() OVER (PARTITION BY b.event_id ORDER BY s.seq),
            pt.id, IF({_CANCELLED}, 'available', 'sold'), IF({_CANCELLED}, NULL, b.id), 0
        FROM seq_1_to_{tickets} s
        JOIN booking b ON b.id = FLOOR((s.seq - 1) * 2 / 5) + 1
        JOIN price_tier pt ON pt.event_id = b.event_id AND pt.sort_order = s.seq % 4
        WHERE b.event_id % 2 = 0""",
    ]


_CANCELLED = "b.status = 'cancelled' OR s.seq % 41 = 0"  # ticket number s.seq of booking b


def seed(db: Database, tickets: int, events: int, now: datetime, seated: bool = False) -> None:
    """Bulk-load staff, events, tiers, bookings, tickets, payments and refunds in SQL.
    *seated*: every even event gets a seat layout and each of its tickets a seat."""
    bookings = tickets * 2 // 5  # 2 or 3 tickets per booking
    year = 365 * 24 * 3600
    nowsql = now.replace(tzinfo=None).isoformat(sep=" ")
    steps = [
        "INSERT INTO staff_user (id, username, full_name, role, password_hash, active, "
        "failed_logins, created_at) VALUES "
        + ",".join(
            f"({i}, '{u}', '{u.title()}', '{r}', 'x', 1, 0, '{nowsql}')"
            for i, (u, r) in enumerate(
                [
                    ("clerk", "clerk"),
                    ("clerk2", "clerk"),
                    ("manager", "manager"),
                    ("admin", "admin"),
                ],
                start=1,
            )
        ),
        "INSERT INTO venue (id, name, address) VALUES (1, 'Bench Hall', '')",
        # Events spread from ten months ago to two months ahead.
        f"""INSERT INTO event (id, title, description, venue_id, starts_at, ends_at, sales_open_at,
            sales_close_at, status, ga_capacity, min_price, max_price, capacity, sold_count,
            seat_version, created_at, updated_at)
        SELECT seq, CONCAT('Event ', seq), '', 1,
            TIMESTAMP '{nowsql}' + INTERVAL (CAST(seq AS SIGNED) * 6 - 300) DAY,
            TIMESTAMP '{nowsql}' + INTERVAL (CAST(seq AS SIGNED) * 6 - 300) DAY + INTERVAL 3 HOUR,
            TIMESTAMP '{nowsql}' - INTERVAL 400 DAY, TIMESTAMP '{nowsql}' + INTERVAL 400 DAY,
            'scheduled', 30000, 25.50, 95.00, 30000, 0, 0,
            TIMESTAMP '{nowsql}', TIMESTAMP '{nowsql}'
        FROM seq_1_to_{events}""",
        "INSERT INTO price_tier (event_id, name, price, colour, sort_order, ga_capacity, ga_sold) "
        + " UNION ALL ".join(
            f"SELECT seq, '{name}', {price}, '#4e79a7', {order}, 7500, 0 FROM seq_1_to_{events}"
            for order, (name, price) in enumerate(TIERS)
        ),
        f"""INSERT INTO booking (id, reference, event_id, customer_id, clerk_id, desk, status,
            total, idempotency_key, created_at, updated_at)
        SELECT seq, CONCAT('B', seq), 1 + (seq * 31) % {events}, NULL, 1 + seq % 4, 'bench',
            IF(seq % 20 = 0, 'cancelled', 'confirmed'), 0, CONCAT('k', seq),
            TIMESTAMP '{nowsql}' - INTERVAL ((seq * 7919) % {year}) SECOND,
            TIMESTAMP '{nowsql}' - INTERVAL ((seq * 7919) % {year}) SECOND
        FROM seq_1_to_{bookings}""",
    ]
    if seated:
        steps += _seat_steps(tickets, events)
    seat = "IF(b.event_id % 2 = 0, s.seq, NULL)" if seated else "NULL"
    # Not ``SET unique_checks = 0, foreign_key_checks = 0`` to load faster: on MariaDB 10.11
    # that turns an insert into the empty ticket table into a bulk load, and the first chunk
    # below then ran over 3 minutes without a row in (the whole seed takes 80 s without it).
    chunk = 200_000
    for first in range(1, tickets + 1, chunk):
        last = min(tickets, first + chunk - 1)
        steps.append(
            f"""INSERT INTO ticket (booking_id, event_id, event_seat_id, tier_id, price, status,
                code_generation, issued_at, cancelled_at, checked_in_at, checked_in_by)
            SELECT b.id, b.event_id, {seat}, pt.id, pt.price,
                IF({_CANCELLED}, 'cancelled', 'valid'), 1,
                b.created_at,
                IF({_CANCELLED},
                   LEAST(b.created_at + INTERVAL 1 DAY, TIMESTAMP '{nowsql}'), NULL),
                NULL, NULL
            FROM seq_{first}_to_{last} s
            JOIN booking b ON b.id = FLOOR((s.seq - 1) * 2 / 5) + 1
            JOIN price_tier pt ON pt.event_id = b.event_id AND pt.sort_order = s.seq % 4"""
        )
    steps += [
        """UPDATE booking b JOIN (SELECT booking_id, SUM(price) AS total FROM ticket
            GROUP BY booking_id) t ON t.booking_id = b.id SET b.total = t.total""",
        """INSERT INTO payment (booking_id, method, amount, tendered, change_due, card_brand,
            card_last4, gateway_ref, clerk_id, created_at)
        SELECT id, ELT(1 + id % 3, 'cash', 'card', 'saved_card'), total,
            IF(id % 3 = 0, CEILING(total / 20) * 20, NULL),
            IF(id % 3 = 0, CEILING(total / 20) * 20 - total, NULL),
            IF(id % 3 = 0, '', 'visa'), IF(id % 3 = 0, '', '4242'), '', clerk_id, created_at
        FROM booking""",
        """INSERT INTO refund (booking_id, payment_id, ticket_id, method, amount, reason,
            gateway_ref, clerk_id, created_at)
        SELECT t.booking_id, p.id, NULL, p.method, SUM(t.price), 'bench', '', p.clerk_id,
            MAX(t.cancelled_at)
        FROM ticket t JOIN payment p ON p.booking_id = t.booking_id
        WHERE t.status = 'cancelled' GROUP BY t.booking_id, p.id, p.method, p.clerk_id""",
        """UPDATE event e JOIN (SELECT event_id, COUNT(*) AS n FROM ticket
            WHERE status = 'valid' GROUP BY event_id) t ON t.event_id = e.id
            SET e.sold_count = t.n""",
        "ANALYZE TABLE ticket, booking, payment, refund, event, event_seat",
    ]
    with db.engine.begin() as conn:
        for sql in steps:
            conn.exec_driver_sql(sql.replace("%", "%%"))  # the driver formats with %


class Plain:
    """The floor: the same aggregate SQL on a raw PyMySQL connection, no service around it."""

    def __init__(self, db: Database) -> None:
        self.conn: Any = db.engine.raw_connection()

    def run(self, queries: list[tuple[str, tuple[Any, ...]]]) -> int:
        cur = self.conn.cursor()
        rows = 0
        for sql, params in queries:
            cur.execute(sql, params)
            rows += len(cur.fetchall())
        self.conn.commit()
        cur.close()
        return rows

    def explain(self, sql: str, params: tuple[Any, ...]) -> str:
        cur = self.conn.cursor()
        cur.execute("EXPLAIN " + sql, params)
        keys = sorted({str(row[5]) for row in cur.fetchall() if row[5]})
        self.conn.commit()
        cur.close()
        return ",".join(keys) or "(scan)"


def naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def sales_sql(period: Period, event_id: int | None) -> list[tuple[str, tuple[Any, ...]]]:
    """What the sales report asks: per day (sold, cancelled), per tier (both), per method."""
    off = period.utc_offset_minutes
    span = (naive(period.start), naive(period.end))
    where_event = " AND event_id = %s" if event_id else ""
    ev: tuple[Any, ...] = (event_id,) if event_id else ()
    out: list[tuple[str, tuple[Any, ...]]] = []
    for col in ("issued_at", "cancelled_at"):
        out.append(
            (
                f"SELECT DATE(DATE_ADD({col}, INTERVAL {off} MINUTE)) AS d, COUNT(*), SUM(price) "
                f"FROM ticket WHERE {col} >= %s AND {col} < %s{where_event} GROUP BY d",
                span + ev,
            )
        )
    for col in ("issued_at", "cancelled_at"):
        out.append(
            (
                "SELECT pt.name, MIN(pt.colour), MIN(pt.sort_order), SUM(x.n), SUM(x.amount) "
                "FROM price_tier pt JOIN (SELECT tier_id, COUNT(*) AS n, SUM(price) AS amount "
                f"FROM ticket WHERE {col} >= %s AND {col} < %s{where_event} GROUP BY tier_id) x "
                "ON x.tier_id = pt.id GROUP BY pt.name",
                span + ev,
            )
        )
    for table in ("payment", "refund"):
        if event_id:
            sql = (
                f"SELECT t.method, COUNT(*), SUM(t.amount) FROM {table} t JOIN booking b "
                "ON b.id = t.booking_id WHERE t.created_at >= %s AND t.created_at < %s "
                "AND b.event_id = %s GROUP BY t.method"
            )
        else:
            sql = (
                f"SELECT method, COUNT(*), SUM(amount) FROM {table} "
                "WHERE created_at >= %s AND created_at < %s GROUP BY method"
            )
        out.append((sql, span + ev))
    return out


def stats_sql(event_ids: list[int]) -> list[tuple[str, tuple[Any, ...]]]:
    marks = ",".join(["%s"] * len(event_ids))
    return [
        (
            "SELECT e.id, e.title, v.name, e.starts_at, e.status, e.capacity FROM event e "
            "JOIN venue v ON v.id = e.venue_id ORDER BY e.starts_at DESC, e.id LIMIT 500",
            (),
        ),
        (
            f"SELECT event_id, COUNT(*), SUM(price) FROM ticket WHERE event_id IN ({marks}) "
            "AND status IN ('valid', 'used') GROUP BY event_id",
            tuple(event_ids),
        ),
    ]


def shift_sql(start: datetime, end: datetime) -> list[tuple[str, tuple[Any, ...]]]:
    span = (naive(start), naive(end))
    return [
        (
            "SELECT clerk_id, method, COUNT(*), SUM(amount), SUM(COALESCE(tendered, amount)), "
            "SUM(COALESCE(change_due, 0)) FROM payment WHERE created_at >= %s AND created_at < %s "
            "GROUP BY clerk_id, method",
            span,
        ),
        (
            "SELECT clerk_id, method, COUNT(*), SUM(amount) FROM refund "
            "WHERE created_at >= %s AND created_at < %s GROUP BY clerk_id, method",
            span,
        ),
        (
            "SELECT clerk_id, COUNT(*) FROM booking WHERE created_at >= %s AND created_at < %s "
            "GROUP BY clerk_id",
            span,
        ),
        (
            "SELECT b.clerk_id, COUNT(*) FROM ticket t JOIN booking b ON b.id = t.booking_id "
            "WHERE t.issued_at >= %s AND t.issued_at < %s GROUP BY b.clerk_id",
            span,
        ),
        ("SELECT id, username, full_name FROM staff_user", ()),
    ]


def paired_medians(
    service: Callable[[], Any], plain: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """Median times of both, run alternately so background load hits them alike."""
    service()  # warm the buffer pool and statement caches
    plain()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for bucket, fn in zip(times, (service, plain), strict=True):
            t0 = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - t0)
    return statistics.median(times[0]), statistics.median(times[1])


SalesCase = tuple[str, Period, int | None, list[tuple[str, tuple[Any, ...]]]]


def summary_cases(
    db: Database, plain: Plain, cases: list[SalesCase], now: datetime, repeat: int
) -> list[float]:
    """Summarise the closed days, then time the summary-backed sales reports vs plain SQL;
    returns how many times faster each was."""
    t0 = time.perf_counter()
    done = summaries.summarise(db, MANAGER, [0, 60], days=366, now=now)
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT COUNT(*) FROM report_ticket_day").scalar_one()
    print(
        f"\nsummarised {sum(r.summarised for r in done)} closed days at UTC and UTC+1 in "
        f"{time.perf_counter() - t0:.1f} s ({rows:,} ticket summary rows)"
    )
    plain = Plain(db)  # a fresh connection: the old one may have timed out meanwhile
    print(f"\n{'from summaries':<24}{'service ms':>12}{'plain ms':>10}{'faster':>8}  equal")
    speedups = []
    for label, period, event, queries in cases:

        def summed(p: Period = period, e: int | None = event) -> Any:
            return reports.sales_report(db, MANAGER, p, e, now=now)

        equal = summed() == reports.sales_report(db, MANAGER, period, event, summaries=False)
        s, p = paired_medians(summed, lambda q=queries: plain.run(q), repeat)
        speedups.append(p / s)
        print(f"{label:<24}{s * 1000:>12.1f}{p * 1000:>10.1f}{p / s:>7.1f}x  {equal}")
    plain.conn.close()
    return speedups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--only-summaries",
        action="store_true",
        help="skip the live service-vs-plain table (its 1-year rows take minutes at 10M)",
    )
    args = parser.parse_args(argv)

    name = f"boxoffice_bench_reports_{secrets.token_hex(3)}"
    server = create_engine(SERVER)
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    try:
        migrate.upgrade(db.engine)
        now = datetime.now(UTC).replace(microsecond=0)
        t0 = time.perf_counter()
        seed(db, args.tickets, args.events, now)
        with db.engine.connect() as conn:
            counts = {
                t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar_one()
                for t in ("ticket", "booking", "payment", "refund")
            }
        print(
            f"seeded in {time.perf_counter() - t0:.1f} s: "
            + ", ".join(f"{v:,} {k}s" for k, v in counts.items())
            + f" over {args.events} events"
        )
        plain = Plain(db)
        busiest = args.events // 2
        custom = Period((now - timedelta(days=120)).date(), (now - timedelta(days=31)).date(), 60)
        shift_end = now - timedelta(days=3)
        shift_start = shift_end - timedelta(hours=8)
        stats = reports.event_statistics(db, MANAGER, include_past=True)
        cases: list[tuple[str, Callable[[], Any], list[tuple[str, tuple[Any, ...]]]]] = []
        for key in ("7d", "30d", "1y"):
            period = preset(key, 0, now)
            cases.append(
                (
                    f"sales overall {key}",
                    lambda p=period: reports.sales_report(db, MANAGER, p, summaries=False),
                    sales_sql(period, None),
                )
            )
        year = preset("1y", 0, now)
        cases += [
            (
                "sales one event 1y",
                lambda: reports.sales_report(db, MANAGER, year, busiest, summaries=False),
                sales_sql(year, busiest),
            ),
            (
                "sales custom 90d UTC+1",
                lambda: reports.sales_report(db, MANAGER, custom, summaries=False),
                sales_sql(custom, None),
            ),
            (
                "event statistics",
                lambda: reports.event_statistics(db, MANAGER, include_past=True),
                stats_sql([r.event_id for r in stats]),
            ),
            (
                "end of shift 8 h",
                lambda: reports_shift.shift_reports(db, MANAGER, shift_start, shift_end),
                shift_sql(shift_start, shift_end),
            ),
        ]
        print(f"\n{'report':<24}{'service ms':>12}{'plain ms':>10}{'ratio':>8}  indexes used")
        ratios = []
        for label, service, queries in [] if args.only_summaries else cases:
            s, p = paired_medians(service, lambda q=queries: plain.run(q), args.repeat)
            keys = sorted({plain.explain(sql, params) for sql, params in queries})
            ratios.append(s / p)
            print(f"{label:<24}{s * 1000:>12.1f}{p * 1000:>10.1f}{s / p:>8.2f}  {' '.join(keys)}")
        if ratios:
            print(
                f"\nservice / plain SQL: median ratio {statistics.median(ratios):.2f}, "
                f"worst {max(ratios):.2f}"
            )
        sales_cases: list[SalesCase] = [
            (
                f"sales overall {key}",
                preset(key, 0, now),
                None,
                sales_sql(preset(key, 0, now), None),
            )
            for key in ("7d", "30d", "1y")
        ]
        sales_cases += [
            ("sales one event 1y", year, busiest, sales_sql(year, busiest)),
            ("sales custom 90d UTC+1", custom, None, sales_sql(custom, None)),
        ]
        faster = summary_cases(db, plain, sales_cases, now, args.repeat)
        print(
            f"\nfrom summaries vs plain SQL: 1y all events {faster[2]:.1f}x faster "
            f"(all: {min(faster):.1f}x to {max(faster):.1f}x)"
        )
        plain.conn.close()
    finally:
        db.dispose()
        if not args.keep:
            with server.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
