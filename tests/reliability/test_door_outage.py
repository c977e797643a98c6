"""The door keeps scanning through a MariaDB outage: two stations scan while the server is
stopped and started again; every scan reaches the server once, and a ticket admitted at both
stations while offline is reported as a conflict."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.models import Booking, DoorScan, Ticket
from boxoffice.services.demo import load_demo
from boxoffice.services.door import gate_report
from boxoffice.services.door.station import DoorResult, DoorStation
from boxoffice.services.door.station_store import StationStore
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import ticket_code
from tests.reliability.conftest import PrivateServer
from tests.reliability.helpers import demo_actor

pytestmark = [pytest.mark.mysql, pytest.mark.slow]


@pytest.fixture(scope="module")
def server_db(private_mariadb: PrivateServer) -> Database:
    db = Database(private_mariadb.url)
    migrate.upgrade(db.engine)
    db.run(lambda s: load_demo(s, password_rounds=4))
    return db


def _valid_codes(db: Database) -> tuple[int, list[tuple[int, str]]]:
    """The event with the most valid tickets, and (ticket id, code) of each."""
    with db.session() as s:
        event_id = s.execute(
            select(Ticket.event_id)
            .where(Ticket.status == "valid")
            .group_by(Ticket.event_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        rows = s.execute(
            select(Ticket.id, Ticket.event_id, Ticket.event_seat_id, Ticket.code_generation)
            .join(Booking, Booking.id == Ticket.booking_id)
            .where(Ticket.event_id == event_id, Ticket.status == "valid")
            .order_by(Ticket.id)
        ).all()
    return event_id, [(tid, ticket_code(tid, ev, seat, gen)) for tid, ev, seat, gen in rows]


def test_scanning_through_a_server_outage_loses_no_scan_and_reports_a_double_entry(
    private_mariadb: PrivateServer, server_db: Database, tmp_path: Path
) -> None:
    actor = demo_actor(server_db, "clerk", "door")
    event_id, codes = _valid_codes(server_db)
    assert len(codes) >= 9
    stations = [
        DoorStation(
            server_db,
            actor,
            StationStore(tmp_path / f"{name}.sqlite3"),
            station=name,
            gate=gate,
            event_id=event_id,
            retry_every=timedelta(milliseconds=300),
        )
        for name, gate in (("north-1", "North"), ("south-1", "South"))
    ]
    for st in stations:
        assert st.refresh()
    double_id, double_code = codes[-1]
    lanes = [codes[0:-1:2], codes[1:-1:2]]  # each station its own queue
    results: list[list[DoorResult]] = [[], []]
    errors: list[BaseException] = []
    down = threading.Event()
    up_again = threading.Event()

    def scan_lane(i: int) -> None:
        try:
            st = stations[i]
            half = len(lanes[i]) // 2
            for _, code in lanes[i][:half]:
                results[i].append(st.scan(code))
            down.wait(60)
            # The server is stopping or stopped: both stations admit the same ticket.
            results[i].append(st.scan(double_code))
            results[i].append(st.scan("NOTATICKETCODE"))
            for _, code in lanes[i][half:]:
                results[i].append(st.scan(code))
                time.sleep(0.05)
            up_again.wait(60)
            time.sleep(0.4)  # past retry_every: the next scan reconnects and syncs
            results[i].append(st.scan(lanes[i][0][1]))  # a second scan, online again
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=scan_lane, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    private_mariadb.stop()
    down.set()
    try:
        time.sleep(2.0)  # the queue keeps moving while the server is away
        offline_seen = [any(r.offline for r in rs) for rs in results]
    finally:
        private_mariadb.start()
        up_again.set()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert offline_seen == [True, True]
    for st in stations:
        if st.pending():
            st.sync()
        assert st.online and st.pending() == 0

    outcomes = [[r.result.outcome for r in rs] for rs in results]
    for lane, outs in zip(lanes, outcomes, strict=True):
        half = len(lane) // 2
        # Every ticket of the lane admitted exactly once, online or offline.
        assert outs[:half] + outs[half + 2 : -1] == [Outcome.ADMITTED] * len(lane)
        assert outs[half + 1] is Outcome.FORGED
        assert outs[-1] is Outcome.ALREADY_USED
    # Both stations admitted the double ticket: neither could know.
    assert [outs[len(lane) // 2] for lane, outs in zip(lanes, outcomes, strict=True)] == [
        Outcome.ADMITTED,
        Outcome.ADMITTED,
    ]

    made = sum(len(rs) for rs in results)
    with server_db.session() as s:
        scan_ids = s.scalars(select(DoorScan.scan_id)).all()
        used = set(
            s.scalars(select(Ticket.id).where(Ticket.event_id == event_id, Ticket.status == "used"))
        )
    assert len(scan_ids) == len(set(scan_ids)) == made  # every scan, once
    assert used == {tid for tid, _ in codes}
    found = gate_report.conflicts(server_db, demo_actor(server_db, "manager"), event_id)
    assert [c.ticket_id for c in found] == [double_id]
    assert found[0].note.startswith("Also admitted at ")
