"""A door station on the real database: online scans, offline scans kept in its file, one
upload per scan after reconnecting, a double entry across stations reported as a conflict."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import DoorScan, Event, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Role
from boxoffice.services.door import gate_report, scans
from boxoffice.services.door.offline_verdict import IN, OUT
from boxoffice.services.door.station import DoorStation
from boxoffice.services.door.station_store import LocalScan, StationStore
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import ticket_code
from tests.printing.support import DemoBooking, pick

DOOR = Actor(user_id=None, username="door", role=Role.CLERK, desk="door-1")
MANAGER = Actor(user_id=None, username="boss", role=Role.MANAGER, desk="office")
# Nothing listens on port 1: connecting is refused at once, as with a server that is down.
UNREACHABLE = "mysql+pymysql://root@127.0.0.1:1/boxoffice"


@pytest.fixture
def down() -> Iterator[Database]:
    db = Database(UNREACHABLE)
    yield db
    db.dispose()


def _station(db: Database, tmp_path: Path, name: str, gate: str, event_id: int) -> DoorStation:
    store = StationStore(tmp_path / f"{name}.sqlite3")
    station = DoorStation(
        db, DOOR, store, station=name, gate=gate, event_id=event_id, retry_every=timedelta(0)
    )
    assert station.refresh()
    return station


def _door_scans(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(DoorScan)) or 0)


def _booking(db: Database) -> DemoBooking:
    return pick(db, min_tickets=2)


def test_online_scan_admits_once_and_records_the_scan(demo_db: Database, tmp_path: Path) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    assert st.store.ticket_count(b.event_id) > 0
    first = st.scan(b.tickets[0].code)
    assert first.result.outcome is Outcome.ADMITTED and not first.offline and first.pending == 0
    again = st.scan(b.tickets[0].code)
    assert again.result.outcome is Outcome.ALREADY_USED
    forged = st.scan(b.tickets[0].code[:-2] + "AA")
    assert forged.result.outcome is Outcome.FORGED
    assert _door_scans(demo_db) == 3
    report = gate_report.gate_report(demo_db, MANAGER, b.event_id)
    assert [(g.gate, g.admitted, g.rejected) for g in report.gates] == [("North", 1, 2)]
    assert report.inside_now == 1 and report.conflicts == 0


def test_offline_scans_are_kept_and_uploaded_once(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    st.db = down  # the network goes
    a = st.scan(b.tickets[0].code)
    assert a.offline and not st.online and a.result.outcome is Outcome.ADMITTED
    assert st.scan(b.tickets[0].code).result.outcome is Outcome.ALREADY_USED
    assert st.scan(b.tickets[1].code).result.outcome is Outcome.ADMITTED
    assert st.pending() == 3
    with demo_db.session() as s:  # nothing reached the server
        assert s.scalar(select(Ticket.status).where(Ticket.id == b.tickets[0].id)) == "valid"
    st.db = demo_db  # it comes back: the next scan syncs first
    back = st.scan(b.tickets[0].code)
    assert not back.offline and back.result.outcome is Outcome.ALREADY_USED
    assert st.last_sync is not None and st.last_sync.uploaded == 3
    assert not st.last_sync.conflicts and st.pending() == 0
    assert _door_scans(demo_db) == 4
    with demo_db.session() as s:
        statuses = s.scalars(
            select(Ticket.status).where(Ticket.id.in_([t.id for t in b.tickets[:2]]))
        ).all()
    assert statuses == ["used", "used"]


def test_upload_repeated_after_a_lost_reply_writes_nothing_twice(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    st.db = down
    st.scan(b.tickets[0].code)
    batch = st.store.unsynced()
    first = scans.upload(demo_db, DOOR, "north-1", batch)
    assert (first.written, first.already_there, first.conflicts) == (1, 0, ())
    # The reply was lost: the station still has the scan as unsynced and sends it again.
    again = scans.upload(demo_db, DOOR, "north-1", batch)
    assert (again.written, again.already_there, again.conflicts) == (0, 1, ())
    assert _door_scans(demo_db) == 1


def test_online_attempt_committed_then_judged_offline_is_not_a_conflict(
    demo_db: Database, tmp_path: Path
) -> None:
    """The station reuses the scan id of a failed online attempt for its offline verdict: if
    the server had committed the attempt, the upload recognises it."""
    b = _booking(demo_db)
    req = scans.ScanRequest("same-scan-id", "north-1", "North", b.event_id, b.tickets[0].code)
    result, recorded = scans.scan_online(demo_db, DOOR, req)
    assert result.outcome is Outcome.ADMITTED
    offline = LocalScan(**{**recorded.__dict__, "offline": True})
    report = scans.upload(demo_db, DOOR, "north-1", [offline])
    assert report.already_there == 1 and not report.conflicts


def test_double_entry_across_two_offline_stations_is_reported(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    north = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    south = _station(demo_db, tmp_path, "south-1", "South", b.event_id)
    north.db = south.db = down
    code = b.tickets[0].code
    assert north.scan(code).result.outcome is Outcome.ADMITTED
    assert south.scan(code).result.outcome is Outcome.ADMITTED  # neither door can know
    assert south.scan(b.tickets[1].code).result.outcome is Outcome.ADMITTED
    north.db = south.db = demo_db
    assert north.reconnect() and south.reconnect()
    assert north.last_sync is not None and not north.last_sync.conflicts
    assert south.last_sync is not None and len(south.last_sync.conflicts) == 1
    assert "North" in south.last_sync.conflicts[0].note
    found = gate_report.conflicts(demo_db, MANAGER, b.event_id)
    assert [(c.ticket_id, c.gate, c.reference) for c in found] == [
        (b.tickets[0].id, "South", b.reference)
    ]
    report = gate_report.gate_report(demo_db, MANAGER, b.event_id)
    assert {g.gate: g.admitted for g in report.gates} == {"North": 1, "South": 2}
    assert report.conflicts == 1 and report.inside_now == 3
    assert _door_scans(demo_db) == 3


def test_cancelled_after_the_download_and_admitted_offline_is_a_conflict(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    with demo_db.session() as s:
        s.execute(
            update(Ticket)
            .where(Ticket.id == b.tickets[0].id)
            .values(status="cancelled", cancelled_at=utcnow())
        )
    st.db = down
    assert st.scan(b.tickets[0].code).result.outcome is Outcome.ADMITTED  # list is older
    st.db = demo_db
    summary = st.sync()
    assert [c.note for c in summary.conflicts] == [
        "Admitted offline, but the ticket was cancelled."
    ]


def test_refresh_brings_cancellations_and_reissues(demo_db: Database, tmp_path: Path) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    t0, t1 = b.tickets[0], b.tickets[1]
    with demo_db.session() as s:
        s.execute(
            update(Ticket)
            .where(Ticket.id == t0.id)
            .values(status="cancelled", cancelled_at=utcnow())
        )
        s.execute(update(Ticket).where(Ticket.id == t1.id).values(code_generation=2))
    assert st.refresh()
    local0, local1 = st.store.ticket(t0.id), st.store.ticket(t1.id)
    assert local0 is not None and local0.status == "cancelled"
    assert local1 is not None and local1.generation == 2
    st.db = Database(UNREACHABLE)
    try:
        assert st.scan(t0.code).result.outcome is Outcome.CANCELLED
        assert st.scan(t1.code).result.outcome is Outcome.REPLACED
        new = ticket_code(t1.id, t1.event_id, t1.event_seat_id, 2)
        assert st.scan(new).result.outcome is Outcome.ADMITTED
    finally:
        st.db.dispose()


def test_reentry_out_and_back_in_online_and_offline(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    with demo_db.session() as s:
        s.execute(update(Event).where(Event.id == b.event_id).values(allow_reentry=True))
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    code = b.tickets[0].code
    assert st.scan(code, OUT).result.outcome is Outcome.NOT_INSIDE
    assert st.scan(code, IN).result.outcome is Outcome.ADMITTED
    assert st.scan(code, OUT).result.outcome is Outcome.LEFT
    back = st.scan(code, IN).result
    assert back.outcome is Outcome.ADMITTED and "re-entry" in back.message
    assert st.scan(code, IN).result.outcome is Outcome.ALREADY_USED
    st.db = down
    assert st.scan(code, OUT).result.outcome is Outcome.LEFT
    assert st.scan(code, IN).result.outcome is Outcome.ADMITTED  # offline re-entry
    st.db = demo_db
    summary = st.sync()
    assert summary.uploaded == 2 and not summary.conflicts
    report = gate_report.gate_report(demo_db, MANAGER, b.event_id)
    assert report.inside_now == 1 and report.gates[0].admitted == 3 and report.gates[0].left == 2


def test_no_reentry_refuses_scanning_out(demo_db: Database, tmp_path: Path) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    st.scan(b.tickets[0].code)
    assert st.scan(b.tickets[0].code, OUT).result.outcome is Outcome.NO_REENTRY


def test_managers_only_see_gate_reports(demo_db: Database) -> None:
    from boxoffice.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        gate_report.gate_report(demo_db, DOOR, 1)


def test_online_scan_retried_after_a_lost_reply_is_recorded_once(demo_db: Database) -> None:
    b = _booking(demo_db)
    req = scans.ScanRequest("retried-id", "north-1", "North", b.event_id, b.tickets[0].code)
    first, _ = scans.scan_online(demo_db, DOOR, req)
    again, recorded = scans.scan_online(demo_db, DOOR, req)
    assert first.outcome is Outcome.ADMITTED and again.outcome is Outcome.ADMITTED
    assert recorded.scan_id == "retried-id" and _door_scans(demo_db) == 1


def test_tick_retries_the_server_and_refreshes_a_stale_list(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    now = [datetime.now(UTC)]
    st = DoorStation(
        demo_db, DOOR, StationStore(tmp_path / "n.sqlite3"), station="north-1", gate="North",
        event_id=b.event_id, retry_every=timedelta(seconds=10),
        refresh_every=timedelta(minutes=2), clock=lambda: now[0],
    )  # fmt: skip
    assert st.refresh() and not st.refresh_due()
    st.db = down
    st.tick()  # online and fresh: nothing to do, no server contact
    assert st.online
    st.scan(b.tickets[0].code)  # reply refused: offline, and no retry for 10 s
    assert not st.online
    st.db = demo_db
    now[0] += timedelta(seconds=5)
    st.tick()
    assert not st.online  # not yet time to retry
    now[0] += timedelta(seconds=6)
    st.tick()
    assert st.online and st.pending() == 0
    with demo_db.session() as s:
        s.execute(
            update(Ticket)
            .where(Ticket.id == b.tickets[1].id)
            .values(status="cancelled", cancelled_at=utcnow())
        )
    now[0] += timedelta(minutes=3)
    assert st.refresh_due()
    st.tick()
    local = st.store.ticket(b.tickets[1].id)
    assert local is not None and local.status == "cancelled" and not st.refresh_due()


def test_back_online_with_nothing_to_upload_pings_the_server(
    demo_db: Database, down: Database, tmp_path: Path
) -> None:
    b = _booking(demo_db)
    st = _station(demo_db, tmp_path, "north-1", "North", b.event_id)
    st.db = down
    assert not st.reconnect(refresh=False) and not st.online
    st.db = demo_db
    assert st.reconnect(refresh=False) and st.online
