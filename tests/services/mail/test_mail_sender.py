"""Delivering the outbox to a real SMTP server (aiosmtpd): content, retries, races."""

from __future__ import annotations

import threading
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, Event, OutboxEmail
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.status import OutboxStatus
from boxoffice.services.mail import notifications, outbox, share
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.sender import send_due
from boxoffice.services.tickets.codes import ticket_code
from boxoffice.services.tickets.data import load_booking
from tests.smtp_server import (
    SmtpServer,
    configure_mail,
    confirmed_booking,
    free_port,
    make_server,
    running,
)


def rows(db: Database) -> list[OutboxEmail]:
    with db.session() as s:
        return list(s.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def text_of(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def queue_plain(db: Database, n: int, prefix: str = "m") -> None:
    mails = [
        NewMail(
            MailKind.SHARE,
            f"{prefix}{i}",
            f"friend{i}@example.com",
            Composed(f"Message {i}", f"Body {i}", f"<p>Body {i}</p>"),
        )
        for i in range(n)
    ]
    db.run(lambda s: outbox.enqueue_many(s, mails))


def test_confirmation_arrives_as_text_html_and_tickets_pdf(
    demo_db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    configure_mail(demo_db, smtp_server)
    booking_id = confirmed_booking(demo_db)
    demo_db.run(lambda s: notifications.booking_confirmed(s, booking_id))
    with demo_db.session() as s:
        booking = load_booking(s, booking_id)
        customer = s.get_one(Customer, s.get_one(Booking, booking_id).customer_id)
    report = send_due(demo_db, SYSTEM)
    assert (report.sent, report.retrying, report.failed, report.ok) == (1, 0, 0, True)

    [msg] = smtp_server.messages
    assert msg["To"] == customer.email
    assert customer.name in text_of(msg)
    assert str(msg["From"]) == "Royal Box Office <boxoffice@example.com>"
    assert booking.reference in msg["Subject"] and booking.event_title in msg["Subject"]
    assert msg["Message-ID"].startswith("<outbox.") and msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html = alternative.iter_parts()
    assert text.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert booking.reference in text.get_content() and booking.reference in html.get_content()
    for ticket in booking.valid_tickets:
        assert ticket.seat_label in text.get_content()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"tickets-{booking.reference}.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"trailer" in pdf or b"/Root" in pdf

    # The QR codes in the attachment are the booking's current ticket codes.
    from tests.printing.support import qr_codes_in_pdf

    path = tmp_path / "tickets.pdf"
    path.write_bytes(pdf)
    found = sorted(code for page in qr_codes_in_pdf(path) for code in page)
    expected = sorted(
        ticket_code(t.id, booking.event_id, t.event_seat_id, t.generation)
        for t in booking.valid_tickets
    )
    assert found == expected

    [row] = rows(demo_db)
    assert row.status == OutboxStatus.SENT.value and row.attempts == 1
    assert row.sent_at is not None and row.claimed_by is None
    # Nothing is due any more: a second run sends nothing.
    assert send_due(demo_db, SYSTEM).sent == 0
    assert len(smtp_server.messages) == 1


def test_a_refused_connection_is_retried_with_backoff_and_sent_once(demo_db: Database) -> None:
    port = free_port()  # nothing listens here yet
    configure_mail(demo_db, port=port)
    booking_id = confirmed_booking(demo_db, seated=False)
    demo_db.run(lambda s: notifications.booking_confirmed(s, booking_id))
    now = utcnow()

    down = send_due(demo_db, SYSTEM, now=now)
    assert (down.sent, down.retrying) == (0, 1)
    assert "refused the connection" in down.error and not down.ok
    [row] = rows(demo_db)
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert "refused" in row.last_error

    server = make_server(port)
    with running(server):
        early = send_due(demo_db, SYSTEM, now=now + timedelta(seconds=30))
        assert early.sent == 0  # still backing off
        later = now + timedelta(minutes=2)
        assert send_due(demo_db, SYSTEM, now=later).sent == 1
        assert send_due(demo_db, SYSTEM, now=later + timedelta(hours=1)).sent == 0
    assert len(server.messages) == 1
    [row] = rows(demo_db)
    assert row.status == "sent" and row.attempts == 2 and row.last_error == ""


def test_a_refused_recipient_fails_at_once_and_a_busy_one_is_retried(
    db: Database, smtp_server: SmtpServer
) -> None:
    configure_mail(db, smtp_server)
    smtp_server.inbox.refuse["friend1@example.com"] = "550 5.1.1 No such user"
    smtp_server.inbox.refuse["friend2@example.com"] = "451 4.2.0 Mailbox busy, try later"
    queue_plain(db, 4)
    report = send_due(db, SYSTEM)
    assert (report.sent, report.retrying, report.failed) == (2, 1, 1)
    by_addr = {r.to_addr: r for r in rows(db)}
    assert by_addr["friend0@example.com"].status == "sent"
    assert by_addr["friend3@example.com"].status == "sent"
    refused = by_addr["friend1@example.com"]
    assert refused.status == "failed" and "No such user" in refused.last_error
    busy = by_addr["friend2@example.com"]
    assert busy.status == "pending" and busy.attempts == 1 and "busy" in busy.last_error
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "friend0@example.com",
        "friend3@example.com",
    ]


def test_without_settings_nothing_is_touched(db: Database) -> None:
    queue_plain(db, 2)
    report = send_due(db, SYSTEM)
    assert report.not_configured and not report.ok
    assert "not configured" in report.summary()
    assert all(r.status == "pending" and r.attempts == 0 for r in rows(db))


def test_two_senders_at_once_deliver_every_message_once(
    demo_db: Database, smtp_server: SmtpServer
) -> None:
    """Four desks run the sender at the same moment (separate engines; on MariaDB too)."""
    configure_mail(demo_db, smtp_server)
    queue_plain(demo_db, 60)
    with demo_db.session() as s:
        booking_ids = list(
            s.scalars(
                select(Booking.id)
                .where(Booking.status == "confirmed", Booking.customer_id.is_not(None))
                .order_by(Booking.id)
                .limit(4)
            )
        )
    for booking_id in booking_ids:
        demo_db.run(lambda s, b=booking_id: notifications.booking_confirmed(s, b))
    url = demo_db.engine.url.render_as_string(hide_password=False)
    desks = [Database(url) for _ in range(4)]
    start = threading.Barrier(len(desks))
    reports = []
    errors: list[BaseException] = []

    def desk(db: Database, name: str) -> None:
        try:
            start.wait()
            reports.append(send_due(db, SYSTEM, batch=3, worker=name))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(d, f"desk{i}")) for i, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in desks:
        d.dispose()
    assert not errors
    assert sum(r.sent for r in reports) == 64
    ids = [m["X-Boxoffice-Outbox"] for m in smtp_server.messages]
    assert len(ids) == 64 and len(set(ids)) == 64
    assert all(r.status == "sent" and r.attempts == 1 for r in rows(demo_db))


def test_no_header_can_be_injected_through_a_title(
    demo_db: Database, smtp_server: SmtpServer
) -> None:
    configure_mail(demo_db, smtp_server)
    with demo_db.session() as s:
        event_id = s.scalars(select(Event.id).order_by(Event.id)).first()
        s.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(title="Hamlet\r\nBcc: everyone@example.com\r\nX-Evil: 1")
        )
    assert event_id is not None
    share.share_event(
        demo_db, SYSTEM, event_id, "friend@example.com", "Line one\r\nBcc: sneaky@example.com"
    )
    assert send_due(demo_db, SYSTEM).sent == 1
    [msg] = smtp_server.messages
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "\n" not in msg["Subject"] and "Hamlet Bcc: everyone@example.com" in msg["Subject"]
    assert smtp_server.inbox.envelopes == [("boxoffice@example.com", ["friend@example.com"])]
    text = msg.get_body(("plain",))
    assert text is not None and "> Bcc: sneaky@example.com" in text.get_content()


