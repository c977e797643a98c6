"""Ticket codes at the door: the cases tests/services/tickets/test_ticket_codes.py and
test_checkin.py (helper B) leave out — a key rotated out after a leak, a code replayed after its
seat was exchanged or resold, a ticket reissued after it was used (pass-back), a reissue under a
rotated key. Each refusal leaves the ticket as it was and is audited."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict
from boxoffice.domain.tender import CashTender
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import decode, reissue_ticket, ticket_code
from tests.services.sales_support import SeatedEvent, Staff, make_seated_event, make_staff


@dataclass(frozen=True)
class Sold:
    reference: str
    ticket_ids: tuple[int, ...]


@dataclass(frozen=True)
class Door:
    db: Database
    staff: Staff
    event: SeatedEvent

    def sell(self, *seats: str, clerk: Actor | None = None) -> Sold:
        clerk = clerk or self.staff.clerk
        hold = holds.hold_seats(self.db, clerk, self.event.id, self.event.ids(*seats))
        result = checkout.checkout(
            self.db,
            clerk,
            hold.hold_id,
            [CashTender(hold.total, hold.total)],
            idempotency_key=f"sale-{'-'.join(seats)}-{clerk.username}",
        )
        return Sold(result.reference, tuple(result.ticket_ids))

    def code(self, ticket_id: int) -> str:
        """The code printed for the ticket right now (current generation, active key)."""
        with self.db.session() as s:
            t = s.get_one(Ticket, ticket_id)
            return ticket_code(t.id, t.event_id, t.event_seat_id, t.code_generation)

    def scan(self, code: str) -> checkin.CheckInResult:
        return checkin.check_in(self.db, self.staff.clerk, code, self.event.id)

    def status(self, ticket_id: int) -> str:
        with self.db.session() as s:
            return s.get_one(Ticket, ticket_id).status

    def rejections(self) -> int:
        with self.db.session() as s:
            return int(
                s.scalar(select(func.count()).where(AuditLog.action == "ticket.check_in_rejected"))
                or 0
            )


@pytest.fixture
def door(db: Database) -> Door:
    return Door(db, make_staff(db), make_seated_event(db))


def drop_key(key_id: str) -> None:
    """Remove a ticket key from the key file, as after a leak (codes it signed become void)."""
    path = keyring.key_file()
    data = json.loads(path.read_text())
    del data["ticket"]["keys"][key_id]
    path.write_text(json.dumps(data))


def test_codes_of_a_rotated_out_key_are_refused_at_the_door(door: Door) -> None:
    sold = door.sell("A1", "A2")
    first, second = sold.ticket_ids
    old_first, old_second = door.code(first), door.code(second)
    old_key = decode(old_first).key_id
    new_key = keyring.rotate("ticket")
    # Rotation alone keeps old codes valid: printed tickets still work...
    assert door.scan(old_first).outcome is Outcome.ADMITTED
    # ...until the old key is removed (it leaked): then its codes are forgeries.
    drop_key(old_key)
    before = door.rejections()
    refused = door.scan(old_second)
    assert refused.outcome is Outcome.FORGED and refused.ticket_id is None
    assert door.status(second) == "valid"  # nothing consumed
    assert door.rejections() == before + 1
    # A reissue signs with the new key and admits.
    issued = reissue_ticket(door.db, door.staff.clerk, second)
    assert decode(issued.code).key_id == new_key
    assert door.scan(issued.code).outcome is Outcome.ADMITTED


def test_a_used_ticket_cannot_be_reissued_to_pass_it_back(door: Door) -> None:
    """Enter, reissue, hand the fresh code to a friend outside: refused."""
    sold = door.sell("B1")
    [ticket] = sold.ticket_ids
    assert door.scan(door.code(ticket)).outcome is Outcome.ADMITTED
    with pytest.raises(Conflict, match="used"):
        reissue_ticket(door.db, door.staff.clerk, ticket)
    assert door.scan(door.code(ticket)).outcome is Outcome.ALREADY_USED


def test_old_codes_are_void_after_an_exchange(door: Door) -> None:
    sold = door.sell("C1", "C2")
    old_codes = [door.code(t) for t in sold.ticket_ids]
    hold = holds.hold_seats(door.db, door.staff.clerk, door.event.id, door.event.ids("C5", "C6"))
    detail = bookings.exchange_seats(
        door.db, door.staff.clerk, sold.reference, list(sold.ticket_ids), hold.hold_id
    )
    new_ids = [t.id for t in detail.tickets if t.status == "valid"]
    assert len(new_ids) == 2 and not set(new_ids) & set(sold.ticket_ids)
    for code in old_codes:
        result = door.scan(code)
        assert result.outcome is Outcome.CANCELLED and not result.ok
    for ticket in new_ids:
        assert door.scan(door.code(ticket)).outcome is Outcome.ADMITTED


def test_a_resold_seat_does_not_revive_the_old_code(door: Door) -> None:
    first = door.sell("D1")
    [old_ticket] = first.ticket_ids
    old_code = door.code(old_ticket)
    bookings.cancel_booking(door.db, door.staff.clerk, first.reference, "returned")
    resold = door.sell("D1", clerk=door.staff.clerk2)
    [new_ticket] = resold.ticket_ids
    new_code = door.code(new_ticket)
    assert new_code != old_code
    assert door.scan(old_code).outcome is Outcome.CANCELLED
    assert door.status(new_ticket) == "valid"  # the old code did not consume the new one
    assert door.scan(new_code).outcome is Outcome.ADMITTED
    assert door.scan(old_code).outcome is Outcome.CANCELLED


def test_a_replaced_code_at_the_wrong_door_consumes_nothing(door: Door, db: Database) -> None:
    other = make_seated_event(db, title="Other Show")
    sold = door.sell("A3")
    [ticket] = sold.ticket_ids
    stale = door.code(ticket)
    fresh = reissue_ticket(db, door.staff.clerk, ticket).code
    for code in (stale, fresh):
        result = checkin.check_in(db, door.staff.clerk, code, other.id)
        assert result.outcome is Outcome.WRONG_EVENT and not result.ok
    assert door.status(ticket) == "valid"
    assert door.scan(stale).outcome is Outcome.REPLACED
    assert door.scan(fresh).outcome is Outcome.ADMITTED
