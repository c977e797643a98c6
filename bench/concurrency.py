"""Concurrency benchmark: 16 desks (processes) hammer one event on MariaDB.

    uv run python bench/concurrency.py [--processes 16] [--seconds 10] [--seats 2000]

Creates a fresh database on the server (``BOXOFFICE_BENCH_MYSQL_URL``, default
``mysql+pymysql://root@127.0.0.1:3306``), and drops it at the end. In the same run and with the
same worker processes it measures:

1. the floor: raw PyMySQL ``UPDATE event_seat ... WHERE id = %s`` + ``COMMIT`` in a loop, each
   process on its own rows (the least a sale can cost: one row changed, one commit);
2. the raw booking: the same two transactions a booking makes (hold, then checkout: the same
   statements, row-count checks, version bumps and commits) hand-written in PyMySQL with no
   service code, each process on its own seats of a twin event: what this machine and server
   can do for a booking at all, so the service code's own cost can be read off;
3. the same bookings through the services (holds.hold_seats + checkout.checkout, cash), each
   process on its own seats of a third twin: the service layer's cost on the very workload of 2;
4. the raw walk-up: a walk-up sale's statements (walk_up.walk_up_sale: ONE transaction, the
   seats marked and sold in it, the till, setting and clerk reads included) hand-written in
   PyMySQL, each process on its own seats of a fourth twin;
5. the same walk-up sales through the service (walk_up.walk_up_sale, cash exact, the seats
   named), on a fifth twin: the one-call sale against the raw booking of 2 (the issue's goal,
   services >= 0.6x) and against its own hand-written statements of 4;
6. the booking mix: overlapping hold + cash checkout of 1–4 adjacent seats (half of them aimed
   at a small hot block, some by best-available), cancellations of earlier bookings, and holds
   left to run out after a fraction of a second;
7. the same booking mix once per schema variant (``--variants``, ``--rounds`` of each,
   interleaved, each in a fresh database seeded alike): ``index`` (the schema as shipped: the
   unique index on the generated ``ticket.live_seat_id``), ``no-index`` (that index dropped) and
   ``event-fk`` (foreign keys booking/ticket/hold -> event added, which the schema leaves out);
8. offers (``bench/offers_race.py``): every desk races for one discount code limited to N uses
   and spends from one gift voucher; prints ``over-redeemed 0`` and ``voucher below zero 0``.

Phases 2-5 each make one sale per desk before the clock starts (connections made, modules
imported, statements compiled), so they compare warm code, and they run interleaved, in three
rounds each (2, 3, 4, 5, 2, 3, ...), so load that comes and goes on a shared machine falls on
all four alike. The set-up they share with
``bench/offers_race.py`` lives in ``bench/bench_venue.py``.

Then it checks each database: no seat with two live tickets, sold_count equal to the live
tickets, every sold seat owned by a confirmed booking with a live ticket for it, no driver error
seen by a desk. It prints ``oversold 0`` (or the number found), bookings/s against the floor, and
per variant bookings/s as a ratio of the shipped schema's, the deadlocks and lock timeouts the
services retried, the errors desks saw and oversold.

Measured (2-core machine shared with other helpers, ``--rounds 3``, 16 desks): per variant
``index`` 21.4 bookings/s, ``no-index`` 21.6 = 1.01x (the live-seat index costs nothing
measurable), ``event-fk`` 6.0 = 0.28x; deadlocks retried 9 / 11 / 1,796 (14 / 17 / 9,117 per
1000 bookings), errors seen by desks 0 / 0 / 97 ("Many desks are selling these seats right
now"), oversold 0 in all. So the unique index stays and the foreign keys to event stay off
(see Booking.event_id). Same run: raw booking 0.056x floor, services 0.133x raw booking.

Measured after the leaner sale (same machine, heavily shared, ``--rounds 1 --variants index``,
own-seat phases interleaved, ``--floor-seconds`` 3 and 6): service walk-up 1.32x / 0.90x the
raw booking, 1.21x / 0.73x the raw walk-up (its own statements by hand); raw walk-up 1.09x /
1.24x the raw booking; service booking (hold + checkout) 0.32x / 0.32x the raw booking;
oversold 0, over-redeemed 0, voucher below zero 0.

Reading the ratios: the floor is one statement and one commit; a booking is two transactions
(hold, then checkout: 14 statements with the booking, tickets, payment and audit rows) and every
sale of the one event ends on the same event row (its seat_version bump, held for two statements
and the commit). On a machine with few cores the desks, the server and the benchmark share the
CPU, so both ratios are bounded by the CPU a booking costs (client and server), not by locking:
``raw booking / floor`` is the ceiling any implementation of these two transactions reaches
here, and ``services / raw booking`` (phases 3 and 2, the same workload) is what the service
layer (validation, SQLAlchemy, retries) costs on top of it.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import secrets
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
import offers_race
from bench_venue import (
    VARIANTS,
    Twin,
    connect,
    create_database,
    drop_database,
)

HOT_SEATS = 48  # the front-centre block every desk wants


@dataclass
class Tally:
    attempts: int = 0
    bookings: int = 0
    seats_sold: int = 0
    conflicts: int = 0  # SeatUnavailable / SoldOut / HoldExpired: expected refusals
    cancellations: int = 0
    abandoned: int = 0  # holds left to run out
    expired_reused: int = 0  # checkouts refused because a hold ran out
    errors: list[str] = field(default_factory=list)  # anything else: must stay empty
    latencies: list[float] = field(default_factory=list)  # seconds per booking (hold+checkout)
    deadlocks: int = 0  # 1213s the services retried (never shown to a desk)
    lock_timeouts: int = 0  # 1205s the services retried

    @property
    def retried(self) -> int:
        return self.deadlocks + self.lock_timeouts

    def add(self, other: Tally) -> None:
        for name in ("attempts", "bookings", "seats_sold", "conflicts", "cancellations"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.abandoned += other.abandoned
        self.expired_reused += other.expired_reused
        self.errors.extend(other.errors)
        self.latencies.extend(other.latencies)
        self.deadlocks += other.deadlocks
        self.lock_timeouts += other.lock_timeouts


# --- set-up -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mix:
    """One booking-mix phase: its schema variant and the database it runs on."""

    variant: str
    name: str
    url: str
    event_id: int
    seat_ids: list[int]


# --- workers ----------------------------------------------------------------------------------


def worker(
    index: int,
    url: str,
    mixes: list[Mix],
    clerk_id: int,
    twins: tuple[Twin, ...],
    floor_seconds: float,
    seconds: float,
    barrier: Any,
    results: Any,
    plan: offers_race.Plan,
) -> None:
    try:
        floor_ops = _floor(index, url, mixes[0].seat_ids, floor_seconds, barrier)
        per_round = floor_seconds / OWN_ROUNDS
        runs = [
            phase(index, url, twin, clerk_id, per_round, OWN_ROUNDS, barrier)
            for phase, twin in zip(OWN_SEAT_PHASES, twins, strict=True)
        ]
        for _round in range(OWN_ROUNDS):
            for run in runs:
                next(run)
        own = [_returned(run) for run in runs]
        tallies = [
            _bookings(index, m.url, m.event_id, m.seat_ids, clerk_id, seconds, barrier)
            for m in mixes
        ]
        race = offers_race.race(index, url, clerk_id, plan, floor_seconds, barrier)
        results.put((index, floor_ops, own, tallies, race))
    except Exception:  # reported to the parent, which fails the run
        failed = [Tally(errors=[traceback.format_exc()]) for _ in mixes]
        nothing = [(0, False) for _ in OWN_SEAT_PHASES]
        results.put((index, 0, nothing, failed, offers_race.RaceTally()))
        barrier.abort()  # the other desks and the parent stop waiting for this one


def _returned(run: OwnSeats) -> tuple[int, bool]:
    """What an own-seat phase returns once its rounds are done."""
    try:
        next(run)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    raise AssertionError("an own-seat phase ran more rounds than asked")


def _floor(index: int, url: str, seat_ids: list[int], seconds: float, barrier: Any) -> int:
    """Raw PyMySQL: UPDATE one row + COMMIT, as fast as it goes, on this process's own rows."""
    conn = connect(url)
    cur = conn.cursor()
    # Rows of this desk only, up to 32 (a small venue has fewer per desk: --seats 300 has 5).
    mine = seat_ids[-(index + 1) :: -64][:32]
    barrier.wait()
    end = time.perf_counter() + seconds
    ops = 0
    while time.perf_counter() < end:
        row = mine[ops % len(mine)]
        cur.execute("UPDATE event_seat SET version = version + 1 WHERE id = %s", (row,))
        conn.commit()
        ops += 1
    conn.close()
    barrier.wait()
    return ops


