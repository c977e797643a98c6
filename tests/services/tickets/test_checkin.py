"""Check-in: one admission per ticket, clear reasons for every refusal, audited, race-free."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Event, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import ticket_code
from tests.printing.support import DemoBooking, demo_bookings, pick

DOOR = Actor(user_id=None, username="door", role=Role.CLERK, desk="door-1")


def _status(db: Database, ticket_id: int) -> str:
    with db.session() as s:
        return str(s.scalar(select(Ticket.status).where(Ticket.id == ticket_id)))


def test_second_scan_is_refused_with_the_time_of_the_first(demo_db: Database) -> None:
    booking = pick(demo_db, min_tickets=2)
    code = booking.tickets[0].code
    first = checkin.check_in(demo_db, DOOR, code, booking.event_id)
    assert first.ok and first.outcome is Outcome.ADMITTED
    assert first.reference == booking.reference and first.event_title == booking.event_title
    assert first.used_at is not None
    second = checkin.check_in(demo_db, DOOR, code, booking.event_id)
    assert not second.ok and second.outcome is Outcome.ALREADY_USED
    assert second.used_at is not None
    local = second.used_at.astimezone().strftime("%H:%M")
    assert second.message == f"Already used at {local}."
    assert _status(demo_db, booking.tickets[0].id) == "used"
    # The other ticket of the booking is untouched.
    assert _status(demo_db, booking.tickets[1].id) == "valid"


def test_attendance_counts_checked_in_of_sold(demo_db: Database) -> None:
    booking = pick(demo_db, min_tickets=2)
    before = checkin.attendance(demo_db, DOOR, booking.event_id)
    sold = sum(
        1
        for b in demo_bookings(demo_db)
        if b.event_id == booking.event_id
        for t in b.tickets
        if t.status == "valid"
    )
    assert before.checked_in == 0 and before.sold == sold
    result = checkin.check_in(demo_db, DOOR, booking.tickets[0].code, booking.event_id)
    assert result.attendance == checkin.Attendance(1, sold)
    checkin.check_in(demo_db, DOOR, booking.tickets[0].code, booking.event_id)  # refused
    assert checkin.attendance(demo_db, DOOR, booking.event_id).checked_in == 1


def test_cancelled_ticket_is_refused(demo_db: Database) -> None:
    booking = pick(demo_db, status="cancelled")
    result = checkin.check_in(demo_db, DOOR, booking.tickets[0].code, booking.event_id)
    assert result.outcome is Outcome.CANCELLED and "cancelled" in result.message.lower()
    assert _status(demo_db, booking.tickets[0].id) == "cancelled"


def test_wrong_event_is_refused_and_ticket_stays_valid(demo_db: Database) -> None:
    booking = pick(demo_db)
    other = next(b.event_id for b in demo_bookings(demo_db) if b.event_id != booking.event_id)
    result = checkin.check_in(demo_db, DOOR, booking.tickets[0].code, other)
    assert result.outcome is Outcome.WRONG_EVENT
    assert booking.event_title in result.message
    assert _status(demo_db, booking.tickets[0].id) == "valid"
    assert checkin.check_in(demo_db, DOOR, booking.tickets[0].code, booking.event_id).ok


def test_forged_and_unknown_codes_are_refused_and_audited(demo_db: Database) -> None:
    booking = pick(demo_db)
    good = booking.tickets[0].code
    forged = good[:-3] + ("AAA" if good[-3:] != "AAA" else "BBB")
    result = checkin.check_in(demo_db, DOOR, forged, booking.event_id)
    assert result.outcome is Outcome.FORGED and result.ticket_id is None
    # Correctly signed (our key) but no such ticket: e.g. a code from a test database.
    ghost = ticket_code(10**9, booking.event_id, 0, 1)
    assert checkin.check_in(demo_db, DOOR, ghost).outcome is Outcome.UNKNOWN
    # Signed for a real ticket id but naming another seat: the records disagree.
    t = booking.tickets[0]
    moved = ticket_code(t.id, t.event_id, (t.event_seat_id or 0) + 1, t.generation)
    assert checkin.check_in(demo_db, DOOR, moved).outcome is Outcome.UNKNOWN
    assert _status(demo_db, t.id) == "valid"
    with demo_db.session() as s:
        rejected = s.scalar(
            select(func.count()).where(AuditLog.action == "ticket.check_in_rejected")
        )
    assert rejected == 3


def test_cancelled_event_is_refused(demo_db: Database) -> None:
    booking = pick(demo_db)
    with demo_db.session() as s:
        s.execute(update(Event).where(Event.id == booking.event_id).values(status="cancelled"))
    result = checkin.check_in(demo_db, DOOR, booking.tickets[0].code)
    assert result.outcome is Outcome.CANCELLED
    assert _status(demo_db, booking.tickets[0].id) == "valid"


def test_verify_does_not_admit(demo_db: Database) -> None:
    booking = pick(demo_db)
    code = booking.tickets[0].code
    assert checkin.verify_code(demo_db, DOOR, code).outcome is Outcome.VALID
    assert checkin.verify_code(demo_db, DOOR, code).ok
    assert _status(demo_db, booking.tickets[0].id) == "valid"
    checkin.check_in(demo_db, DOOR, code)
    assert checkin.verify_code(demo_db, DOOR, code).outcome is Outcome.ALREADY_USED


def test_success_is_audited_with_the_door(demo_db: Database) -> None:
    booking = pick(demo_db)
    checkin.check_in(demo_db, DOOR, booking.tickets[0].code, booking.event_id)
    with demo_db.session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "ticket.check_in")).one()
        assert (row.entity, row.entity_id, row.desk) == ("ticket", booking.tickets[0].id, "door-1")


def test_events_for_the_door_are_current_ones(demo_db: Database) -> None:
    events = checkin.checkin_events(demo_db, DOOR)
    assert events and all(e.starts_at >= datetime.now(UTC).replace(year=2000) for e in events)
    starts = [e.starts_at for e in events]
    assert starts == sorted(starts)
    assert len(events) == 12  # every demo event, the ones two months ahead too
    assert max(starts) - datetime.now(UTC) > timedelta(days=45)
    near = checkin.checkin_events(demo_db, DOOR, days_ahead=30)
    assert 0 < len(near) < 12


def _race(url: str, booking: DemoBooking, doors: int) -> list[Outcome]:
    code = booking.tickets[0].code
    barrier = threading.Barrier(doors)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def door(n: int) -> None:
        db = Database(url)
        try:
            actor = Actor(user_id=None, username=f"door{n}", role=Role.CLERK, desk=f"door-{n}")
            with db.session():
                pass  # connect before the start line
            barrier.wait()
            result = checkin.check_in(db, actor, code, booking.event_id)
            with lock:
                outcomes.append(result.outcome)
        finally:
            db.dispose()

    threads = [threading.Thread(target=door, args=(n,)) for n in range(doors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_concurrent_scans_of_one_ticket_admit_exactly_once(demo_db: Database) -> None:
    """Eight doors scan the same ticket at once (real MariaDB in the mysql run)."""
    url = demo_db.engine.url.render_as_string(hide_password=False)
    for booking in [b for b in demo_bookings(demo_db) if b.status == "confirmed"][:5]:
        outcomes = _race(url, booking, doors=8)
        assert len(outcomes) == 8
        assert outcomes.count(Outcome.ADMITTED) == 1, outcomes
        assert outcomes.count(Outcome.ALREADY_USED) == 7, outcomes
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).where(AuditLog.action == "ticket.check_in")) == 5
