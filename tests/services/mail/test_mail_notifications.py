"""The notification hooks write the right outbox rows, once, inside the caller's transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, Event, OutboxEmail, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, PermissionDenied, ValidationError
from boxoffice.domain.roles import Role
from boxoffice.services.mail import notifications
from tests.smtp_server import confirmed_booking


def outbox_rows(db: Database, kind: str | None = None) -> list[OutboxEmail]:
    with db.session() as s:
        query = select(OutboxEmail).order_by(OutboxEmail.id)
        if kind:
            query = query.where(OutboxEmail.kind == kind)
        return list(s.scalars(query))


def booking_event(db: Database, booking_id: int) -> int:
    with db.session() as s:
        return s.get_one(Booking, booking_id).event_id


def test_confirmation_is_queued_once_with_the_tickets(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)
    for _ in range(2):  # a retried checkout calls the hook again
        demo_db.run(lambda s: notifications.booking_confirmed(s, booking_id))
    [row] = outbox_rows(demo_db)
    with demo_db.session() as s:
        booking = s.get_one(Booking, booking_id)
        customer = s.get_one(Customer, booking.customer_id)
    assert row.kind == "confirmation" and row.booking_id == booking_id
    assert row.to_addr == customer.email and row.attachment_name.endswith(".pdf")
    assert booking.reference in row.subject and booking.reference in row.body_text
    assert row.body_html.startswith("<!DOCTYPE html>") and customer.name in row.body_html


def test_no_customer_or_no_usable_address_queues_nothing(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)
    with demo_db.session() as s:
        customer_id = s.get_one(Booking, booking_id).customer_id
        s.execute(update(Customer).where(Customer.id == customer_id).values(email="nobody"))
    demo_db.run(lambda s: notifications.booking_confirmed(s, booking_id))
    with demo_db.session() as s:
        s.execute(update(Booking).where(Booking.id == booking_id).values(customer_id=None))
    demo_db.run(lambda s: notifications.booking_confirmed(s, booking_id))
    demo_db.run(lambda s: notifications.booking_cancelled(s, booking_id, ""))
    assert outbox_rows(demo_db) == []


def test_each_different_update_is_one_mail(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)
    demo_db.run(lambda s: notifications.booking_updated(s, booking_id, "Seat E12 → E14"))
    demo_db.run(lambda s: notifications.booking_updated(s, booking_id, "Seat E12 → E14"))
    assert len(outbox_rows(demo_db, "booking_update")) == 1
    with demo_db.session() as s:
        ticket = s.scalars(select(Ticket).where(Ticket.booking_id == booking_id)).first()
        assert ticket is not None
        ticket.status = "cancelled"
        ticket.cancelled_at = utcnow()  # the schema requires both together
    demo_db.run(lambda s: notifications.booking_updated(s, booking_id, "1 ticket cancelled"))
    rows = outbox_rows(demo_db, "booking_update")
    assert len(rows) == 2
    assert "1 ticket cancelled" in rows[1].body_text


def test_event_change_tells_every_ticket_holder_old_and_new(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)
    event_id = booking_event(demo_db, booking_id)
    changes = [("date", "Tue 1 Dec 2026", "Wed 2 Dec 2026"), ("venue", "Royal Court", "Arena")]
    demo_db.run(lambda s: notifications.event_changed(s, event_id, changes))
    demo_db.run(lambda s: notifications.event_changed(s, event_id, changes))  # retried
    with demo_db.session() as s:
        holders = set(
            s.scalars(
                select(Booking.id)
                .join(Customer, Customer.id == Booking.customer_id)
                .where(Booking.event_id == event_id, Booking.status == "confirmed")
            )
        )
    rows = outbox_rows(demo_db, "event_change")
    assert len(rows) == len(holders) > 1
    for row in rows:
        assert "Tue 1 Dec 2026 → Wed 2 Dec 2026" in row.body_text
        assert "Royal Court → Arena" in row.body_text
        assert row.subject.endswith("new date, venue")
        assert "Tue 1 Dec 2026 → Wed 2 Dec 2026" in row.body_html
    # A later, different change is news again.
    with demo_db.session() as s:
        event = s.get_one(Event, event_id)
        event.starts_at = event.starts_at.replace(hour=20)
        event.ends_at = event.ends_at.replace(hour=23)
    later = [("time", "19:00", "20:00")]
    demo_db.run(lambda s: notifications.event_changed(s, event_id, later))
    assert len(outbox_rows(demo_db, "event_change")) == 2 * len(holders)


def test_event_cancellation_and_booking_cancellation_make_one_mail(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)
    event_id = booking_event(demo_db, booking_id)
    with demo_db.session() as s:
        s.execute(update(Event).where(Event.id == event_id).values(status="cancelled"))
        s.execute(update(Booking).where(Booking.event_id == event_id).values(status="cancelled"))
    # The booking service cancels each booking (hook 1), then the event service reports (hook 2).
    demo_db.run(lambda s: notifications.booking_cancelled(s, booking_id, "€45.00"))
    demo_db.run(lambda s: notifications.event_cancelled(s, event_id))
    rows = outbox_rows(demo_db, "cancellation")
    keys = [r.dedupe_key for r in rows]
    assert len(keys) == len(set(keys)) and f"cancellation:{booking_id}" in keys
    mine = next(r for r in rows if r.dedupe_key == f"cancellation:{booking_id}")
    assert mine.subject.startswith("Cancelled: ") and "has been cancelled" in mine.body_text


def test_a_rolled_back_change_sends_nothing(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)

    class CardDeclined(Exception):
        pass

    with pytest.raises(CardDeclined), demo_db.session() as s:
        notifications.booking_confirmed(s, booking_id)
        raise CardDeclined
    assert outbox_rows(demo_db) == []


def test_html_escapes_what_staff_typed(demo_db: Database) -> None:
    booking_id = confirmed_booking(demo_db)
    event_id = booking_event(demo_db, booking_id)
    with demo_db.session() as s:
        s.execute(update(Event).where(Event.id == event_id).values(title="<b>Hamlet</b> & co"))
    demo_db.run(lambda s: notifications.booking_confirmed(s, booking_id))
    [row] = outbox_rows(demo_db)
    assert "<b>Hamlet</b>" not in row.body_html
    assert "&lt;b&gt;Hamlet&lt;/b&gt; &amp; co" in row.body_html
    assert "<b>Hamlet</b> & co" in row.body_text


def test_resend_confirmation(demo_db: Database) -> None:
    manager = Actor(None, "maya", Role.MANAGER)
    booking_id = confirmed_booking(demo_db)
    with demo_db.session() as s:
        reference = s.get_one(Booking, booking_id).reference
    assert notifications.resend_confirmation(demo_db, manager, reference, "copy@example.com") == (
        "copy@example.com"
    )
    notifications.resend_confirmation(demo_db, manager, reference.lower())
    rows = outbox_rows(demo_db, "confirmation")
    assert len(rows) == 2 and rows[0].to_addr == "copy@example.com"
    with pytest.raises(PermissionDenied):
        notifications.resend_confirmation(demo_db, Actor(None, "c", Role.CLERK), reference)
    with pytest.raises(ValidationError):
        notifications.resend_confirmation(demo_db, manager, reference, "not-an-address")
    with demo_db.session() as s:
        s.execute(update(Booking).where(Booking.id == booking_id).values(status="cancelled"))
    with pytest.raises(Conflict, match="cancelled"):
        notifications.resend_confirmation(demo_db, manager, reference)


def test_cancelling_an_event_sends_one_event_cancelled_mail_per_booking(
    demo_db: Database,
) -> None:
    """Through the real services: the booking service's hook runs first, then the event's."""
    from boxoffice.services.events import editor as events
    from boxoffice.services.people import auth

    manager = auth.sign_in(demo_db, "manager", "manager-demo", "desk")
    booking_id = confirmed_booking(demo_db)
    event_id = booking_event(demo_db, booking_id)
    with demo_db.session() as s:
        confirmed = set(
            s.scalars(
                select(Booking.id)
                .join(Customer, Customer.id == Booking.customer_id)
                .where(Booking.event_id == event_id, Booking.status == "confirmed")
            )
        )
        already_cancelled = set(
            s.scalars(
                select(Booking.id).where(
                    Booking.event_id == event_id, Booking.status == "cancelled"
                )
            )
        )
    events.cancel_event(demo_db, manager, event_id, "Storm damage")
    rows = outbox_rows(demo_db, "cancellation")
    assert sorted(r.dedupe_key for r in rows) == sorted(f"cancellation:{b}" for b in confirmed)
    assert not {f"cancellation:{b}" for b in already_cancelled} & {r.dedupe_key for r in rows}
    for row in rows:
        assert row.subject.startswith("Cancelled: ")
        assert "has been cancelled" in row.body_text and "refunded" in row.body_text
