"""A reply lost after the server committed (issue 13.4).

The server commits, then the connection drops before the desk hears so (a network cut, a node
failover). ``Database.run`` runs the work again; the retry must report what the first run did,
not act a second time: the usher must not be told "already used" about the scan that just
admitted the holder, a cancel must not say "already cancelled" about itself, and best-available
must not leave a second, orphaned hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pymysql
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import EventSeat, Hold, Refund, RequestDone, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role
from boxoffice.services.bookings import manage
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.tickets import checkin, codes
from boxoffice.services.tickets.checkin import Outcome
from tests.services.sales_support import cash, make_seated_event, make_staff

DOOR = Actor(user_id=None, username="door", role=Role.CLERK, desk="door-1")


@contextmanager
def reply_lost_after_next_commit(db: Database) -> Iterator[list[int]]:
    """The next commit of *db* reaches the server, then the desk gets a dropped connection."""
    fired: list[int] = []

    def after_commit(session: Session) -> None:
        if not fired:
            fired.append(1)
            raise OperationalError(
                "COMMIT", {}, pymysql.err.OperationalError(2013, "Lost connection during query")
            )

    event.listen(db.sessions, "after_commit", after_commit)
    try:
        yield fired
    finally:
        event.remove(db.sessions, "after_commit", after_commit)


def _count(db: Database, model: type, *where: object) -> int:
    return int(db.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where))))


def test_check_in_after_a_lost_reply_admits_once(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    sold = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "door-1")
    code = db.run(lambda s: codes.code_for(s.get_one(Ticket, sold.ticket_ids[0])))
    with reply_lost_after_next_commit(db) as fired:
        result = checkin.check_in(db, DOOR, code, ev.id)
    assert fired
    assert result.outcome is Outcome.ADMITTED, result.message
    assert checkin.check_in(db, DOOR, code, ev.id).outcome is Outcome.ALREADY_USED


def test_cancel_after_a_lost_reply_reports_the_refund(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    sold = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "cancel-1")
    with reply_lost_after_next_commit(db) as fired:
        refunded = manage.cancel_booking(db, staff.clerk, sold.reference, "changed plans")
    assert fired
    assert refunded == sold.total == Decimal("100.00")
    assert _count(db, Refund) == 1


def test_best_available_after_a_lost_reply_holds_once(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    with reply_lost_after_next_commit(db) as fired:
        hold = holds.best_available(db, staff.clerk, ev.id, 2)
    assert fired
    assert len(hold.seat_ids) == 2
    assert _count(db, EventSeat, EventSeat.status == "held") == 2
    assert _count(db, EventSeat, EventSeat.hold_id == hold.hold_id) == 2
    assert _count(db, Hold) <= 1


def test_a_request_that_did_not_commit_runs_again(db: Database) -> None:
    """The other side of the ambiguity: nothing committed, so the retry does the work."""
    staff = make_staff(db)
    ev = make_seated_event(db)
    failed: list[int] = []

    def before_commit(session: Session) -> None:
        if not failed:
            failed.append(1)
            raise OperationalError(
                "COMMIT", {}, pymysql.err.OperationalError(2013, "Lost connection during query")
            )

    event.listen(db.sessions, "before_commit", before_commit)
    try:
        hold = holds.best_available(db, staff.clerk, ev.id, 2)
    finally:
        event.remove(db.sessions, "before_commit", before_commit)
    assert failed
    assert _count(db, EventSeat, EventSeat.hold_id == hold.hold_id) == 2
    assert _count(db, EventSeat, EventSeat.status == "held") == 2
    assert _count(db, RequestDone) >= 1
