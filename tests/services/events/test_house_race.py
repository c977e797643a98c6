"""A manager places a named hold on a section while desks sell its seats (MariaDB, real row
locks): every seat ends sold or under the hold, never both, and nothing is oversold."""

from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.database import Database
from boxoffice.db.models import EventSeat
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import HoldExpired, SeatUnavailable
from boxoffice.services.events import house
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.events.test_house import section_of
from tests.services.sales_support import cash, check_invariants, make_seated_event, make_staff

ROUNDS = 4


def _desk(
    url: str,
    actor: Actor,
    event_id: int,
    seats: list[int],
    seed: int,
    start: threading.Barrier,
    sold: list[int],
    errors: list[BaseException],
) -> None:
    """One desk selling random blocks of three seats as fast as it can."""
    rng = random.Random(seed)
    own = Database(url)
    try:
        start.wait()
        for k in range(20):
            block = rng.sample(seats, 3)
            try:
                hold = holds.hold_seats(own, actor, event_id, block)
                checkout.checkout(own, actor, hold.hold_id, cash(hold.total), f"r{seed}-{k}")
                sold.extend(block)
            except (SeatUnavailable, HoldExpired):
                pass
    except BaseException as exc:  # reported by the test
        errors.append(exc)
    finally:
        own.dispose()


def _tally(db: Database, event_id: int) -> tuple[int, int, int]:
    """(sold and under the hold, under the hold, sold) seats of the event."""

    def count(s: Session, *where: ColumnElement[bool]) -> int:
        return int(
            s.scalar(select(func.count()).where(EventSeat.event_id == event_id, *where)) or 0
        )

    under = EventSeat.house_hold_id.is_not(None)
    sold = EventSeat.status == "sold"
    return db.run(lambda s: (count(s, sold, under), count(s, under), count(s, sold)))


@pytest.mark.mysql
def test_a_hold_placed_while_desks_sell_leaves_each_seat_held_or_sold(mysql_url: str) -> None:
    from tests.conftest import _empty_tables

    db = Database(mysql_url)
    _empty_tables(db)
    staff = make_staff(db)
    house_type = {t.name: t.id for t in house.list_hold_types(db, staff.clerk)}["House"]
    for n in range(ROUNDS):
        ev = make_seated_event(db, title=f"Race {n}", rows=6, per_row=10)
        section = section_of(db, ev.id)
        seats = sorted(ev.seats.values())
        start = threading.Barrier(3)
        sold: list[int] = []
        errors: list[BaseException] = []

        threads = [
            threading.Thread(
                target=_desk,
                args=(mysql_url, actor, ev.id, seats, i * 100 + n, start, sold, errors),
            )
            for i, actor in enumerate((staff.clerk, staff.clerk2))
        ]
        for t in threads:
            t.start()
        start.wait()
        while len(sold) < 6 and any(t.is_alive() for t in threads):
            time.sleep(0.005)  # place while the desks are in full swing
        placed = 0
        for row in "ABCDEF":  # row by row: many moments to collide with a desk
            placed += house.place_hold(
                db, staff.manager, ev.id, house_type, section_id=section, rows=[row]
            ).changed
        for t in threads:
            t.join()
        assert errors == [], errors
        both, held, sold_rows = _tally(db, ev.id)
        assert both == 0, "a seat is both sold and under the named hold"
        assert held == placed
        assert sold_rows == len(sold)
        assert held + sold_rows == len(seats)  # no desk hold was left: every seat is one or other
        check_invariants(db, ev.id)
    db.dispose()
