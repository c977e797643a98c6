"""Package desks and single-ticket desks race for the same seats on MariaDB, as processes.

A package sells one seat in every event in one transaction, or nothing; single desks sell the
same seats night by night. Afterwards: no seat sold twice, every package sale owns its seat in
every event, and no desk saw a driver error (deadlocks are retried inside the services).
"""

from __future__ import annotations

import multiprocessing as mp
import random
import traceback
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, EventSeat, PackageSale
from tests.services.packages.support import make_season
from tests.services.sales_support import check_invariants, make_staff

DESKS = 4  # 2 package desks, 2 single-ticket desks
ROUNDS = 20


def _desk(
    url: str, index: int, user_id: int, package_id: int, seats: list[int], events: list[int]
) -> tuple[int, int, list[str]]:
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.errors import HoldExpired, SeatUnavailable
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender
    from boxoffice.services import packages
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    db = Database(url)
    actor = Actor(user_id, f"desk{index}", Role.CLERK, f"desk{index}")
    rng = random.Random(index)
    made, refused, errors = 0, 0, []
    for n in range(ROUNDS):
        try:
            if index % 2 == 0:
                seat = rng.choice(seats)
                packages.sell_package(
                    db,
                    actor,
                    package_id,
                    seat,
                    [CashTender(Decimal("200.00"), Decimal("200.00"))],
                    f"p{index}-{n}",
                )
            else:
                event = rng.choice(events)
                es = db.run(_seat_ids(event))
                # Singles take the back row only (the front row stays for packages, so some
                # surely sell); packages take any seat, so both kinds collide on the back row.
                es = es[len(es) // 2 :]
                start = rng.randrange(len(es) - 1)
                hold = holds.hold_seats(db, actor, event, es[start : start + rng.randint(1, 2)])
                checkout.checkout(
                    db, actor, hold.hold_id, [CashTender(hold.total, hold.total)], f"s{index}-{n}"
                )
            made += 1
        except (SeatUnavailable, HoldExpired):
            refused += 1
        except Exception:
            errors.append(traceback.format_exc(limit=6))
    db.dispose()
    return made, refused, errors


def _seat_ids(event_id: int) -> Any:
    def work(s: Any) -> list[int]:
        return list(
            s.scalars(
                select(EventSeat.id).where(EventSeat.event_id == event_id).order_by(EventSeat.id)
            )
        )

    return work


def _run(args: tuple[Any, ...]) -> tuple[int, int, list[str]]:
    return _desk(*args)


@pytest.mark.slow
def test_package_and_single_desks_never_oversell(db: Database, db_url: str) -> None:
    from boxoffice.services import packages

    staff = make_staff(db)
    season = make_season(db, nights=4, rows=2, per_row=6)  # 12 seats: constant collisions
    pid = packages.create_package(
        db, staff.manager, "Race", season.event_ids, {"Front": "200.00", "Back": "200.00"}
    )
    seats = sorted(season.seats.values())
    users = [staff.clerk.user_id, staff.clerk2.user_id]
    jobs = [(db_url, i, users[i % 2], pid, seats, season.event_ids) for i in range(DESKS)]
    with mp.get_context("spawn").Pool(DESKS) as pool:
        results = pool.map(_run, jobs)
    errors = [e for _m, _r, errs in results for e in errs]
    assert errors == [], errors[0]
    assert sum(r for _m, r, _e in results) > 0, "the desks never collided"
    for event_id in season.event_ids:
        check_invariants(db, event_id)

    def owned(s):  # type: ignore[no-untyped-def]
        for sale_id, seat_id in s.execute(select(PackageSale.id, PackageSale.seat_id)):
            rows = s.execute(
                select(EventSeat.event_id, EventSeat.status)
                .join(Booking, Booking.id == EventSeat.booking_id)
                .where(EventSeat.seat_id == seat_id, Booking.package_sale_id == sale_id)
            ).all()
            assert sorted(e for e, _st in rows) == sorted(season.event_ids)
            assert {st for _e, st in rows} == {"sold"}
        return s.scalar(select(PackageSale.id).limit(1))

    assert db.run(owned) is not None, "no package was sold"
