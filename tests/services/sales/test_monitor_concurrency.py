"""The monitor never misses a seat change while several desks sell and cancel at once.

A database trigger (created for this test only) records every stamped seat change as
``(seat, version, status)`` inside the writer's transaction, so the history is exactly what
committed. Writer threads hold, buy, release and cancel seats through the real services; a
poller thread runs :func:`boxoffice.services.sales.monitor.poll` in a loop. Checked afterwards:

- the poller's versions only grow, and each poll's changes include every seat stamped with a
  version the poll covered (a skipped version is fine only because this later poll carried it);
- each reported state is the seat's state at the poll's version or a later one;
- the reconstructed map equals the database at the end.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.seatmap import SeatState
from boxoffice.domain.tender import CashTender
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import catalog, holds, monitor
from boxoffice.services.sales import purchase as checkout
from tests.services.reports.test_reports_support import Demo, demo_ids

DISPLAY = {
    "available": SeatState.AVAILABLE,
    "held": SeatState.HELD_OTHER,  # the monitor holds nothing itself
    "sold": SeatState.SOLD,
    "blocked": SeatState.BLOCKED,
}
WRITERS = 4
OPERATIONS = 30  # per writer


@dataclass(frozen=True)
class Poll:
    event_id: int
    since: int
    version: int
    states: dict[int, SeatState]


@pytest.fixture
def history(demo_db: Database) -> Iterator[Database]:
    """A seat_history table filled by a trigger on every version stamp of event_seat."""
    mysql = demo_db.is_mysql
    with demo_db.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE test_seat_history (seat_id BIGINT NOT NULL, version BIGINT NOT NULL,"
                " status VARCHAR(16) NOT NULL)"
            )
        )
        if mysql:
            conn.execute(
                text(
                    "CREATE TRIGGER test_seat_history_t AFTER UPDATE ON event_seat FOR EACH ROW "
                    "INSERT INTO test_seat_history (seat_id, version, status) "
                    "SELECT NEW.id, NEW.version, NEW.status FROM DUAL "
                    "WHERE NEW.version <> OLD.version"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER test_seat_history_t AFTER UPDATE ON event_seat FOR EACH ROW "
                    "WHEN NEW.version <> OLD.version BEGIN "
                    "INSERT INTO test_seat_history (seat_id, version, status) "
                    "VALUES (NEW.id, NEW.version, NEW.status); END"
                )
            )
    try:
        yield demo_db
    finally:
        with demo_db.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS test_seat_history_t"))
            conn.execute(text("DROP TABLE IF EXISTS test_seat_history"))


def _writer(
    db: Database,
    actor: Actor,
    manager: Actor,
    events: list[int],
    seed: int,
    midway: threading.Event | None = None,
) -> int:
    """Random holds, purchases, releases and cancellations; returns how many succeeded.

    Halfway through, waits (a few seconds at most) for *midway*: the poller has caught changes
    in the middle of the run, whatever the scheduler did with the threads.
    """
    rng = random.Random(seed)
    seats = {e: sorted(catalog.seat_map(db, actor, e).states) for e in events}
    mine: list[tuple[str, int]] = []  # (reference, event)
    done = 0
    for operation in range(OPERATIONS):
        if midway is not None and operation == OPERATIONS // 2:
            midway.wait(timeout=10)
        try:
            if mine and rng.random() < 0.3:
                reference, _event = mine.pop(rng.randrange(len(mine)))
                detail = bookings.get_booking(db, manager, reference)
                valid = [t.id for t in detail.tickets if t.status == "valid"]
                if len(valid) > 1 and rng.random() < 0.5:
                    bookings.cancel_tickets(db, manager, reference, valid[:1], "test")
                    mine.append((reference, _event))
                else:
                    bookings.cancel_booking(db, manager, reference, "test")
            else:
                event = rng.choice(events)
                pick = rng.sample(seats[event], rng.randint(1, 4))
                hold = holds.hold_seats(db, actor, event, pick)
                if rng.random() < 0.25:
                    holds.release_seats(db, actor, hold.hold_id)
                else:
                    sale = checkout.checkout(
                        db,
                        actor,
                        hold.hold_id,
                        [CashTender(hold.total, hold.total)],
                        str(uuid.uuid4()),
                    )
                    mine.append((sale.reference, event))
            done += 1
        except BoxOfficeError:
            pass  # another desk took a seat first: expected under contention
        time.sleep(0.001)  # a desk's pace: lets the poller in between (SQLite serialises)
    return done


def test_poller_never_misses_a_change(history: Database) -> None:
    db = history
    demo: Demo = demo_ids(db)
    events = [demo.events["Hamlet"], demo.events["Stand-up Night"]]
    state: dict[int, dict[int, SeatState]] = {}
    known: dict[int, int] = {}
    for event_id in events:
        snap = monitor.open_event(db, demo.manager, event_id)
        assert snap.seat_map is not None
        state[event_id] = dict(snap.seat_map.states)
        known[event_id] = snap.version
    polls: list[Poll] = []
    writing = threading.Event()
    writing.set()
    midway = threading.Event()  # the poller saw a change of each event while writers ran
    problems: list[BaseException] = []

    def poller() -> None:
        try:
            while True:
                active = writing.is_set()
                for event_id, update in monitor.poll(db, demo.manager, known).items():
                    assert update.changes is not None
                    polls.append(
                        Poll(event_id, known[event_id], update.version, update.changes.states)
                    )
                    state[event_id].update(update.changes.states)
                    known[event_id] = update.version
                if active and {p.event_id for p in polls} == set(events):
                    midway.set()
                if not active:
                    return  # one last poll after every writer finished
                time.sleep(0.005)  # a tight loop, like the GUI's 1 s timer but faster
        except BaseException as exc:  # pragma: no cover - reported below
            problems.append(exc)

    writers = [demo.clerk, demo.clerk2, demo.manager, demo.admin]
    results: list[int] = []
    threads = [
        threading.Thread(
            target=lambda a=actor, n=n: results.append(
                _writer(db, a, demo.manager, events, seed=n, midway=midway)
            )
        )
        for n, actor in enumerate(writers[:WRITERS])
    ]
    watcher = threading.Thread(target=poller)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writing.clear()
    watcher.join()
    assert not problems, problems
    assert midway.is_set(), "the poller caught no change while the desks were writing"
    assert sum(results) > WRITERS * OPERATIONS // 3  # the run really changed seats

    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT h.seat_id, h.version, h.status, es.event_id FROM test_seat_history h "
                "JOIN event_seat es ON es.id = h.seat_id ORDER BY h.version"
            )
        ).all()
        final = {
            (int(e), int(i)): str(s)
            for i, e, s in conn.execute(
                text("SELECT id, event_id, status FROM event_seat WHERE event_id IN (:a, :b)"),
                {"a": events[0], "b": events[1]},
            )
        }
    stamped: dict[int, dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for seat, version, status, event_id in rows:
        stamped[int(event_id)][int(seat)].append((int(version), str(status)))
    assert len(rows) >= 50

    seen_versions: dict[int, list[int]] = defaultdict(list)
    for poll in polls:
        seen_versions[poll.event_id].append(poll.version)
        assert poll.version > poll.since
        for seat, changes in stamped[poll.event_id].items():
            covered = [c for c in changes if poll.since < c[0] <= poll.version]
            if covered:
                # A version this poll covered changed the seat: the poll must carry it ...
                assert seat in poll.states, (poll, seat, changes)
            if seat in poll.states:
                # ... with the state it had at the poll's version, or a later one.
                at_or_before = [v for v, _ in changes if v <= poll.version]
                floor = max(at_or_before) if at_or_before else -1
                allowed = {DISPLAY[s] for v, s in changes if v >= floor and v > poll.since}
                assert poll.states[seat] in allowed, (poll, seat, changes)
    for event_id in events:
        assert seen_versions[event_id] == sorted(seen_versions[event_id])
        assert len(seen_versions[event_id]) >= 2  # intermediate polls, not just one at the end
        fresh = catalog.seat_map(db, demo.manager, event_id)
        assert known[event_id] == fresh.version
        assert state[event_id] == fresh.states
        assert state[event_id] == {
            seat: DISPLAY[status] for (e, seat), status in final.items() if e == event_id
        }