# The statements of one booking as the services send them (see holds.hold_seats and
# checkout.checkout), written out by hand. Each desk books fresh seats of its own, as phase 3
# does (re-selling a sold seat would break the schema's CHECKs and live-seat index).
_RAW_FREE = "(status = 'available' OR (status = 'held' AND hold_expires_at <= %(now)s))"
_RAW_HOLD = [
    "SELECT id, title, status, starts_at, sales_open_at, sales_close_at, ga_capacity, layout_id"
    " FROM event WHERE id = %(event)s",
    "UPDATE event_seat SET status = 'held', hold_id = %(hold)s, hold_expires_at = %(expires)s"
    " WHERE event_id = %(event)s AND id IN %(seats)s AND " + _RAW_FREE,
    "SELECT STRAIGHT_JOIN es.hold_expires_at, es.id, section.name, seat.row_label, seat.number,"
    " es.tier_id, price_tier.name, price_tier.price FROM event_seat es"
    " FORCE INDEX (ix_event_seat_hold) JOIN seat ON seat.id = es.seat_id"
    " JOIN section ON section.id = seat.section_id JOIN price_tier ON price_tier.id = es.tier_id"
    " WHERE es.hold_id = %(hold)s AND es.status = 'held'",
]
_RAW_BUMP = (
    "UPDATE event SET {sold}seat_version = LAST_INSERT_ID(seat_version + 1) WHERE id = %(event)s"
)
_RAW_STAMP = "UPDATE event_seat SET version = %(version)s WHERE id IN %(seats)s"
_RAW_CHECKOUT_LINES = (
    "SELECT STRAIGHT_JOIN es.id, es.tier_id, price_tier.price, event.id, event.title,"
    " event.status, event.starts_at, event.sales_open_at, event.sales_close_at,"
    " event.ga_capacity, event.layout_id FROM event_seat es FORCE INDEX (ix_event_seat_hold)"
    " JOIN price_tier ON price_tier.id = es.tier_id JOIN event ON event.id = es.event_id"
    " WHERE es.hold_id = %(hold)s AND es.status = 'held' AND es.hold_expires_at > %(now)s"
    " ORDER BY es.id"
)
_RAW_BOOKING = (
    "INSERT INTO booking (reference, event_id, customer_id, clerk_id, desk, status, total,"
    " idempotency_key, created_at, updated_at) VALUES (%(ref)s, %(event)s, NULL, %(clerk)s,"
    " 'raw', 'confirmed', %(total)s, %(key)s, %(now)s, %(now)s)"
)
_RAW_SELL = (
    "UPDATE event_seat SET status = 'sold', booking_id = %(booking)s, hold_id = NULL,"
    " hold_expires_at = NULL WHERE hold_id = %(hold)s AND status = 'held'"
    " AND hold_expires_at > %(now)s"
)
_RAW_TICKET = (
    "INSERT INTO ticket (booking_id, event_id, event_seat_id, tier_id, price, status,"
    " code_generation, issued_at) VALUES (%s, %s, %s, %s, %s, 'valid', 1, %s)"
)
_RAW_PAYMENT = (
    "INSERT INTO payment (booking_id, method, amount, tendered, change_due, card_brand,"
    " card_last4, gateway_ref, clerk_id, created_at) VALUES (%(booking)s, 'cash', %(total)s,"
    " %(total)s, 0, '', '', '', %(clerk)s, %(now)s)"
)
_RAW_AUDIT = (
    "INSERT INTO audit_log (at, staff_user_id, desk, action, entity, entity_id, detail)"
    " VALUES (%(now)s, %(clerk)s, 'raw', %(action)s, 'booking', %(booking)s, '{}')"
)


