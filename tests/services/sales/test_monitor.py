"""Seat monitor service: idle polls, changed events, counts (seated and GA), hold expiry."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.domain.seatmap import SeatState
from boxoffice.domain.tender import CashTender
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.reports import sales as reports
from boxoffice.services.sales import catalog, holds, monitor
from boxoffice.services.sales import purchase as checkout
from tests.services.reports.test_reports_support import Demo, demo_ids


@pytest.fixture
def demo(demo_db: Database) -> Demo:
    return demo_ids(demo_db)


def _tally(db: Database, demo: Demo, event_id: int) -> Counter[SeatState]:
    return Counter(catalog.seat_map(db, demo.manager, event_id).states.values())


def _free(db: Database, demo: Demo, event_id: int, n: int) -> list[int]:
    states = catalog.seat_map(db, demo.manager, event_id).states
    return [i for i, s in sorted(states.items()) if s is SeatState.AVAILABLE][:n]


def test_idle_poll_returns_nothing(demo_db: Database, demo: Demo) -> None:
    ids = [demo.events["Hamlet"], demo.events["Polar Lights Tour"], demo.events["Indie Showcase"]]
    known = catalog.seat_versions(demo_db, demo.manager, ids)
    assert monitor.poll(demo_db, demo.manager, known) == {}


def test_a_change_reports_the_seats_and_new_counts(demo_db: Database, demo: Demo) -> None:
    hamlet, arena = demo.events["Hamlet"], demo.events["Polar Lights Tour"]
    snap = monitor.open_event(demo_db, demo.manager, hamlet)
    assert snap.seat_map is not None and snap.event.title == "Hamlet"
    before = snap.counts
    known = {hamlet: snap.version, arena: monitor.open_event(demo_db, demo.manager, arena).version}
    seats = _free(demo_db, demo, hamlet, 3)
    hold = holds.hold_seats(demo_db, demo.clerk, hamlet, seats)

    updates = monitor.poll(demo_db, demo.manager, known)
    assert set(updates) == {hamlet}  # the arena did not move: no work for it
    update = updates[hamlet]
    assert update.version > known[hamlet]
    assert update.changes is not None
    assert update.changes.states == {s: SeatState.HELD_OTHER for s in seats}
    assert set(update.changes.hold_expiry) == set(seats)
    assert update.counts.held == before.held + 3
    assert update.counts.available == before.available - 3
    assert update.counts.next_expiry == hold.expires_at
    known[hamlet] = update.version
    assert monitor.poll(demo_db, demo.manager, known) == {}

    checkout.checkout(demo_db, demo.clerk, hold.hold_id, [CashTender(hold.total, hold.total)], "k1")
    sold = monitor.poll(demo_db, demo.manager, known)[hamlet]
    assert sold.changes is not None
    assert sold.changes.states == {s: SeatState.SOLD for s in seats}
    assert (sold.counts.sold, sold.counts.held) == (before.sold + 3, before.held)
    assert sold.counts.next_expiry is None


@pytest.mark.parametrize("title", ["Hamlet", "Polar Lights Tour"])
def test_seated_counts_agree_with_the_seat_map(demo_db: Database, demo: Demo, title: str) -> None:
    event_id = demo.events[title]
    holds.hold_seats(demo_db, demo.clerk, event_id, _free(demo_db, demo, event_id, 5))
    counts = monitor.seat_counts(demo_db, demo.manager, [event_id])[event_id]
    tally = _tally(demo_db, demo, event_id)
    assert counts.sold == tally[SeatState.SOLD] > 0
    assert counts.held == tally[SeatState.HELD_OTHER] == 5
    assert counts.available == tally[SeatState.AVAILABLE]
    assert counts.blocked == tally[SeatState.BLOCKED]
    assert counts.capacity == sum(tally.values())


def test_general_admission_counts(demo_db: Database, demo: Demo) -> None:
    indie = demo.events["Indie Showcase"]
    snap = monitor.open_event(demo_db, demo.manager, indie)
    assert snap.seat_map is None and snap.event.general_admission
    start = snap.counts
    assert start.capacity == 400 and start.held == 0
    stats = reports.event_statistics(demo_db, demo.manager)
    assert start.sold == next(r.sold for r in stats if r.event_id == indie) > 0
    tier_id = demo.tiers[(indie, "Standing")][0]
    hold = holds.hold_general_admission(demo_db, demo.clerk, indie, tier_id, 4)
    update = monitor.poll(demo_db, demo.manager, {indie: snap.version})[indie]
    assert (update.counts.held, update.counts.sold) == (4, start.sold)
    assert update.counts.available == start.available - 4
    checkout.checkout(demo_db, demo.clerk, hold.hold_id, [CashTender(hold.total, hold.total)], "ga")
    done = monitor.poll(demo_db, demo.manager, {indie: update.version})[indie]
    assert (done.counts.held, done.counts.sold) == (0, start.sold + 4)
    assert done.counts.available == start.available - 4


def test_an_expired_hold_shows_on_recount_without_a_version_change(
    demo_db: Database, demo: Demo
) -> None:
    hamlet = demo.events["Hamlet"]
    seats = _free(demo_db, demo, hamlet, 2)
    holds.hold_seats(demo_db, demo.clerk, hamlet, seats, hold_for=timedelta(seconds=1))
    snap = monitor.open_event(demo_db, demo.manager, hamlet)
    assert snap.counts.held == 2 and snap.counts.next_expiry is not None
    time.sleep(1.2)
    known = {hamlet: snap.version}
    assert monitor.poll(demo_db, demo.manager, known) == {}  # nothing committed since
    recount = monitor.poll(demo_db, demo.manager, known, recount=[hamlet])[hamlet]
    assert recount.changes is None and recount.version == snap.version
    assert recount.counts.held == 0 and recount.counts.next_expiry is None
    assert recount.counts.available == snap.counts.available + 2


def test_a_cancellation_frees_seats_in_the_monitor(demo_db: Database, demo: Demo) -> None:
    hamlet = demo.events["Hamlet"]
    seats = _free(demo_db, demo, hamlet, 2)
    hold = holds.hold_seats(demo_db, demo.clerk, hamlet, seats)
    sale = checkout.checkout(
        demo_db, demo.clerk, hold.hold_id, [CashTender(hold.total, Decimal("200.00"))], "c1"
    )
    snap = monitor.open_event(demo_db, demo.manager, hamlet)
    bookings.cancel_booking(demo_db, demo.manager, sale.reference, "test")
    update = monitor.poll(demo_db, demo.manager, {hamlet: snap.version})[hamlet]
    assert update.changes is not None
    assert update.changes.states == {s: SeatState.AVAILABLE for s in seats}
    assert update.counts.sold == snap.counts.sold - 2


def test_monitor_needs_view_reports(demo_db: Database, demo: Demo) -> None:
    hamlet = demo.events["Hamlet"]
    for call in (
        lambda: monitor.poll(demo_db, demo.clerk, {hamlet: 0}),
        lambda: monitor.open_event(demo_db, demo.clerk, hamlet),
        lambda: monitor.monitor_events(demo_db, demo.clerk),
        lambda: monitor.seat_counts(demo_db, demo.clerk, [hamlet]),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_too_many_events_at_once(demo_db: Database, demo: Demo) -> None:
    known = {i: 0 for i in range(1, monitor.MAX_EVENTS + 2)}
    with pytest.raises(ValidationError, match="at most"):
        monitor.poll(demo_db, demo.manager, known)


def test_monitor_events_lists_upcoming_events(demo_db: Database, demo: Demo) -> None:
    events = monitor.monitor_events(demo_db, demo.manager)
    assert len(events) == 12
    assert [e.starts_at for e in events] == sorted(e.starts_at for e in events)
    indie = next(e for e in events if e.title == "Indie Showcase")
    assert indie.general_admission and indie.capacity == 400
