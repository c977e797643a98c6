"""Season-ticket benchmark: package desks and single-ticket desks on the same events, MariaDB.

    uv run python bench/packages.py [--packages 500] [--events 20] [--desks 8] [--single-desks 4]
                                    [--seats 600]

Creates a fresh database on the server (``BOXOFFICE_BENCH_MYSQL_URL``, default
``mysql+pymysql://root@127.0.0.1:3306``) and drops it at the end. Three seasons of *events*
events on one layout; in the same run and with the same worker processes:

1. raw: the package sale hand-written in PyMySQL (package_sale, one booking per event, one
   conditional seat UPDATE per event in the lock order, tickets, one payment per booking, audit
   rows, the event bumps, one commit), each desk on its own seats of season 2: what a package
   costs here at all;
2. services: ``packages.sell_package`` on the very same workload (season 3, own seats);
3. the mix: *desks* package desks sell *packages* packages of every event of season 1 on seats
   picked at random (a refusal offers the best seat free in all events, which the desk takes),
   while *single-desks* desks sell single tickets (hold + checkout of 1–2 seats, in the back
   half of the hall) to the same events until the packages are done.

Then it checks the database: no seat with two live tickets (``oversold``), sold_count equal to
the live tickets per event, every package sale owning its seat in every event, and no driver
error seen by a desk. Deadlocks and lock timeouts are retried inside the services and counted.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import secrets
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_venue import SERVER_URL, connect, drop_database  # shared bench set-up

PER_ROW = 50
PRICE = Decimal("40.00")  # single-ticket tier price per event
PACKAGE_PRICE = Decimal("600.00")


@dataclass
class Season:
    package_id: int
    event_ids: list[int]
    seat_ids: list[int]  # layout seats
    tiers: dict[int, int]  # event id -> tier id
    event_seats: dict[tuple[int, int], int]  # (event id, seat id) -> event_seat id


@dataclass
class Tally:
    packages: int = 0
    singles: int = 0
    refusals: int = 0  # seat gone: expected, the desk takes the offered seat
    retried: int = 0  # deadlocks / lock timeouts retried inside the services
    seconds: float = 0.0
    sold_out: int = 0  # package desks that stopped: no seat left free in every event
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.packages += other.packages
        self.singles += other.singles
        self.refusals += other.refusals
        self.retried += other.retried
        self.sold_out += other.sold_out
        self.seconds = max(self.seconds, other.seconds)
        self.errors.extend(other.errors)


# --- set-up ---------------------------------------------------------------------------------


def create_database(args: argparse.Namespace) -> tuple[str, str, list[Season], list[int]]:
    from boxoffice.db import migrate
    from boxoffice.db.database import Database

    name = f"boxoffice_pkgbench_{secrets.token_hex(4)}"
    server = create_engine(SERVER_URL)
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    server.dispose()
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    migrate.upgrade(db.engine)
    seasons, clerks = db.run(lambda s: _populate(s, args))
    db.dispose()
    return name, url, seasons, clerks


def _populate(s: Session, args: argparse.Namespace) -> tuple[list[Season], list[int]]:
    from boxoffice.db.models import (
        Event,
        EventSeat,
        Package,
        PackageEvent,
        PackagePrice,
        PriceTier,
        Seat,
        SeatLayout,
        Section,
        Venue,
    )
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.domain.clock import utcnow
    from boxoffice.domain.layout import SectionSpec, seat_spots
    from boxoffice.domain.roles import Role
    from boxoffice.services.people.staff import add_user_in

    desks = args.desks + args.single_desks
    clerks = [
        add_user_in(s, SYSTEM, f"desk{i:02d}", Role.CLERK, "bench-pass-1234", rounds=4).id
        for i in range(desks)
    ]
    now = utcnow()
    venue = Venue(name="Season Hall", address="")
    s.add(venue)
    s.flush()
    layout = SeatLayout(venue_id=venue.id, name="Main", stage_x=0.0, stage_y=-3.0)
    s.add(layout)
    s.flush()
    rows = max(1, args.seats // PER_ROW)
    section = Section(layout_id=layout.id, name="Hall", row_count=rows, seats_per_row=PER_ROW)
    s.add(section)
    s.flush()
    s.execute(
        insert(Seat),
        [
            dict(
                layout_id=layout.id,
                section_id=section.id,
                row_label=p.row_label,
                row_index=p.row_index,
                number=p.number,
                x=p.x,
                y=p.y,
                accessible=False,
                restricted_view=False,
                blocked=False,
            )
            for p in seat_spots(SectionSpec("Hall", rows, PER_ROW))
        ],
    )
    seat_ids = list(s.scalars(select(Seat.id).where(Seat.layout_id == layout.id).order_by(Seat.id)))
    seasons = []
    for number in range(3):
        events, tiers = [], {}
        for n in range(args.events):
            starts = now + timedelta(days=30 + n, hours=number)
            ev = Event(
                title=f"Season {number + 1} night {n + 1}",
                description="",
                venue_id=venue.id,
                layout_id=layout.id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                sales_open_at=now - timedelta(days=1),
                sales_close_at=starts,
                status="scheduled",
                capacity=len(seat_ids),
                min_price=PRICE,
                max_price=PRICE,
                created_at=now,
                updated_at=now,
            )
            s.add(ev)
            s.flush()
            tier = PriceTier(event_id=ev.id, name="Standard", price=PRICE, sort_order=0)
            s.add(tier)
            s.flush()
            s.execute(
                insert(EventSeat),
                [
                    dict(
                        event_id=ev.id, seat_id=sid, tier_id=tier.id, status="available", version=0
                    )
                    for sid in seat_ids
                ],
            )
            events.append(ev.id)
            tiers[ev.id] = tier.id
        package = Package(name=f"Season {number + 1}", created_at=now)
        s.add(package)
        s.flush()
        s.execute(insert(PackageEvent), [dict(package_id=package.id, event_id=e) for e in events])
        s.execute(
            insert(PackagePrice),
            [dict(package_id=package.id, tier_name="Standard", price=PACKAGE_PRICE)],
        )
        event_seats = {
            (e, sid): es
            for es, e, sid in s.execute(
                select(EventSeat.id, EventSeat.event_id, EventSeat.seat_id).where(
                    EventSeat.event_id.in_(events)
                )
            )
        }
        seasons.append(Season(package.id, events, seat_ids, tiers, event_seats))
    return seasons, clerks


# --- phase 1: raw statements ------------------------------------------------------------------

_RAW_EVENTS = (
    "SELECT id, title, status, starts_at, sales_open_at, sales_close_at, ga_capacity, layout_id"
    " FROM event WHERE id IN %(events)s ORDER BY id"
)
_RAW_SALE = (
    "INSERT INTO package_sale (reference, package_id, customer_id, clerk_id, seat_id, status,"
    " total, idempotency_key, created_at) VALUES (%(ref)s, %(package)s, NULL, %(clerk)s,"
    " %(seat)s, 'confirmed', %(total)s, %(key)s, %(now)s)"
)
_RAW_BOOKING = (
    "INSERT INTO booking (reference, event_id, customer_id, clerk_id, desk, status, total,"
    " idempotency_key, package_sale_id, created_at, updated_at) VALUES (%s, %s, NULL, %s, 'raw',"
    " 'confirmed', %s, %s, %s, %s, %s)"
)
_RAW_SELL = (
    "UPDATE event_seat SET status = 'sold', booking_id = %s, hold_id = NULL,"
    " hold_expires_at = NULL WHERE id = %s AND (status = 'available' OR"
    " (status = 'held' AND hold_expires_at <= %s))"
)
_RAW_TICKET = (
    "INSERT INTO ticket (booking_id, event_id, event_seat_id, tier_id, price, status,"
    " code_generation, issued_at) VALUES (%s, %s, %s, %s, %s, 'valid', 1, %s)"
)
_RAW_PAYMENT = (
    "INSERT INTO payment (booking_id, method, amount, tendered, change_due, card_brand,"
    " card_last4, gateway_ref, clerk_id, created_at) VALUES (%s, 'cash', %s, %s, 0, '', '', '',"
    " %s, %s)"
)
_RAW_AUDIT = (
    "INSERT INTO audit_log (at, staff_user_id, desk, action, entity, entity_id, detail)"
    " VALUES (%s, %s, 'raw', %s, %s, %s, '{}')"
)
_RAW_BUMP = (
    "UPDATE event SET sold_count = sold_count + 1, seat_version = LAST_INSERT_ID(seat_version + 1)"
    " WHERE id = %s"
)
_RAW_STAMP = "UPDATE event_seat SET version = %s WHERE id = %s"


def _raw(index: int, url: str, season: Season, clerk: int, seats: list[int]) -> float:
    """Sell each of *seats* as a package in hand-written PyMySQL; returns the seconds taken."""
    from boxoffice.domain.clock import utcnow

    conn = connect(url)
    cur = conn.cursor()
    share = PACKAGE_PRICE / len(season.event_ids)
    started = time.perf_counter()
    for n, seat in enumerate(seats):
        if n == 1:  # the first sale warmed up connection and caches: not timed
            started = time.perf_counter()
        now = utcnow().replace(tzinfo=None)
        cur.execute(_RAW_EVENTS, {"events": tuple(season.event_ids)})
        cur.fetchall()
        cur.execute(
            _RAW_SALE,
            dict(
                ref=secrets.token_hex(5),
                package=season.package_id,
                clerk=clerk,
                seat=seat,
                total=PACKAGE_PRICE,
                key=str(uuid.uuid4()),
                now=now,
            ),
        )
        sale = cur.lastrowid
        bookings = {}
        for e in season.event_ids:
            cur.execute(
                _RAW_BOOKING,
                (secrets.token_hex(5), e, clerk, share, f"raw-{sale}-{e}", sale, now, now),
            )
            bookings[e] = cur.lastrowid
        for e in season.event_ids:  # the lock order: event id, then seat id
            if cur.execute(_RAW_SELL, (bookings[e], season.event_seats[(e, seat)], now)) != 1:
                raise AssertionError("raw package lost a seat")
        cur.executemany(
            _RAW_TICKET,
            [
                (bookings[e], e, season.event_seats[(e, seat)], season.tiers[e], share, now)
                for e in season.event_ids
            ],
        )
        # Each night paid its share (as the services do), one audit row per payment.
        cur.executemany(
            _RAW_PAYMENT, [(bookings[e], share, share, clerk, now) for e in season.event_ids]
        )
        cur.executemany(
            _RAW_AUDIT,
            [(now, clerk, "package.sell", "package_sale", sale)]
            + [(now, clerk, "payment.charge", "booking", bookings[e]) for e in season.event_ids],
        )
        for e in season.event_ids:
            cur.execute(_RAW_BUMP, (e,))
            cur.execute(_RAW_STAMP, (cur.lastrowid, season.event_seats[(e, seat)]))
        conn.commit()
    conn.close()
    return time.perf_counter() - started


# --- phases 2 and 3: the services --------------------------------------------------------------


def _database(url: str, tally: Tally) -> Any:
    from boxoffice.db.database import Database

    db = Database(url)

    @event.listens_for(db.engine, "handle_error")
    def _count_retries(context: Any) -> None:
        orig = getattr(context.original_exception, "args", ())
        if orig and orig[0] in (1213, 1205):
            tally.retried += 1

    return db


def _services(index: int, url: str, season: Season, clerk: int, seats: list[int]) -> float:
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.packages import sell_package

    db = _database(url, Tally())
    actor = Actor(clerk, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")
    pay = [CashTender(PACKAGE_PRICE, PACKAGE_PRICE)]
    db.run(lambda s: s.execute(text("SELECT 1")))
    started = time.perf_counter()
    for n, seat in enumerate(seats):
        if n == 1:  # the first sale warmed up imports and statement caches: not timed
            started = time.perf_counter()
        sell_package(db, actor, season.package_id, seat, pay, f"own-{index}-{seat}")
    took = time.perf_counter() - started
    db.dispose()
    return took


def _package_desk(index: int, url: str, season: Season, clerk: int, quota: int) -> Tally:
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.packages import PackageSeatUnavailable, sell_package

    tally = Tally()
    db = _database(url, tally)
    actor = Actor(clerk, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")
    rng = random.Random(index)
    pay = [CashTender(PACKAGE_PRICE, PACKAGE_PRICE)]
    started = time.perf_counter()
    seat = rng.choice(season.seat_ids)
    n = 0
    while tally.packages < quota:
        try:
            sell_package(db, actor, season.package_id, seat, pay, f"mix-{index}-{n}")
            tally.packages += 1
            seat = rng.choice(season.seat_ids)
        except PackageSeatUnavailable as exc:
            tally.refusals += 1
            if not exc.alternatives:
                tally.sold_out = 1  # no seat is free in every event any more
                break
            seat = rng.choice(exc.alternatives)  # the clerk takes an offered seat
        except Exception:
            tally.errors.append(traceback.format_exc(limit=6))
            break
        n += 1
    tally.seconds = time.perf_counter() - started
    db.dispose()
    return tally


def _single_desk(index: int, url: str, season: Season, clerk: int, stop: Any) -> Tally:
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.errors import HoldExpired, SeatUnavailable
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    tally = Tally()
    db = _database(url, tally)
    actor = Actor(clerk, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")
    rng = random.Random(index)
    n = 0
    # Single tickets go to the back half of the hall (packages sell anywhere, so the two
    # collide there): random singles over the whole hall would soon leave no seat free in all
    # 20 events, and the package desks would have nothing left to sell.
    back = season.seat_ids[len(season.seat_ids) // 2 :]
    while not stop.is_set():
        e = rng.choice(season.event_ids)
        first = rng.randrange(len(back) - 1)
        block = [season.event_seats[(e, sid)] for sid in back[first : first + rng.randint(1, 2)]]
        try:
            hold = holds.hold_seats(db, actor, e, block)
            paid = [CashTender(hold.total, hold.total)]
            checkout.checkout(db, actor, hold.hold_id, paid, f"single-{index}-{n}")
            tally.singles += 1
        except (SeatUnavailable, HoldExpired):
            tally.refusals += 1
        except Exception:
            tally.errors.append(traceback.format_exc(limit=6))
            break
        n += 1
    db.dispose()
    return tally


def worker(
    index: int,
    url: str,
    seasons: list[Season],
    clerk: int,
    args: argparse.Namespace,
    barrier: Any,
    stop: Any,
    results: Any,
) -> None:
    try:
        package_desk = index < args.desks
        raw_took = own_took = 0.0
        own = 0
        if package_desk:  # phases 1 and 2: the same seats of twin seasons, no collisions
            own = max(1, args.packages // args.desks // 4)
            seats = seasons[1].seat_ids[index :: args.desks][: own + 1]  # + 1 warm-up
        barrier.wait()
        if package_desk:
            raw_took = _raw(index, url, seasons[1], clerk, seats)
        barrier.wait()
        if package_desk:
            own_took = _services(index, url, seasons[2], clerk, seats)
        barrier.wait()
        if package_desk:
            quota = args.packages // args.desks + (index < args.packages % args.desks)
            tally = _package_desk(index, url, seasons[0], clerk, quota)
        else:
            tally = _single_desk(index, url, seasons[0], clerk, stop)
        results.put((index, own, raw_took, own_took, tally))
    except Exception:
        results.put((index, 0, 0.0, 0.0, Tally(errors=[traceback.format_exc()])))


# --- checks ----------------------------------------------------------------------------------


def verify(url: str, season: Season) -> dict[str, int]:
    from boxoffice.db.database import Database
    from boxoffice.db.models import Booking, Event, EventSeat, PackageSale, Ticket

    db = Database(url)

    def work(s: Session) -> dict[str, int]:
        live = ("valid", "used")
        oversold = s.scalar(
            select(func.count()).select_from(
                select(Ticket.event_seat_id)
                .where(Ticket.status.in_(live), Ticket.event_seat_id.is_not(None))
                .group_by(Ticket.event_seat_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        counts_off = 0
        for e, sold_count in s.execute(select(Event.id, Event.sold_count)):
            tickets = s.scalar(
                select(func.count()).where(Ticket.event_id == e, Ticket.status.in_(live))
            )
            counts_off += int(sold_count != tickets)
        sales = s.execute(
            select(PackageSale.id, PackageSale.seat_id).where(
                PackageSale.package_id == season.package_id
            )
        ).all()
        owned = dict(
            s.execute(
                select(Booking.package_sale_id, func.count())
                .join(EventSeat, EventSeat.booking_id == Booking.id)
                .join(PackageSale, PackageSale.id == Booking.package_sale_id)
                .where(
                    PackageSale.package_id == season.package_id,
                    EventSeat.status == "sold",
                    EventSeat.seat_id == PackageSale.seat_id,
                )
                .group_by(Booking.package_sale_id)
            ).all()
        )
        broken = sum(1 for sid, _seat in sales if owned.get(sid, 0) != len(season.event_ids))
        return dict(
            oversold=int(oversold or 0), counts_off=counts_off, packages=len(sales), broken=broken
        )

    result = db.run(work)
    db.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=500, help="packages sold in the mix")
    parser.add_argument("--events", type=int, default=20, help="events per package")
    parser.add_argument("--desks", type=int, default=8, help="package desks")
    parser.add_argument("--single-desks", type=int, default=4, help="single-ticket desks")
    parser.add_argument("--seats", type=int, default=1000, help="seats of the layout")
    args = parser.parse_args()
    if args.packages < args.desks or args.seats < 2 * PER_ROW or args.events < 1:
        parser.error("need packages >= desks, seats >= 100 and events >= 1")
    started = time.perf_counter()
    name, url, seasons, clerks = create_database(args)
    print(
        f"database {name}: {args.events} events x {len(seasons[0].seat_ids)} seats per season, "
        f"{args.desks} package desks + {args.single_desks} single-ticket desks"
    )
    try:
        ctx = mp.get_context("spawn")
        desks = args.desks + args.single_desks
        barrier, stop, results = ctx.Barrier(desks), ctx.Event(), ctx.Queue()
        procs = [
            ctx.Process(
                target=worker,
                args=(i, url, seasons, clerks[i], args, barrier, stop, results),
            )
            for i in range(desks)
        ]
        for p in procs:
            p.start()
        got: dict[int, tuple[int, float, float, Tally]] = {}
        while len(got) < args.desks:
            index, own, raw_took, own_took, tally = results.get()
            got[index] = (own, raw_took, own_took, tally)
            if tally.errors:
                break
        stop.set()  # the packages are done: the single desks stop
        while len(got) < desks:
            index, own, raw_took, own_took, tally = results.get()
            got[index] = (own, raw_took, own_took, tally)
        for p in procs:
            p.join()
        total = Tally()
        for _own, _r, _o, tally in got.values():
            total.add(tally)
        own_count = sum(g[0] for i, g in got.items() if i < args.desks)
        raw_rate = own_count / max(g[1] for i, g in got.items() if i < args.desks)
        own_rate = own_count / max(g[2] for i, g in got.items() if i < args.desks)
        mix_rate = total.packages / total.seconds if total.seconds else 0.0
        checks = verify(url, seasons[0])
        print(f"raw statements   {own_count} packages  {raw_rate:8.1f} packages/s")
        print(
            f"services         {own_count} packages  {own_rate:8.1f} packages/s  "
            f"({own_rate / raw_rate:.2f}x raw)"
        )
        print(
            f"mix              {total.packages} packages  {mix_rate:8.1f} packages/s while "
            f"{total.singles} single bookings sold; {total.refusals} refusals (seat gone, "
            "next offered seat taken)"
        )
        if total.packages < args.packages:
            print(
                f"  {args.packages - total.packages} packages not sold: {total.sold_out} package "
                "desks found no seat free in every event"
            )
        print(f"deadlocks/lock timeouts retried inside the services: {total.retried}")
        print(
            f"oversold {checks['oversold']}  sold_count off {checks['counts_off']}  "
            f"packages not owning their seat in every event {checks['broken']}  "
            f"errors {len(total.errors)}"
        )
        for err in total.errors[:3]:
            print(err, file=sys.stderr)
        print(f"total {time.perf_counter() - started:.0f} s")
        bad = checks["oversold"] or checks["counts_off"] or checks["broken"] or total.errors
        return 1 if bad else 0
    finally:
        drop_database(name)


if __name__ == "__main__":
    sys.exit(main())