# What each own-seat phase is: a generator that runs one round per next() (between two barrier
# waits) and returns (sales, whether the desk ran out of seats) after the last.
OwnSeats = Generator[None, None, tuple[int, bool]]


def _own_seats(
    index: int,
    twin: Twin,
    seconds: float,
    rounds: int,
    barrier: Any,
    sell: Callable[[list[int]], None],
) -> OwnSeats:
    """Desk *index* sells its own seats of *twin* (1-4 at a time) by *sell*, *rounds* rounds of
    *seconds* each. The rounds of the four own-seat phases are interleaved by the worker, so
    load that comes and goes on a shared machine falls on all of them alike. One sale before
    the clock starts, so every phase is measured warm (connection made, modules imported,
    statements compiled)."""
    rng = random.Random(index)
    mine = twin.desk_seats(index)
    size = rng.randint(1, 4)
    sell(mine[:size])
    used = size
    ops = 0
    ran_out = False
    for _round in range(rounds):
        barrier.wait()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            size = rng.randint(1, 4)
            if used + size > len(mine):
                ran_out = True  # out of seats: reported
                break
            sell(mine[used : used + size])
            used += size
            ops += 1
        barrier.wait()
        yield
    return ops, ran_out


def _raw_bookings(
    index: int, url: str, twin: Twin, clerk_id: int, seconds: float, rounds: int, barrier: Any
) -> OwnSeats:
    """Hold + checkout in hand-written PyMySQL, each desk on its own seats of the twin event:
    (bookings, whether the desk ran out of seats)."""
    from boxoffice.domain.clock import utcnow

    conn = connect(url)
    cur = conn.cursor()

    def sell(chosen: list[int]) -> None:
        seats, size = tuple(chosen), len(chosen)
        now = utcnow().replace(tzinfo=None)
        args: dict[str, Any] = dict(
            event=twin.event_id, hold=str(uuid.uuid4()), seats=seats, now=now, clerk=clerk_id
        )
        args["expires"] = now + timedelta(minutes=10)
        # hold
        cur.execute(_RAW_HOLD[0], args)
        cur.fetchall()
        if cur.execute(_RAW_HOLD[1], args) != size:
            raise AssertionError("raw hold lost a seat")
        cur.execute(_RAW_HOLD[2], args)
        cur.fetchall()
        cur.execute(_RAW_BUMP.format(sold=""), args)
        cur.execute(_RAW_STAMP, {**args, "version": cur.lastrowid})
        conn.commit()
        # checkout
        cur.execute(_RAW_CHECKOUT_LINES, args)
        lines = cur.fetchall()
        args["total"] = sum(line[2] for line in lines)
        args["key"] = str(uuid.uuid4())
        args["ref"] = secrets.token_hex(5)
        cur.execute(_RAW_BOOKING, args)
        args["booking"] = cur.lastrowid
        if cur.execute(_RAW_SELL, args) != size:
            raise AssertionError("raw checkout lost a seat")
        cur.executemany(
            _RAW_TICKET,
            [(args["booking"], twin.event_id, ln[0], ln[1], ln[2], now) for ln in lines],
        )
        cur.execute(_RAW_PAYMENT, args)
        for action in ("booking.create", "payment.charge"):
            cur.execute(_RAW_AUDIT, {**args, "action": action})
        cur.execute(_RAW_BUMP.format(sold=f"sold_count = sold_count + {size}, "), args)
        cur.execute(_RAW_STAMP, {**args, "version": cur.lastrowid})
        conn.commit()

    try:
        return (yield from _own_seats(index, twin, seconds, rounds, barrier, sell))
    finally:
        conn.close()


