"""The demo shows the house set-up: named holds, a kill, seated and GA allocations, waiting
lists; and its counts agree with the integrity checks."""

from __future__ import annotations

from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Event
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.services import waitlist
from boxoffice.services.events import allocations, house
from boxoffice.services.integrity.checks import everything_but_keys
from boxoffice.services.reports import sales as reports
from boxoffice.services.sales import monitor


def _event(db: Database, title: str) -> int:
    return int(db.run(lambda s: s.scalar(select(Event.id).where(Event.title == title))))


def test_the_demo_shows_holds_kills_allocations_and_waiting_lists(demo_db: Database) -> None:
    chamber = _event(demo_db, "Chamber Music Evening")
    counts = {
        (c.type.name, c.label): (c.held + c.sold, c.release_at is not None)
        for c in house.house_counts(demo_db, SYSTEM, chamber)
    }
    assert counts[("House", "")][1] is False
    assert counts[("Production kill", "")][1] is False  # a kill is never timed
    assert counts[("Press", "")][1] is True
    assert counts[("Allocation", "Group: St Mary's school")][1] is True
    assert all(n > 0 for n, _timed in counts.values())
    techno = _event(demo_db, "Techno Marathon")
    students, phone = allocations.list_allocations(demo_db, SYSTEM, techno)
    assert (phone.label, phone.tier_name, phone.remaining) == ("Phone", "Standing", 20)
    assert (students.label, students.tier_name) == ("Group: Students", "Early bird")
    # The monitor counts the GA allocation as kept back, like named holds on seats.
    counts = monitor.seat_counts(demo_db, SYSTEM, [techno])[techno]
    assert counts.house == (
        ("Allocation: Group: Students", students.remaining),
        ("Allocation: Phone", 20),
    )
    assert counts.available == counts.capacity - counts.sold - counts.held - 20 - students.remaining
    assert counts.next_expiry == phone.release_at
    stats = {r.event_id: r for r in reports.event_statistics(demo_db, SYSTEM)}
    assert "Allocation: Phone 20" in stats[techno].house_text  # the report counts it too
    # Customers wait for the early-bird tier the students' block sold out; a sweep offers nothing.
    assert waitlist.sweep(demo_db, SYSTEM).offers == 0
    line = waitlist.event_waitlist(demo_db, SYSTEM, techno)
    assert len(line) == 2 and all(v.status is WaitlistStatus.WAITING for v in line)
    assert {v.tier_name for v in line} == {"Early bird"}
    # The demo's counts are what the inventory would have left.
    findings = demo_db.run(lambda s: [f for check in everything_but_keys() if (f := check(s))])
    assert findings == []
