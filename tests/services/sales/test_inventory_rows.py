"""Inventory, row by row: after each change, exactly the rows it names changed, as the rules say.

Each test snapshots every seat row, tier counter and hold row of two events, makes one inventory
change in a transaction, and compares: the seats or places named moved to the state the rule
gives (status, hold id, booking id, expiry), and nothing else moved — not the other seats of the
event, not the other tier, not the other event. These were the gaps mutation testing found.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, EventSeat, Hold, HoldType, HouseHold, PriceTier
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    HoldExpired,
    NotFound,
    SeatUnavailable,
    SoldOut,
    ValidationError,
)
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.inventory.events import EventRow
from tests.services.sales_support import make_ga_event, make_seated_event, make_staff

Seats = dict[int, tuple[str, str | None, int | None, datetime | None]]


def seats(s: Session) -> Seats:
    rows = s.execute(
        select(
            EventSeat.id,
            EventSeat.status,
            EventSeat.hold_id,
            EventSeat.booking_id,
            EventSeat.hold_expires_at,
        )
    ).all()
    return {sid: (status, hold, booking, _naive(exp)) for sid, status, hold, booking, exp in rows}


def tiers(s: Session) -> dict[int, int]:
    return dict(s.execute(select(PriceTier.id, PriceTier.ga_sold)).all())


def holds(s: Session) -> dict[str, tuple[int | None, int, datetime]]:
    return {
        hid: (tier, qty, _naive(exp))  # type: ignore[misc]
        for hid, tier, qty, exp in s.execute(
            select(Hold.id, Hold.tier_id, Hold.quantity, Hold.expires_at)
        )
    }


def _naive(value: datetime | None) -> datetime | None:
    # SQLite hands back naive UTC, MariaDB too; compare without microseconds MySQL may drop.
    return None if value is None else value.replace(tzinfo=None, microsecond=0)


def diff(before: dict[Any, Any], after: dict[Any, Any]) -> dict[Any, Any]:
    """The keys whose value changed (or appeared), with their new values."""
    return {k: after.get(k) for k in set(before) | set(after) if before.get(k) != after.get(k)}


@pytest.fixture
def house(db: Database) -> tuple[Database, Any, Any, int]:
    """A seated event, a second seated event (must never move), and a staff id for hold rows."""
    staff = make_staff(db)
    main = make_seated_event(
        db, rows=2, per_row=4, tiers=(("Front", "50.00", 1), ("Back", "30.00", 1))
    )
    other = make_seated_event(db, title="Other", rows=1, per_row=4)
    assert staff.clerk.user_id is not None
    return db, main, other, staff.clerk.user_id


NOW = utcnow().replace(microsecond=0)
LATER = NOW + timedelta(minutes=10)


def test_take_seats_holds_exactly_the_named_seats_of_this_event(house: Any) -> None:
    db, ev, other, _ = house
    a1, a2 = ev.ids("A1", "A2")

    def work(s: Session) -> tuple[Seats, Seats]:
        before = seats(s)
        inv.take_seats(s, ev.id, [a1, a2], "h1", LATER, NOW)
        return before, seats(s)

    before, after = db.run(work)
    assert diff(before, after) == {
        a1: ("held", "h1", None, _naive(LATER)),
        a2: ("held", "h1", None, _naive(LATER)),
    }
    # Another event's seat id given with this event's id is not taken (the event filter).
    with pytest.raises((SeatUnavailable, Exception)):
        db.run(lambda s: inv.take_seats(s, ev.id, [other.seats["A1"]], "h2", LATER, NOW))
    assert db.run(seats)[other.seats["A1"]][0] == "available"


def test_take_seats_takes_an_expired_hold_but_not_a_live_one(house: Any) -> None:
    db, ev, _other, _ = house
    a1, a2 = ev.ids("A1", "A2")
    db.run(
        lambda s: inv.take_seats(
            s, ev.id, [a1], "old", NOW - timedelta(seconds=1), NOW - timedelta(minutes=5)
        )
    )
    db.run(lambda s: inv.take_seats(s, ev.id, [a2], "live", NOW + timedelta(seconds=30), NOW))
    # Expired exactly at NOW counts as dead (expires_at <= now).
    db.run(lambda s: inv.take_seats(s, ev.id, [a1], "new", LATER, NOW - timedelta(seconds=1)))
    assert db.run(seats)[a1][:2] == ("held", "new")
    with pytest.raises(SeatUnavailable):
        db.run(lambda s: inv.take_seats(s, ev.id, [a2], "thief", LATER, NOW))
    assert db.run(seats)[a2][:2] == ("held", "live")
    # The same hold may take its own live seat again (renewing it).
    db.run(lambda s: inv.take_seats(s, ev.id, [a2], "live", LATER, NOW))
    assert db.run(seats)[a2] == ("held", "live", None, _naive(LATER))


def test_a_block_is_taken_whole_or_not_at_all(house: Any) -> None:
    db, ev, other, _ = house
    a1, a2, a3 = ev.ids("A1", "A2", "A3")
    db.run(lambda s: inv.take_seats(s, ev.id, [a3], "first", LATER, NOW))
    before = db.run(seats)
    # a3 is taken: the partial race path must give a1 and a2 back as they were.
    assert (
        db.run(lambda s: inv.try_take_block(s, ev.id, [a1, a2, a3], "second", LATER, NOW)) is False
    )
    assert db.run(seats) == before
    assert db.run(lambda s: inv.try_take_block(s, ev.id, [a1, a2], "second", LATER, NOW)) is True
    assert diff(before, db.run(seats)) == {
        a1: ("held", "second", None, _naive(LATER)),
        a2: ("held", "second", None, _naive(LATER)),
    }
    # Another event's seats are never part of this event's block.
    assert (
        db.run(lambda s: inv.try_take_block(s, ev.id, [other.seats["A1"]], "x", LATER, NOW))
        is False
    )
    # A block whose hold ran out is free again (sellable(now)).
    assert db.run(lambda s: inv.try_take_block(s, ev.id, [a3], "third", LATER, LATER)) is True


def test_free_held_frees_only_this_holds_seats_and_clears_them(house: Any) -> None:
    db, ev, _other, _ = house
    a1, a2, a3 = ev.ids("A1", "A2", "A3")
    db.run(lambda s: inv.take_seats(s, ev.id, [a1, a2], "mine", LATER, NOW))
    db.run(lambda s: inv.take_seats(s, ev.id, [a3], "yours", LATER, NOW))
    before = db.run(seats)
    freed = db.run(lambda s: inv.free_held(s, "mine", [a1, a3]))
    assert freed == 1
    assert diff(before, db.run(seats)) == {a1: ("available", None, None, None)}


def test_renew_moves_only_live_seats_of_this_hold_and_event(house: Any) -> None:
    db, ev, _other, _ = house
    a1, a2 = ev.ids("A1", "A2")
    db.run(lambda s: inv.take_seats(s, ev.id, [a1, a2], "h", LATER, NOW))
    later = LATER + timedelta(minutes=5)
    before = db.run(seats)
    assert db.run(lambda s: inv.renew_held(s, "h", ev.id, later, NOW)) == [a1, a2]
    assert diff(before, db.run(seats)) == {
        a1: ("held", "h", None, _naive(later)),
        a2: ("held", "h", None, _naive(later)),
    }
    assert db.run(lambda s: inv.renew_held(s, "h", ev.id + 999, later, NOW)) == []
    # At its expiry a hold is dead: nothing to renew.
    assert db.run(lambda s: inv.renew_held(s, "h", ev.id, later, later)) == []


def _booking(s: Session, event_id: int, clerk: int) -> int:
    now = utcnow()
    key = uuid.uuid4().hex
    return int(
        s.execute(
            insert(Booking).values(
                reference=key[:8].upper(),
                event_id=event_id,
                clerk_id=clerk,
                desk="t",
                status="confirmed",
                total=0,
                idempotency_key=key,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]  # type: ignore[attr-defined]
    )


def test_sell_held_and_free_sold_leave_the_rows_the_rules_say(house: Any) -> None:
    db, ev, _other, uid = house
    a1, a2, a3 = ev.ids("A1", "A2", "A3")
    db.run(lambda s: inv.take_seats(s, ev.id, [a1, a2], "h", LATER, NOW))
    db.run(lambda s: inv.take_seats(s, ev.id, [a3], "other", LATER, NOW))
    booking = db.run(lambda s: _booking(s, ev.id, uid))
    before = db.run(seats)
    db.run(lambda s: inv.sell_held(s, "h", booking, 2, NOW, "lost"))
    assert diff(before, db.run(seats)) == {
        a1: ("sold", None, booking, None),
        a2: ("sold", None, booking, None),
    }
    # Cancelling one ticket frees its seat completely; the other stays sold.
    before = db.run(seats)
    db.run(lambda s: inv.free_sold(s, booking, [a1]))
    assert diff(before, db.run(seats)) == {a1: ("available", None, None, None)}
    with pytest.raises(AssertionError, match="1 seats to free but 0 were sold to it"):
        db.run(lambda s: inv.free_sold(s, booking, [a3]))


def test_sell_held_refuses_a_hold_that_ran_out_or_lost_a_seat(house: Any) -> None:
    db, ev, _other, uid = house
    a1, a2 = ev.ids("A1", "A2")
    db.run(lambda s: inv.take_seats(s, ev.id, [a1, a2], "h", LATER, NOW))
    booking = db.run(lambda s: _booking(s, ev.id, uid))
    before = db.run(seats)
    with pytest.raises(HoldExpired, match="too late"):
        db.run(lambda s: inv.sell_held(s, "h", booking, 2, LATER, "too late"))
    with pytest.raises(HoldExpired):
        db.run(lambda s: inv.sell_held(s, "h", booking, 3, NOW, "one missing"))
    assert db.run(seats) == before


def test_ga_places_are_counted_per_tier(db: Database) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 3), ("Early", "12.00", 5)))
    standing, early = ev.tiers["Standing"], ev.tiers["Early"]
    before = db.run(tiers)
    db.run(lambda s: inv.take_ga(s, standing, "Standing", 2))
    assert diff(before, db.run(tiers)) == {standing: 2}
    with pytest.raises(SoldOut) as one_left:
        db.run(lambda s: inv.take_ga(s, standing, "Standing", 2))
    assert str(one_left.value) == "Only 1 place left in Standing."
    db.run(lambda s: inv.take_ga(s, standing, "Standing", 1))  # exactly to capacity
    with pytest.raises(SoldOut) as none_left:
        db.run(lambda s: inv.take_ga(s, standing, "Standing", 1))
    assert str(none_left.value) == "Standing is sold out."
    db.run(lambda s: inv.take_ga(s, early, "Early", 3))
    with pytest.raises(SoldOut, match=r"^Only 2 places left in Early\.$"):
        db.run(lambda s: inv.take_ga(s, early, "Early", 3))
    # Giving back touches only the tier named (the tier filter).
    before = db.run(tiers)
    db.run(lambda s: inv.give_back_ga(s, {standing: 2, early: 0}))
    assert diff(before, db.run(tiers)) == {standing: 1}
    with pytest.raises(AssertionError, match="never had"):
        db.run(lambda s: inv.give_back_ga(s, {early: 4}))
    db.run(lambda s: inv.give_back_ga(s, {early: 3}))  # exactly what it had
    assert db.run(tiers)[early] == 0


def test_reclaim_sums_dead_holds_per_tier_and_spares_live_ones(db: Database) -> None:
    staff = make_staff(db)
    assert staff.clerk.user_id is not None
    uid = staff.clerk.user_id
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 10), ("Early", "12.00", 10)))
    far = make_ga_event(db, tiers=(("Standing", "20.00", 10),))
    standing, early = ev.tiers["Standing"], ev.tiers["Early"]
    dead = NOW - timedelta(seconds=1)

    def setup(s: Session) -> None:
        for hid, event_id, tier, qty, exp in (
            ("d1", ev.id, standing, 2, dead),
            ("d2", ev.id, standing, 3, dead),  # two dead holds on one tier: 5 back
            ("edge", ev.id, early, 1, NOW),  # expires exactly now: dead
            ("live", ev.id, early, 4, LATER),
            ("far", far.id, far.tiers["Standing"], 6, dead),  # another event: untouched
        ):
            inv.take_ga(s, tier, "t", qty)
            inv.insert_hold(
                s, hid, event_id, uid, "desk", NOW - timedelta(minutes=9), exp, tier, qty
            )

    db.run(setup)
    before_tiers, before_holds = db.run(tiers), db.run(holds)
    assert db.run(lambda s: inv.reclaim_expired(s, ev.id, NOW)) == 6
    assert diff(before_tiers, db.run(tiers)) == {standing: 0, early: 4}
    assert set(before_holds) - set(db.run(holds)) == {"d1", "d2", "edge"}


def test_grow_ga_hold_only_a_live_hold_of_that_event_and_tier(db: Database) -> None:
    uid = make_staff(db).clerk.user_id
    assert uid is not None
    ev = make_ga_event(db)
    standing, early = ev.tiers["Standing"], ev.tiers["Early"]
    db.run(lambda s: inv.insert_hold(s, "g", ev.id, uid, "d", NOW, LATER, standing, 2))
    db.run(lambda s: inv.insert_hold(s, "n", ev.id, uid, "d", NOW, LATER, standing, 1))
    later = LATER + timedelta(minutes=1)
    assert db.run(lambda s: inv.grow_ga_hold(s, "g", ev.id, early, 1, later, NOW)) is None
    assert db.run(lambda s: inv.grow_ga_hold(s, "g", ev.id + 1, standing, 1, later, NOW)) is None
    assert db.run(lambda s: inv.grow_ga_hold(s, "g", ev.id, standing, 1, later, LATER)) is None
    assert db.run(lambda s: inv.grow_ga_hold(s, "g", ev.id, standing, 3, later, NOW)) == 5
    assert db.run(holds)["g"] == (standing, 5, _naive(later))
    assert db.run(holds)["n"] == (standing, 1, _naive(LATER))  # the neighbour hold is untouched


def _event(status: str = "scheduled") -> EventRow:
    return EventRow(
        id=1,
        title="Play",
        status=status,
        starts_at=NOW + timedelta(hours=2),
        sales_open_at=NOW - timedelta(hours=1),
        sales_close_at=NOW + timedelta(hours=1),
        ga_capacity=None,
        layout_id=1,
    )


def test_the_sales_window_edges() -> None:
    ev = _event()
    assert ev.sale_problem(ev.sales_open_at) is None  # opens at its first second
    assert ev.sale_problem(ev.sales_open_at - timedelta(seconds=1)) == (
        f"Sales for Play open on {stamp_text(ev.sales_open_at)} UTC."  # as the locale writes it
    )
    assert ev.sale_problem(ev.sales_close_at - timedelta(seconds=1)) is None
    assert ev.sale_problem(ev.sales_close_at) == "Sales for Play have closed."
    assert ev.sale_problem(ev.starts_at) == "Play has already started."
    assert ev.sale_problem(ev.starts_at - timedelta(seconds=1)) == "Sales for Play have closed."
    assert _event("cancelled").sale_problem(NOW) == "Play is cancelled."
    with pytest.raises(Exception, match="have closed"):
        inv.require_on_sale(ev, ev.sales_close_at)
    assert inv.require_on_sale(ev, NOW) is ev


def test_limits_on_seats_and_quantities() -> None:
    assert inv.seat_ids_arg([3, 1, 3, 2]) == [1, 2, 3]
    assert len(inv.seat_ids_arg(range(inv.MAX_SEATS_PER_HOLD))) == 200
    with pytest.raises(ValidationError, match=r"^One sale holds at most 200 seats\.$"):
        inv.seat_ids_arg(range(201))
    with pytest.raises(ValidationError, match=r"^Choose at least one seat\.$"):
        inv.seat_ids_arg([])
    with pytest.raises(ValidationError, match=r"^Seats are given by their numeric ids\.$"):
        inv.seat_ids_arg(["A1"])  # type: ignore[list-item]
    assert inv.quantity_arg(1) == 1 and inv.quantity_arg(200) == 200
    with pytest.raises(
        ValidationError, match=r"^The number of tickets must be at least 1 \(got 0\)\.$"
    ):
        inv.quantity_arg(0)
    with pytest.raises(ValidationError, match=r"^One sale takes at most 200 tickets\.$"):
        inv.quantity_arg(201)
    with pytest.raises(ValidationError, match=r"^One sale takes at most 5 tickets\.$"):
        inv.quantity_arg(6, most=5)
    for odd in (True, 2.0, "2"):
        with pytest.raises(ValidationError, match="whole number"):
            inv.quantity_arg(odd)  # type: ignore[arg-type]
    assert [list(c) for c in inv.chunks([1, 2, 3, 4, 5], 2)] == [[1, 2], [3, 4], [5]]
    assert list(inv.chunks([], 2)) == []
    with pytest.raises(ValidationError, match="longer than zero"):
        inv.hold_length(timedelta(0))
    assert inv.hold_length(timedelta(seconds=1)) == timedelta(seconds=1)


def test_hold_minutes_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOXOFFICE_HOLD_MINUTES", "1")
    assert inv.hold_length() == timedelta(minutes=1)
    monkeypatch.setenv("BOXOFFICE_HOLD_MINUTES", "0")
    with pytest.raises(ValidationError, match="at least 1"):
        inv.hold_length()


# --- Refusals: which seats a refusal names, and the words the clerk reads ------------------------


def _named_hold(s: Session, event_id: int, seat_ids: list[int], until: datetime | None) -> None:
    kind = HoldType(name=f"Press {uuid.uuid4().hex[:6]}")
    s.add(kind)
    s.flush()
    named = HouseHold(
        event_id=event_id, hold_type_id=kind.id, label="press", release_at=until, created_at=NOW
    )
    s.add(named)
    s.flush()
    s.execute(
        update(EventSeat)
        .where(EventSeat.id.in_(seat_ids))
        .values(house_hold_id=named.id, house_until=until)
    )


LOST = " no longer available (sold, blocked, held at another desk or kept back by a named hold)."


def test_a_refusal_names_exactly_the_seats_that_are_gone(house: Any) -> None:
    db, ev, _other, uid = house
    a1, a2, a3, a4, b1, b2, b3, b4 = ev.ids("A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4")
    db.run(lambda s: inv.take_seats(s, ev.id, [a1], "theirs", LATER, NOW))  # live elsewhere
    db.run(lambda s: inv.take_seats(s, ev.id, [a2], "mine", LATER, NOW))  # our own
    db.run(lambda s: inv.take_seats(s, ev.id, [a3], "gone", NOW, NOW - timedelta(minutes=1)))
    booking = db.run(lambda s: _booking(s, ev.id, uid))
    db.run(
        lambda s: s.execute(
            update(EventSeat).where(EventSeat.id == a4).values(status="sold", booking_id=booking)
        )
    )
    db.run(lambda s: _named_hold(s, ev.id, [b1], NOW + timedelta(hours=1)))  # kept back
    db.run(lambda s: _named_hold(s, ev.id, [b2], NOW))  # released exactly now
    db.run(lambda s: _named_hold(s, ev.id, [b3], None))  # until released by hand
    everything = [a1, a2, a3, a4, b1, b2, b3, b4]

    err = db.run(lambda s: inv.unavailable(s, ev.id, everything, "mine", NOW))
    assert isinstance(err, SeatUnavailable)
    assert err.seat_ids == tuple(sorted([a1, a4, b1, b3]))
    assert str(err) == "Stalls A1, Stalls A4, Stalls B1, Stalls B3 are" + LOST
    # Without a hold of our own, our seat is someone else's too.
    err = db.run(lambda s: inv.unavailable(s, ev.id, everything, None, NOW))
    assert err.seat_ids == tuple(sorted([a1, a2, a4, b1, b3]))  # type: ignore[union-attr]


def test_one_lost_seat_is_named_in_the_singular(house: Any) -> None:
    db, ev, _other, _ = house
    a1, a2 = ev.ids("A1", "A2")
    db.run(lambda s: inv.take_seats(s, ev.id, [a1], "theirs", LATER, NOW))
    with pytest.raises(SeatUnavailable) as raised:
        db.run(lambda s: inv.take_seats(s, ev.id, [a1, a2], "mine", LATER, NOW))
    assert str(raised.value) == "Stalls A1 is" + LOST
    assert raised.value.seat_ids == (a1,)
    assert db.run(seats)[a2] == ("available", None, None, None)  # nothing taken


def test_a_refusal_with_nothing_lost_asks_to_try_again(house: Any) -> None:
    db, ev, _other, _ = house
    a1, a2 = ev.ids("A1", "A2")
    err = db.run(lambda s: inv.unavailable(s, ev.id, [a1, a2], "mine", NOW))
    assert isinstance(err, SeatUnavailable)
    assert str(err) == "Those seats were busy for a moment; please try again."
    assert err.seat_ids == ()


def test_seats_of_another_event_or_none_at_all_are_not_found(house: Any) -> None:
    db, ev, other, _ = house
    a1 = ev.ids("A1")[0]
    strangers = [other.seats["A1"], *range(10**6, 10**6 + 11)]
    err = db.run(lambda s: inv.unavailable(s, ev.id, [a1, *strangers], "mine", NOW))
    assert isinstance(err, NotFound)
    shown = ", ".join(str(i) for i in strangers[:10])  # the first ten, no more
    assert str(err) == f"Seat id(s) {shown} are not seats of this event."


def test_labels_and_their_summary(house: Any) -> None:
    db, ev, _other, _ = house
    a1, b4 = ev.ids("A1", "B4")
    assert db.run(lambda s: inv.seat_labels(s, [a1, b4])) == {a1: "Stalls A1", b4: "Stalls B4"}
    assert db.run(lambda s: inv.seat_labels(s, [b4])) == {b4: "Stalls B4"}
    names = [f"S{i}" for i in range(1, 9)]
    assert inv.describe(names[:6]) == "S1, S2, S3, S4, S5, S6"
    assert inv.describe(names[:7]) == "S1, S2, S3, S4, S5, S6 and 1 more"
    assert inv.describe(reversed(names)) == "S1, S2, S3, S4, S5, S6 and 2 more"
    assert inv.describe(names, most=2) == "S1, S2 and 6 more"