def _own_seat_bookings(
    index: int, url: str, twin: Twin, clerk_id: int, seconds: float, rounds: int, barrier: Any
) -> OwnSeats:
    """Phase 2's workload through the services: (bookings, whether the desk ran out of seats)."""
    from boxoffice.db.database import Database
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    db = Database(url)
    actor = Actor(clerk_id, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")

    def sell(chosen: list[int]) -> None:
        hold = holds.hold_seats(db, actor, twin.event_id, chosen)
        paid = [CashTender(hold.total, hold.total)]
        checkout.checkout(db, actor, hold.hold_id, paid, str(uuid.uuid4()))

    try:
        return (yield from _own_seats(index, twin, seconds, rounds, barrier, sell))
    finally:
        db.dispose()


# The statements of a walk-up sale as the services send them (see walk_up.walk_up_sale: ONE
# transaction), written out by hand, including the till, setting and staff reads the services
# make and the raw booking above leaves out.
_RAW_WALK_MARK = (
    "UPDATE event_seat SET status = 'held', hold_id = %(hold)s, hold_expires_at = %(expires)s"
    " WHERE event_id = %(event)s AND id IN %(seats)s AND ((status = 'available'"
    " OR status = 'held' AND hold_expires_at <= %(now)s) AND (house_hold_id IS NULL"
    " OR house_until <= %(now)s) OR status = 'held' AND hold_id = %(hold)s)"
)
_RAW_WALK_LINES = (
    "SELECT STRAIGHT_JOIN es.id, es.tier_id, price_tier.price, event.id, event.title,"
    " event.status, event.starts_at, event.sales_open_at, event.sales_close_at,"
    " event.ga_capacity, event.layout_id,"
    " EXISTS (SELECT * FROM ticket_type WHERE ticket_type.event_id = event.id)"
    " OR EXISTS (SELECT * FROM event_fee WHERE event_fee.event_id = event.id)"
    " OR EXISTS (SELECT * FROM event_tax WHERE event_tax.event_id = event.id)"
    " FROM event_seat es FORCE INDEX (ix_event_seat_hold)"
    " JOIN price_tier ON price_tier.id = es.tier_id JOIN event ON event.id = es.event_id"
    " WHERE es.hold_id = %(hold)s AND es.status = 'held' AND es.hold_expires_at > %(now)s"
    " ORDER BY es.id"
)
_RAW_WALK_TILL = [
    "SELECT id FROM till_session WHERE open_desk = %(desk)s FOR UPDATE",
    "SELECT `key`, value FROM app_setting WHERE `key` IN ('currency', 'cash_needs_till',"
    " 'till_reason_above')",
]
_RAW_WALK_PAYMENT = (
    "INSERT INTO payment (booking_id, method, amount, tendered, change_due, card_brand,"
    " card_last4, gateway_ref, clerk_id, created_at) VALUES (%(booking)s, 'cash', %(total)s,"
    " %(total)s, 0, '', '', '', %(clerk)s, %(now)s)"
)
_RAW_WALK_STAFF = "SELECT role, active FROM staff_user WHERE id = %(clerk)s"
_RAW_WALK_AUDIT = (
    "INSERT INTO audit_log (at, staff_user_id, desk, action, entity, entity_id, detail)"
    " VALUES (%s, %s, 'raw', %s, 'booking', %s, '{}')"
)
_RAW_WALK_BUMP = (
    "UPDATE event SET sold_count = sold_count + %(size)s,"
    " seat_version = LAST_INSERT_ID(seat_version + 1)"
    " WHERE id = %(event)s AND status != 'cancelled'"
)


def _raw_walk_ups(
    index: int, url: str, twin: Twin, clerk_id: int, seconds: float, rounds: int, barrier: Any
) -> OwnSeats:
    """The walk-up sale's statements hand-written in PyMySQL, ONE transaction per sale, each
    desk on its own seats of its twin event: (sales, whether the desk ran out of seats)."""
    from boxoffice.domain.clock import utcnow

    conn = connect(url)
    cur = conn.cursor()

    def sell(chosen: list[int]) -> None:
        seats, size = tuple(chosen), len(chosen)
        now = utcnow().replace(tzinfo=None)
        args: dict[str, Any] = dict(
            event=twin.event_id, hold=str(uuid.uuid4()), seats=seats, now=now, clerk=clerk_id
        )
        args.update(expires=now + timedelta(minutes=5), size=size, desk=f"bench-{index}")
        if cur.execute(_RAW_WALK_MARK, args) != size:
            raise AssertionError("raw walk-up lost a seat")
        cur.execute(_RAW_WALK_LINES, args)
        lines = cur.fetchall()
        args["total"] = sum(line[2] for line in lines)
        args["key"] = str(uuid.uuid4())
        args["ref"] = secrets.token_hex(5)
        cur.execute(_RAW_BOOKING, args)
        args["booking"] = cur.lastrowid
        if cur.execute(_RAW_SELL, args) != size:
            raise AssertionError("raw walk-up lost a seat")
        # One multi-row INSERT that reads the new ids back (RETURNING), as the services do.
        head, row = _RAW_TICKET.split(" VALUES ")
        cur.execute(
            f"{head} VALUES {', '.join([row] * len(lines))} RETURNING id",
            [v for ln in lines for v in (args["booking"], twin.event_id, *ln[:3], now)],
        )
        cur.fetchall()
        for sql in _RAW_WALK_TILL:
            cur.execute(sql, args)
            cur.fetchall()
        cur.execute(_RAW_WALK_PAYMENT, args)
        cur.execute(_RAW_WALK_STAFF, args)
        cur.fetchall()
        cur.executemany(
            _RAW_WALK_AUDIT,
            [(now, clerk_id, a, args["booking"]) for a in ("payment.charge", "booking.create")],
        )
        cur.execute(_RAW_WALK_BUMP, args)
        cur.execute(_RAW_STAMP, {**args, "version": cur.lastrowid})
        conn.commit()

    try:
        return (yield from _own_seats(index, twin, seconds, rounds, barrier, sell))
    finally:
        conn.close()


def _walk_ups(
    index: int, url: str, twin: Twin, clerk_id: int, seconds: float, rounds: int, barrier: Any
) -> OwnSeats:
    """The same walk-up sales through the service (walk_up.walk_up_sale, cash exact):
    (sales, whether the desk ran out of seats)."""
    from boxoffice.db.database import Database
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.roles import Role
    from boxoffice.services.sales import walk_up

    db = Database(url)
    actor = Actor(clerk_id, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")

    def sell(chosen: list[int]) -> None:
        walk_up.walk_up_sale(db, actor, twin.event_id, str(uuid.uuid4()), seat_ids=chosen)

    try:
        return (yield from _own_seats(index, twin, seconds, rounds, barrier, sell))
    finally:
        db.dispose()


# The phases where each desk sells its own seats of its own twin event (bench_venue makes one
# twin per phase, in this order): (sales, whether a desk ran out of seats) each.
OWN_SEAT_PHASES = (_raw_bookings, _own_seat_bookings, _raw_walk_ups, _walk_ups)
OWN_ROUNDS = 3  # each phase runs --floor-seconds in this many interleaved rounds


def _bookings(
    index: int,
    url: str,
    event_id: int,
    seat_ids: list[int],
    clerk_id: int,
    seconds: float,
    barrier: Any,
) -> Tally:
    from sqlalchemy import event as sa_event

    from boxoffice.db.database import Database
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.errors import (
        BoxOfficeError,
        HoldExpired,
        SeatUnavailable,
        SoldOut,
    )
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.bookings import manage as bookings
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    db = Database(url)
    tally = Tally()

    @sa_event.listens_for(db.engine, "handle_error")
    def _count_retries(context: Any) -> None:
        orig = getattr(context.original_exception, "args", ())
        if orig and orig[0] == 1213:
            tally.deadlocks += 1
        elif orig and orig[0] == 1205:
            tally.lock_timeouts += 1

    actor = Actor(clerk_id, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")
    rng = random.Random(index)
    mine: list[str] = []
    # The hot block: the middle 24 seats of the two front rows (50 seats per row).
    half = HOT_SEATS // 4
    hot_rows = [seat_ids[r * 50 + 25 - half : r * 50 + 25 + half] for r in range(2)]
    expected = (SeatUnavailable, SoldOut, HoldExpired)
    db.run(lambda s: s.execute(text("SELECT 1")))  # connect before the clock starts
    barrier.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        roll = rng.random()
        started = time.perf_counter()
        try:
            if roll < 0.12 and mine:
                bookings.cancel_booking(db, actor, mine.pop(rng.randrange(len(mine))), "bench")
                tally.cancellations += 1
                continue
            tally.attempts += 1
            size = rng.randint(1, 4)
            if roll < 0.20:
                hold = holds.best_available(db, actor, event_id, size)
            else:
                if roll < 0.60:
                    row = hot_rows[rng.randrange(len(hot_rows))]
                else:
                    start = rng.randrange(len(seat_ids) // 50) * 50
                    row = seat_ids[start : start + 50]
                first = rng.randrange(len(row) - size + 1)
                block = row[first : first + size]
                if roll > 0.93:  # a desk that walks away: its hold runs out by itself
                    holds.hold_seats(
                        db, actor, event_id, block, hold_for=timedelta(milliseconds=150)
                    )
                    tally.abandoned += 1
                    continue
                hold = holds.hold_seats(db, actor, event_id, block)
            paid = [CashTender(hold.total, hold.total)]
            result = checkout.checkout(db, actor, hold.hold_id, paid, str(uuid.uuid4()))
            tally.bookings += 1
            tally.latencies.append(time.perf_counter() - started)
            tally.seats_sold += len(result.ticket_ids)
            mine.append(result.reference)
        except expected:
            tally.conflicts += 1
        except BoxOfficeError as exc:  # a message a clerk would see, but not an expected one
            tally.errors.append(f"{type(exc).__name__}: {exc}")
        except Exception:
            tally.errors.append(traceback.format_exc(limit=3))
    barrier.wait()
    db.dispose()
    return tally


# --- verification -----------------------------------------------------------------------------


def verify(url: str, event_id: int) -> dict[str, int]:
    """Count every way the inventory could be wrong (all must be zero)."""
    from boxoffice.db.database import Database
    from boxoffice.db.models import Booking, Event, EventSeat, Ticket

    db = Database(url)
    live = ("valid", "used")

    def work(s: Session) -> dict[str, int]:
        doubled = s.scalar(
            select(func.count()).select_from(
                select(Ticket.event_seat_id)
                .where(Ticket.event_id == event_id, Ticket.status.in_(live))
                .group_by(Ticket.event_seat_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        tickets = s.scalar(
            select(func.count()).where(Ticket.event_id == event_id, Ticket.status.in_(live))
        )
        sold_count = s.scalar(select(Event.sold_count).where(Event.id == event_id))
        sold_seats = s.scalar(
            select(func.count()).where(EventSeat.event_id == event_id, EventSeat.status == "sold")
        )
        orphan_sold = s.scalar(
            select(func.count())
            .select_from(EventSeat)
            .outerjoin(
                Ticket,
                (Ticket.event_seat_id == EventSeat.id)
                & (Ticket.booking_id == EventSeat.booking_id)
                & Ticket.status.in_(live),
            )
            .outerjoin(Booking, Booking.id == EventSeat.booking_id)
            .where(
                EventSeat.event_id == event_id,
                EventSeat.status == "sold",
                (Ticket.id.is_(None)) | (Booking.status != "confirmed"),
            )
        )
        ticket_not_sold = s.scalar(
            select(func.count())
            .select_from(Ticket)
            .join(EventSeat, EventSeat.id == Ticket.event_seat_id)
            .where(
                Ticket.event_id == event_id,
                Ticket.status.in_(live),
                (EventSeat.status != "sold") | (EventSeat.booking_id != Ticket.booking_id),
            )
        )
        return {
            "seats with two live tickets": int(doubled or 0),
            "sold_count minus live tickets": abs(int(sold_count or 0) - int(tickets or 0)),
            "sold seats without a confirmed booking's ticket": int(orphan_sold or 0),
            "live tickets whose seat is not sold to them": int(ticket_not_sold or 0),
            "live tickets": int(tickets or 0),
            "sold seats": int(sold_seats or 0),
        }

    try:
        return db.run(work)
    finally:
        db.dispose()


# --- main -------------------------------------------------------------------------------------


def _mixes(
    args: argparse.Namespace, main_db: tuple[str, str, int, list[int], list[int]]
) -> list[Mix]:
    """The booking-mix phases, variants interleaved round by round (drift on a shared machine
    falls on all of them alike); the first runs on the main database, each other on its own."""
    name, url, event_id, seat_ids, clerks = main_db
    mixes: list[Mix] = []
    for _round in range(args.rounds):
        for variant in args.variants:
            if not mixes:
                mixes.append(Mix(variant, name, url, event_id, seat_ids))
                continue
            made = create_database(args.processes, args.seats, variant)
            mixes.append(Mix(variant, made[0], made[1], made[2], made[3]))
            if made[4] != clerks:
                raise AssertionError("variant databases must number their clerks alike")
    return mixes


def _print_variants(
    mixes: list[Mix], tallies: list[Tally], walls: list[float], oversold: list[int]
) -> None:
    """Per schema variant: bookings/s against the shipped schema's, retries, oversold."""
    print(
        f"\nbooking mix per schema variant ({len(mixes) // len(set(m.variant for m in mixes))} "
        "round(s) each, interleaved):"
    )
    base_rate = 0.0
    for variant in dict.fromkeys(m.variant for m in mixes):
        picked = [i for i, m in enumerate(mixes) if m.variant == variant]
        total = Tally()
        for i in picked:
            total.add(tallies[i])
        rate = total.bookings / sum(walls[i] for i in picked)
        base_rate = base_rate or rate
        per_k = 1000 * total.retried / max(total.bookings, 1)
        print(
            f"  {variant:9} {rate:7,.1f} bookings/s = {rate / base_rate:.2f} x {mixes[0].variant}"
            f"  deadlocks {total.deadlocks}  lock timeouts {total.lock_timeouts}"
            f" ({per_k:.0f} retries per 1000 bookings)  errors {len(total.errors)}"
            f"  oversold {sum(oversold[i] for i in picked)}"
        )
        for err in total.errors[:2]:
            print("     ", err.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="booking phase length")
    parser.add_argument("--floor-seconds", type=float, default=3.0)
    parser.add_argument("--seats", type=int, default=2000)
    parser.add_argument(
        "--variants",
        type=lambda v: v.split(","),
        default=list(VARIANTS),
        help=f"booking-mix schema variants, the first is the baseline ({','.join(VARIANTS)})",
    )
    parser.add_argument("--rounds", type=int, default=2, help="booking mixes per variant")
    args = parser.parse_args()
    if unknown := set(args.variants) - set(VARIANTS):
        parser.error(f"unknown variant(s): {', '.join(sorted(unknown))}")
    if args.seats < 100:  # two rows of 50: the hot block of the booking mix
        parser.error("--seats must be at least 100")
    if args.processes < 1 or args.processes > 64:  # the floor gives each desk rows of its own
        parser.error("--processes must be between 1 and 64")

    offers_race.use_bench_keys()
    name, url, event_id, seat_ids, clerks, twins = create_database(args.processes, args.seats)
    mixes = [Mix(args.variants[0], name, url, event_id, seat_ids)]
    try:
        mixes = _mixes(args, (name, url, event_id, seat_ids, clerks))
        return _run(args, url, mixes, clerks, twins)
    finally:
        for mix in mixes:
            drop_database(mix.name)


def _run(
    args: argparse.Namespace,
    url: str,
    mixes: list[Mix],
    clerks: list[int],
    twins: tuple[Twin, ...],
) -> int:
    plan = offers_race.prepare(url, args.processes)
    event_id, seat_ids = mixes[0].event_id, mixes[0].seat_ids
    print(
        f"database {mixes[0].name}: event {event_id} with {len(seat_ids)} seats, "
        f"{args.processes} desks; booking mixes: {', '.join(m.variant for m in mixes)}"
    )
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(args.processes + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=worker,
            args=(
                i,
                url,
                mixes,
                clerks[i],
                twins,
                args.floor_seconds,
                args.seconds,
                barrier,
                results,
                plan,
            ),
        )
        for i in range(args.processes)
    ]

    def phase() -> float:
        barrier.wait()  # starts
        started = time.perf_counter()
        barrier.wait()  # done
        return time.perf_counter() - started

    try:
        for p in procs:
            p.start()
        floor_wall = phase()
        own_walls = [0.0 for _ in OWN_SEAT_PHASES]
        for _round in range(OWN_ROUNDS):
            for i in range(len(OWN_SEAT_PHASES)):
                own_walls[i] += phase()
        walls = [phase() for _ in mixes]
        phase()  # the offers race
        floor_ops = 0
        own_ops = [0 for _ in OWN_SEAT_PHASES]
        ran_out = [False for _ in OWN_SEAT_PHASES]
        tallies = [Tally() for _ in mixes]
        races = offers_race.RaceTally()
        for _ in procs:
            _index, ops, own, per_mix, race = results.get(timeout=120)
            races.add(race)
            floor_ops += ops
            for i, (sold, out) in enumerate(own):
                own_ops[i] += sold
                ran_out[i] = ran_out[i] or out
            for tally, got in zip(tallies, per_mix, strict=True):
                tally.add(got)
        for p in procs:
            p.join()
        verified = [verify(m.url, m.event_id) for m in mixes]
        offers = offers_race.verify(url, plan)
    except BaseException as exc:
        if isinstance(exc, threading.BrokenBarrierError):  # a desk failed: show why
            for tally in results.get(timeout=30)[3][:1]:
                print("\n".join(tally.errors), file=sys.stderr)
        for p in procs:
            if p.is_alive():
                p.terminate()
        raise

    counts = ("live tickets", "sold seats")
    oversold = [sum(v for k, v in c.items() if k not in counts) for c in verified]
    total, booking_wall, checks = tallies[0], walls[0], verified[0]
    floor_rate = floor_ops / floor_wall
    raw_rate, own_rate, raw_walk_rate, walk_rate = (
        ops / wall for ops, wall in zip(own_ops, own_walls, strict=True)
    )
    booking_rate = total.bookings / booking_wall
    short = ["  (a desk ran out of seats: use more --seats)" if out else "" for out in ran_out]
    print(f"floor (raw PyMySQL UPDATE+COMMIT, {args.processes} processes): {floor_rate:,.0f}/s")
    print(
        f"raw booking (the same hold + checkout statements hand-written in PyMySQL, no service "
        f"code): {raw_rate:,.0f}/s = {raw_rate / floor_rate:.3f} x floor{short[0]}"
    )
    print(
        f"service booking (the same workload through holds + checkout): {own_rate:,.0f}/s = "
        f"{own_rate / raw_rate:.3f} x raw booking = {own_rate / floor_rate:.3f} x floor{short[1]}"
    )
    print(
        f"raw walk-up (a walk-up sale's statements hand-written, one transaction): "
        f"{raw_walk_rate:,.0f}/s = {raw_walk_rate / raw_rate:.3f} x raw booking{short[2]}"
    )
    print(
        f"service walk-up (walk_up_sale: one call, one transaction, same seats): "
        f"{walk_rate:,.0f}/s = {walk_rate / raw_rate:.3f} x raw booking = "
        f"{walk_rate / raw_walk_rate:.3f} x raw walk-up{short[3]}"
    )
    print(f"first booking mix ({mixes[0].variant}):")
    print(f"attempts {total.attempts}  successes {total.bookings}  seats sold {total.seats_sold}")
    print(
        f"refused (taken/expired) {total.conflicts}  cancellations {total.cancellations}  "
        f"holds left to expire {total.abandoned}"
    )
    for key, value in checks.items():
        print(f"  {key}: {value}")
    print(f"oversold {oversold[0]}")
    print(
        f"errors {len(total.errors)}  (retried inside: deadlocks {total.deadlocks}, "
        f"lock timeouts {total.lock_timeouts})"
    )
    for err in total.errors[:5]:
        print("   ", err.strip().replace("\n", "\n    "))
    print(
        f"mix bookings/s {booking_rate:,.1f}  vs floor {floor_rate:,.0f}/s  "
        f"ratio {booking_rate / floor_rate:.3f}  (the mix also runs refusals, cancellations "
        "and best-available between its bookings)"
    )
    lat = sorted(total.latencies) or [0.0]
    print(
        f"booking latency (hold + checkout) median {lat[len(lat) // 2] * 1000:.0f} ms, "
        f"p95 {lat[int(len(lat) * 0.95)] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms; "
        f"booking phase {booking_wall:.1f} s"
    )
    ops = total.bookings + total.cancellations + total.abandoned + total.conflicts
    print(f"all service transactions/s (hold+checkout counted once) {ops / booking_wall:,.1f}")
    _print_variants(mixes, tallies, walls, oversold)
    print(f"oversold {sum(oversold)} over all variants")
    print(
        f"offers: code {offers_race.CODE} limited to {offers_race.CODE_USES} uses: "
        f"attempts {races.code_attempts}, sold with it {races.code_sales}, refused "
        f"{races.code_refused}; voucher for {offers_race.VOUCHER_PARTS} parts: attempts "
        f"{races.voucher_attempts}, paid {races.voucher_sales}, refused {races.voucher_refused}"
    )
    for key in ("code uses", "code redemptions", "voucher payments"):
        print(f"  {key}: {offers[key]}")
    print(f"over-redeemed {offers['over-redeemed']}")
    print(f"voucher below zero {offers['voucher below zero']}")
    print(f"offer errors {len(races.errors)}")
    for err in races.errors[:5]:
        print("   ", err.strip().replace("\n", "\n    "))
    sound = offers["over-redeemed"] == 0 and offers["voucher below zero"] == 0
    shipped = [t for m, t in zip(mixes, tallies, strict=True) if m.variant == "index"]
    clean = not any(t.errors for t in shipped) and not races.errors
    return 0 if sum(oversold) == 0 and sound and clean else 1


if __name__ == "__main__":
    sys.exit(main())