@pytest.mark.parametrize("kind", ["cancelled", "changed"])
def test_change_and_cancellation_notices_are_delivered(
    demo_db: Database, smtp_server: SmtpServer, kind: str
) -> None:
    configure_mail(demo_db, smtp_server)
    booking_id = confirmed_booking(demo_db)
    with demo_db.session() as s:
        event_id = s.get_one(Booking, booking_id).event_id
    if kind == "cancelled":
        demo_db.run(lambda s: notifications.booking_cancelled(s, booking_id, "€45.00"))
    else:
        changes = [("date", "Tue 1 Dec 2026", "Wed 2 Dec 2026")]
        demo_db.run(lambda s: notifications.event_changed(s, event_id, changes))
    report = send_due(demo_db, SYSTEM)
    assert report.ok and report.sent == len(smtp_server.messages) >= 1
    for msg in smtp_server.messages:
        assert msg.get_content_type() == "multipart/alternative"  # no PDF on notices
        assert msg.get_body(("html",)) is not None


def test_a_real_checkout_mails_its_tickets_once(demo_db: Database, smtp_server: SmtpServer) -> None:
    """Checkout (helper A2) queues the confirmation in its transaction; a retried checkout with
    the same key does not queue it again."""
    from decimal import Decimal

    from boxoffice.domain.tender import CashTender
    from boxoffice.services.people import auth
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    configure_mail(demo_db, smtp_server)
    clerk = auth.sign_in(demo_db, "clerk", "clerk-demo", "desk-1")
    with demo_db.session() as s:
        event_id = s.scalars(
            select(Event.id).where(Event.layout_id.is_not(None)).order_by(Event.starts_at)
        ).first()
        customer = s.scalars(select(Customer).order_by(Customer.id)).first()
        assert event_id is not None and customer is not None
        email = customer.email
    hold = holds.best_available(demo_db, clerk, event_id, 2)
    cash = [CashTender(hold.total, hold.total + Decimal("10.00"))]
    result = checkout.checkout(demo_db, clerk, hold.hold_id, cash, "mail-k1", customer.id)
    again = checkout.checkout(demo_db, clerk, hold.hold_id, cash, "mail-k1", customer.id)
    assert again.booking_id == result.booking_id
    assert send_due(demo_db, SYSTEM).sent == 1
    [msg] = smtp_server.messages
    assert msg["To"] == email and result.reference in msg["Subject"]
    pdf = next(p for p in msg.iter_attachments()).get_content()
    assert pdf.startswith(b"%PDF-")


def test_a_message_that_cannot_be_built_does_not_hold_up_the_queue(
    db: Database, smtp_server: SmtpServer
) -> None:
    configure_mail(db, smtp_server)
    queue_plain(db, 3)
    with db.session() as s:  # a row written by hand (or an old version) with a bad address
        s.execute(
            update(OutboxEmail)
            .where(OutboxEmail.dedupe_key == "m0")
            .values(to_addr="broken\r\nBcc: x@example.com")
        )
    report = send_due(db, SYSTEM, batch=1)
    assert (report.sent, report.failed) == (2, 1)
    bad = next(r for r in rows(db) if r.dedupe_key == "m0")
    assert bad.status == "failed" and bad.last_error.startswith("Could not build the message")
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "friend1@example.com",
        "friend2@example.com",
    ]
