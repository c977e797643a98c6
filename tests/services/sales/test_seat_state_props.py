"""Property test: any sequence of hold / release / checkout / cancel / expiry keeps the seats right.

A stateful Hypothesis test drives two desks against one small event and compares the database with
a model after every step: no seat is ever sold twice, sold seats match live tickets, sold_count
matches, and every seat is in the state the model predicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import HoldExpired, SeatUnavailable
from boxoffice.domain.seatmap import SeatState
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    cash,
    check_invariants,
    expire_hold,
    make_seated_event,
    make_staff,
)


@dataclass
class DeskHold:
    hold_id: str
    live: bool = True


def test_seat_states_stay_consistent(db: Database) -> None:
    staff = make_staff(db)
    desks = [staff.clerk, staff.clerk2]
    counter = iter(range(10**9))

    class Seats(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.event = make_seated_event(db, rows=2, per_row=4)
            self.seat_ids = sorted(self.event.seats.values())
            # Model: seat -> ("free",) | ("held", desk index) | ("sold", reference)
            self.seat: dict[int, tuple[str, int] | tuple[str, str] | tuple[str]] = {
                i: ("free",) for i in self.seat_ids
            }
            self.holds: dict[int, DeskHold | None] = {0: None, 1: None}
            self.held_by: dict[str, set[int]] = {}
            self.sold: dict[str, tuple[Actor, set[int]]] = {}

        def _free_for(self, desk: int, seat: int) -> bool:
            state = self.seat[seat]
            if state[0] == "free":
                return True
            if state[0] == "held":
                hold = self.holds[desk]
                owner = int(state[1])
                owner_hold = self.holds[owner]
                mine = hold is not None and hold.live and owner == desk
                return mine or owner_hold is None or not owner_hold.live
            return False

        def _forget_hold(self, desk: int) -> None:
            hold = self.holds[desk]
            if hold is None:
                return
            for seat in self.held_by.pop(hold.hold_id, set()):
                if self.seat[seat] == ("held", desk):
                    self.seat[seat] = ("free",)
            self.holds[desk] = None

        @rule(desk=st.integers(0, 1), picks=st.lists(st.integers(0, 7), min_size=1, max_size=3))
        def hold(self, desk: int, picks: list[int]) -> None:
            seats = sorted({self.seat_ids[p] for p in picks})
            current = self.holds[desk]
            hold_id = current.hold_id if current is not None else None
            expect_ok = all(self._free_for(desk, s) for s in seats)
            try:
                info = holds.hold_seats(db, desks[desk], self.event.id, seats, hold_id)
            except HoldExpired:
                assert current is not None and not current.live
                self._forget_hold(desk)
                return
            except SeatUnavailable:
                assert not expect_ok, "a free seat was refused"
                return
            assert current is None or current.live, "an expired hold was topped up"
            assert expect_ok, "a taken seat was held"
            for seat in seats:
                previous = self.seat[seat]
                if previous[0] == "held" and previous[1] != desk:
                    self.held_by[self._hold_of(int(previous[1]))].discard(seat)
                self.seat[seat] = ("held", desk)
            self.holds[desk] = DeskHold(info.hold_id)
            self.held_by.setdefault(info.hold_id, set()).update(seats)
            assert set(info.seat_ids) == {
                s for s in self.held_by[info.hold_id] if self.seat[s] == ("held", desk)
            }

        def _hold_of(self, desk: int) -> str:
            hold = self.holds[desk]
            assert hold is not None
            return hold.hold_id

        @precondition(lambda self: any(h is not None for h in self.holds.values()))
        @rule(desk=st.integers(0, 1))
        def release(self, desk: int) -> None:
            hold = self.holds[desk]
            if hold is None:
                return
            assert holds.release_seats(db, desks[desk], hold.hold_id) is None
            self._forget_hold(desk)

        @precondition(lambda self: any(h is not None for h in self.holds.values()))
        @rule(desk=st.integers(0, 1))
        def expire(self, desk: int) -> None:
            hold = self.holds[desk]
            if hold is None or not hold.live:
                return
            expire_hold(db, hold.hold_id)
            hold.live = False

        @precondition(lambda self: any(h is not None for h in self.holds.values()))
        @rule(desk=st.integers(0, 1))
        def buy(self, desk: int) -> None:
            hold = self.holds[desk]
            if hold is None:
                return
            held = self.held_by.get(hold.hold_id, set())
            mine = {s for s in held if self.seat[s] == ("held", desk)}
            info = holds.get_hold(db, desks[desk], hold.hold_id)
            amount = info.total if info is not None else Decimal("0.00")
            try:
                result = checkout.checkout(
                    db, desks[desk], hold.hold_id, cash(amount), f"k{next(counter)}"
                )
            except HoldExpired:
                assert not hold.live or not mine
                self._forget_hold(desk)
                return
            assert hold.live and mine, "an expired or empty hold was sold"
            for seat in mine:
                self.seat[seat] = ("sold", result.reference)
            self.sold[result.reference] = (desks[desk], mine)
            self.held_by.pop(hold.hold_id, None)
            self.holds[desk] = None

        @precondition(lambda self: bool(self.sold))
        @rule(data=st.data())
        def cancel(self, data: st.DataObject) -> None:
            reference = data.draw(st.sampled_from(sorted(self.sold)))
            actor, seats = self.sold.pop(reference)
            bookings.cancel_booking(db, actor, reference)
            for seat in seats:
                self.seat[seat] = ("free",)

        @invariant()
        def database_agrees(self) -> None:
            check_invariants(db, self.event.id)
            seat_map = catalog.seat_map(db, desks[0], self.event.id)
            for seat, state in self.seat.items():
                shown = seat_map.states[seat]
                if state[0] == "sold":
                    assert shown == SeatState.SOLD
                elif state[0] == "free":
                    assert shown == SeatState.AVAILABLE
                else:
                    owner = self.holds[int(state[1])]
                    live = owner is not None and owner.live
                    assert shown == (SeatState.HELD_OTHER if live else SeatState.AVAILABLE)

    run_state_machine_as_test(
        Seats,
        settings=settings(
            max_examples=12,
            stateful_step_count=18,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
