"""Several desks as separate processes on one small event: nothing oversold, nothing leaks.

Each process holds overlapping seats, pays, cancels, and leaves some holds to run out. Afterwards
the database must be consistent and no desk may have seen a driver error (deadlocks and lock
timeouts are retried inside the services).
"""

from __future__ import annotations

import multiprocessing as mp
import random
import traceback
from datetime import timedelta
from typing import Any

import pytest

from boxoffice.db.database import Database
from tests.services.sales_support import (
    check_invariants,
    make_ga_event,
    make_seated_event,
    make_staff,
)

PROCESSES = 4
ROUNDS = 25


def _desk(
    url: str, index: int, user_id: int, event_id: int, seats: list[int], ga: tuple[int, int]
) -> tuple[int, int, list[str]]:
    """One desk's session: returns (bookings made, refusals, unexpected errors)."""
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.errors import HoldExpired, SeatUnavailable, SoldOut
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.bookings import manage as bookings
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    db = Database(url)
    actor = Actor(user_id, f"desk{index}", Role.CLERK, f"desk{index}")
    rng = random.Random(index)
    made, refused, errors = 0, 0, []
    references: list[str] = []
    for n in range(ROUNDS):
        try:
            roll = rng.random()
            if roll < 0.15 and references:
                bookings.cancel_booking(db, actor, references.pop(), "test")
                continue
            if roll < 0.35:
                hold = holds.hold_general_admission(db, actor, ga[0], ga[1], rng.randint(1, 3))
            else:
                start = rng.randrange(len(seats) - 2)
                block = seats[start : start + rng.randint(1, 3)]
                if roll > 0.9:  # walked away: the hold runs out by itself
                    holds.hold_seats(db, actor, event_id, block, hold_for=timedelta(seconds=0.05))
                    continue
                hold = holds.hold_seats(db, actor, event_id, block)
            paid = [CashTender(hold.total, hold.total)]
            result = checkout.checkout(db, actor, hold.hold_id, paid, f"{index}-{n}")
            references.append(result.reference)
            made += 1
        except (SeatUnavailable, SoldOut, HoldExpired):
            refused += 1
        except Exception:  # reported back: the test fails on any
            errors.append(traceback.format_exc(limit=4))
    db.dispose()
    return made, refused, errors


def _run(args: tuple[Any, ...]) -> tuple[int, int, list[str]]:
    return _desk(*args)


@pytest.mark.slow
def test_desks_in_separate_processes_never_oversell(db: Database, db_url: str) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db, rows=2, per_row=6)  # 12 seats for 4 desks: constant collisions
    ga = make_ga_event(db, tiers=(("Standing", "20.00", 12),))
    seats = sorted(ev.seats.values())
    users = [staff.clerk.user_id, staff.clerk2.user_id]
    jobs = [
        (db_url, i, users[i % 2], ev.id, seats, (ga.id, ga.tiers["Standing"]))
        for i in range(PROCESSES)
    ]
    with mp.get_context("spawn").Pool(PROCESSES) as pool:
        results = pool.map(_run, jobs)
    errors = [e for _m, _r, errs in results for e in errs]
    assert errors == [], errors[0]
    assert sum(m for m, _r, _e in results) > 0
    assert sum(r for _m, r, _e in results) > 0, "the desks never collided"
    check_invariants(db, ev.id)
    check_invariants(db, ga.id)


def test_a_deadlock_that_outlasts_the_retries_is_a_clear_message(db: Database) -> None:
    """What a desk sees when the server keeps choosing it as the deadlock victim."""
    import pymysql
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from boxoffice.domain.errors import Conflict
    from boxoffice.services.sales import inventory

    calls = []

    def always_deadlocked(session: Session) -> None:
        calls.append(1)
        raise OperationalError(
            "UPDATE event ...", {}, pymysql.err.OperationalError(1213, "Deadlock")
        )

    with pytest.raises(Conflict, match="try again"):
        inventory.run(db, always_deadlocked)
    assert len(calls) > 1  # retried before giving up
