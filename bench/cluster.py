"""Cluster benchmark: the concurrency workload on one server, on one node of a 3-node Galera
cluster, and spread over its three nodes, in one run.

    uv run python bench/cluster.py [--desks 6] [--seconds 8] [--hot 60]

Starts its own servers on free ports (Debian packages mariadb-server, galera-4, rsync): one plain
mariadbd, then a 3-node Galera cluster (same settings plus wsrep). In each phase every desk (a
process) books 1–3 seats again and again through the services (holds.hold_seats, then cash
checkout.checkout): half its attempts aimed at a small hot block every desk wants, half anywhere
in the event. Phases:

1. one server: all desks on the plain mariadbd (the baseline);
2. cluster, one node: all desks on node 1 (what replication itself costs: every commit is
   certified by the group);
3. cluster, three nodes: desks spread over the three nodes (conflicting commits on different
   nodes: one fails certification at COMMIT and is retried by Database.run).

Each phase sells its own event of the same size. It prints bookings/s of each phase and the
ratios to the baseline, the deadlocks/certification failures the services retried, the refusals
(seats taken first by another desk: expected) and, after checking every node, oversold seats
(must be 0) and idempotency keys booked twice (must be 0). Exit status 1 if either is not 0.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the cluster launcher lives with the tests that use it

from tests.cluster.galera import Cluster, missing_parts, start_cluster  # noqa: E402

RETRIED_CODES = {1213, 1205, 3101}


@dataclass
class Tally:
    bookings: int = 0
    refused: int = 0  # seats taken first by another desk, hold ran out: expected
    retried: int = 0  # deadlocks / certification failures retried inside Database.run
    errors: int = 0  # anything else (printed): must stay 0
    first_error: str = ""


def desk(
    index: int,
    url: str,
    actor: Any,
    event_id: int,
    seats: list[int],
    hot: int,
    seconds: float,
    barrier: Any,
    out: Any,
) -> None:
    """One desk: book until the phase ends; put its Tally on *out*."""
    from sqlalchemy import event

    from boxoffice.db.database import Database
    from boxoffice.domain.errors import Conflict, HoldExpired, SeatUnavailable
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    db = Database(url, failover_hosts="")
    tally = Tally()

    @event.listens_for(db.engine, "handle_error")
    def _count(context: Any) -> None:
        orig = context.original_exception
        if getattr(orig, "args", None) and orig.args[0] in RETRIED_CODES:
            tally.retried += 1

    rng = random.Random(index)
    barrier.wait()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        size = rng.randint(1, 3)
        span = hot if rng.random() < 0.5 else len(seats)
        start = rng.randrange(0, span - size)
        try:
            hold = holds.hold_seats(db, actor, event_id, seats[start : start + size])
            checkout.checkout(
                db,
                actor,
                hold.hold_id,
                [CashTender(hold.total, hold.total)],
                f"bench-{index}-{uuid.uuid4().hex[:16]}",
            )
            tally.bookings += 1
        except (SeatUnavailable, HoldExpired, Conflict):
            tally.refused += 1
        except Exception as exc:
            tally.errors += 1
            tally.first_error = tally.first_error or f"{type(exc).__name__}: {exc}"
    db.dispose()
    out.put(tally)


def run_phase(urls: list[str], actors: list[Any], event: Any, args: argparse.Namespace) -> Tally:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(args.desks + 1)
    out = ctx.Queue()
    seats = sorted(event.seats.values())
    procs = [
        ctx.Process(
            target=desk,
            args=(
                i,
                urls[i % len(urls)],
                replace(actors[i % len(actors)], desk=f"bench-{i}"),
                event.id,
                seats,
                args.hot,
                args.seconds,
                barrier,
                out,
            ),
        )
        for i in range(args.desks)
    ]
    for p in procs:
        p.start()
    try:
        barrier.wait(timeout=120)
        total = Tally()
        for _ in procs:
            t = out.get(timeout=args.seconds + 120)
            total.bookings += t.bookings
            total.refused += t.refused
            total.retried += t.retried
            total.errors += t.errors
            total.first_error = total.first_error or t.first_error
        for p in procs:
            p.join()
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
    return total


def check(urls: list[str], event_id: int) -> tuple[int, int, bool]:
    """(oversold seats, keys booked twice, all nodes agree) once every node has applied all."""
    from boxoffice.db.database import Database
    from tests.cluster.desks import audit

    dbs = [Database(u, failover_hosts="") for u in urls]
    try:
        deadline = time.monotonic() + 60
        while True:
            audits = [audit(db, event_id) for db in dbs]
            agree = all(a == audits[0] for a in audits)
            if agree or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        for db in dbs:
            db.dispose()
    return max(a.oversold for a in audits), max(a.keys_twice for a in audits), agree


def prepare(url: str, rows: int, per_row: int) -> tuple[Any, list[Any]]:
    """Schema, staff and one event per phase (the same size each)."""
    from boxoffice.db import migrate
    from boxoffice.db.database import Database
    from tests.services.sales_support import make_seated_event, make_staff

    db = Database(url, failover_hosts="")
    migrate.upgrade(db.engine)
    staff = make_staff(db)
    events = [
        make_seated_event(db, f"Bench {name}", rows=rows, per_row=per_row)
        for name in ("server", "one node", "three nodes")
    ]
    db.dispose()
    return staff, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=6, help="desk processes per phase")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    parser.add_argument("--hot", type=int, default=60, help="seats of the block every desk wants")
    parser.add_argument("--rows", type=int, default=25)
    parser.add_argument("--per-row", type=int, default=40)
    args = parser.parse_args()
    problem = missing_parts()
    if problem is not None:
        print(f"cannot run: {problem}")
        return 2
    made: dict[str, Any] = {}

    def fill(url: str) -> None:
        made["staff"], made["events"] = prepare(url, args.rows, args.per_row)

    with tempfile.TemporaryDirectory(prefix="boxoffice-cluster-bench-") as tmp:
        started = time.monotonic()
        single: Cluster = start_cluster(Path(tmp) / "single", size=1, wsrep=False, prepare=fill)
        cluster: Cluster | None = None
        try:
            staff, events = made["staff"], made["events"]
            actors = [staff.clerk, staff.clerk2]
            cluster = start_cluster(Path(tmp) / "galera", prepare=fill)
            print(
                f"servers up in {time.monotonic() - started:.0f} s; {args.desks} desks, "
                f"{args.seconds:g} s per phase, {args.rows * args.per_row} seats per event, "
                f"hot block {args.hot}"
            )
            _staff, cevents = made["staff"], made["events"]
            phases = [
                ("one server", single.urls, events[0], single.urls),
                ("cluster, one node", cluster.urls[:1], cevents[1], cluster.urls),
                ("cluster, 3 nodes", cluster.urls, cevents[2], cluster.urls),
            ]
            rates: list[float] = []
            bad = 0
            for name, urls, event, check_urls in phases:
                tally = run_phase(urls, actors, event, args)
                oversold, twice, agree = check(check_urls, event.id)
                rate = tally.bookings / args.seconds
                rates.append(rate)
                bad += oversold + twice + tally.errors + (not agree)
                print(
                    f"{name:18} bookings/s {rate:7.1f}  ({rate / rates[0]:.2f} x one server)  "
                    f"retried conflicts {tally.retried:4}  refused {tally.refused:4}  "
                    f"oversold {oversold}  keys twice {twice}  errors {tally.errors}"
                    + ("" if agree else "  NODES DISAGREE")
                )
                if tally.first_error:
                    print(f"    first error: {tally.first_error}")
            print(
                f"ratios: cluster one node / one server {rates[1] / rates[0]:.2f}; "
                f"cluster 3 nodes / one server {rates[2] / rates[0]:.2f}; "
                f"3 nodes / one node {rates[2] / rates[1]:.2f}"
            )
        finally:
            if cluster is not None:
                cluster.stop()
            single.stop()
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
