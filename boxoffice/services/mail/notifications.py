"""Hooks the booking and event services call *inside their transaction* when customers must hear
about a change. The e-mail outbox implements them by writing outbox rows in that same
transaction, so a rolled-back change sends nothing and a committed one is never forgotten.

Every function takes the open session and ids (never ORM objects from another session).
Customers without a usable e-mail address are skipped quietly: a walk-in sale has nobody to
write to, and a missing address must never block a sale. Each message has a dedupe key, so a
hook called twice for the same change queues it once.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict, ValidationError
from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, EventStatus
from boxoffice.i18n import _, in_language
from boxoffice.services.common import audit
from boxoffice.services.common.local_time import venue_zone
from boxoffice.services.mail import facts as mail_facts
from boxoffice.services.mail import messages as mail_messages
from boxoffice.services.mail import outbox
from boxoffice.services.mail.address import validate_address
from boxoffice.services.mail.facts import Recipient
from boxoffice.services.mail.messages import Show
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.settings import read_settings
from boxoffice.services.tickets.data import booking_id_for, load_booking


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _sender(session: Session) -> str:
    return read_settings(session).from_name or _("Box Office")


def tickets_attachment(reference: str) -> str:
    return f"tickets-{reference}.pdf"


def booking_confirmed(session: Session, booking_id: int) -> None:
    """A new booking was paid: send the confirmation with the tickets PDF."""
    mail = mail_facts.booking_mail(session, booking_id)
    if mail is None:
        return
    with in_language(mail.recipient.language):
        content = mail_messages.confirmation(mail, venue_zone(), _sender(session))
    outbox.enqueue(
        session,
        NewMail(
            MailKind.CONFIRMATION,
            f"confirmation:{booking_id}",
            mail.recipient.email,
            content,
            booking_id=booking_id,
            attachment_name=tickets_attachment(mail.booking.reference),
        ),
    )


def season_card_attachment(reference: str) -> str:
    """The attachment name that tells the sender to attach the season card (rendered at send
    time, like tickets) instead of the booking's tickets."""
    return f"{SEASON_CARD_PREFIX}{reference}.pdf"


SEASON_CARD_PREFIX = "season-card-"


def package_confirmed(session: Session, package_sale_id: int) -> None:
    """A season ticket was sold: one mail (not one per event) with the season card attached."""
    first = session.scalar(
        select(Booking.id)
        .join(Event, Event.id == Booking.event_id)
        .where(Booking.package_sale_id == package_sale_id)
        .order_by(Event.starts_at, Booking.id)
        .limit(1)
    )
    mail = None if first is None else mail_facts.booking_mail(session, first)
    if mail is None or mail.booking.package is None:
        return
    nights = [
        (starts, title)
        for starts, title in session.execute(
            select(Event.starts_at, Event.title)
            .join(Booking, Booking.event_id == Event.id)
            .where(Booking.package_sale_id == package_sale_id)
            .order_by(Event.starts_at, Event.id)
        )
    ]
    content = mail_messages.package_confirmation(mail, nights, venue_zone(), _sender(session))
    outbox.enqueue(
        session,
        NewMail(
            MailKind.CONFIRMATION,
            f"package-confirmation:{package_sale_id}",
            mail.recipient.email,
            content,
            booking_id=first,
            attachment_name=season_card_attachment(mail.booking.package.reference),
        ),
    )


def booking_updated(session: Session, booking_id: int, summary: str) -> None:
    """Seats exchanged or tickets cancelled on a still-confirmed booking (*summary* says what)."""
    mail = mail_facts.booking_mail(session, booking_id)
    if mail is None:
        return
    b = mail.booking
    state = tuple((t.id, t.status) for t in b.tickets)
    key = f"booking-update:{booking_id}:{_digest(summary, state, b.total, b.refunded)}"
    with in_language(mail.recipient.language):
        content = mail_messages.booking_update(mail, summary, venue_zone(), _sender(session))
    outbox.enqueue(
        session,
        NewMail(
            MailKind.BOOKING_UPDATE,
            key,
            mail.recipient.email,
            content,
            booking_id=booking_id if b.valid_tickets else None,
            attachment_name=tickets_attachment(b.reference),
        ),
    )


def _cancel_key(booking_id: int) -> str:
    # Shared by booking_cancelled and event_cancelled: whichever runs first writes the one mail.
    return f"cancellation:{booking_id}"


def booking_cancelled(session: Session, booking_id: int, refunded: str) -> None:
    """The whole booking was cancelled; *refunded* is the formatted refund amount."""
    mail = mail_facts.booking_mail(session, booking_id)
    if mail is None:
        return
    b = mail.booking
    card = mail_facts.event_card(session, b.event_id)
    event_off = card is not None and card.status == EventStatus.CANCELLED.value
    with in_language(mail.recipient.language):
        content = mail_messages.cancellation(
            mail.recipient.name,
            b.reference,
            Show.of_booking(b),
            refunded.strip() or (format_money(b.refunded) if b.refunded else ""),
            venue_zone(),
            _sender(session),
            event_cancelled=event_off,
        )
    outbox.enqueue(
        session,
        NewMail(MailKind.CANCELLATION, _cancel_key(booking_id), mail.recipient.email, content),
    )


def event_changed(session: Session, event_id: int, changes: list[tuple[str, str, str]]) -> None:
    """Date, time or venue of an event with sales changed: ``(field, old, new)`` per change."""
    card = mail_facts.event_card(session, event_id)
    if card is None or not changes:
        return
    zone, sender, show = venue_zone(), _sender(session), Show.of_card(card)
    change_id = _digest(changes, card.updated_at, card.starts_at, card.venue)
    mails = [
        NewMail(
            MailKind.EVENT_CHANGE,
            f"event-change:{event_id}:{eb.booking_id}:{change_id}",
            eb.recipient.email,
            _event_change(eb, show, changes, zone, sender),
        )
        for eb in mail_facts.event_bookings(session, event_id)
        if eb.tickets
    ]
    outbox.enqueue_many(session, mails)


def event_cancelled(session: Session, event_id: int) -> None:
    """The event was cancelled and its bookings refunded."""
    card = mail_facts.event_card(session, event_id)
    if card is None:
        return
    zone, sender, show = venue_zone(), _sender(session), Show.of_card(card)
    mails = [
        NewMail(
            MailKind.CANCELLATION,
            _cancel_key(eb.booking_id),
            eb.recipient.email,
            _event_cancellation(eb, show, zone, sender),
        )
        # Only bookings cancelled with the event: one cancelled weeks ago is old news.
        for eb in mail_facts.event_bookings(
            session, event_id, BookingStatus.CANCELLED, changed_since=card.updated_at
        )
    ]
    # The booking service's booking_cancelled hook ran first, in this same transaction, while
    # the event still looked scheduled: its unsent mails get the event-cancelled wording.
    outbox.replace_pending(session, mails)


def _event_change(
    eb: mail_facts.EventBooking,
    show: Show,
    changes: list[tuple[str, str, str]],
    zone: tzinfo,
    sender: str,
) -> Composed:
    with in_language(eb.recipient.language):
        return mail_messages.event_change(
            eb.recipient.name, eb.reference, show, changes, eb.tickets, zone, sender
        )


def _event_cancellation(
    eb: mail_facts.EventBooking, show: Show, zone: tzinfo, sender: str
) -> Composed:
    with in_language(eb.recipient.language):
        return mail_messages.cancellation(
            eb.recipient.name,
            eb.reference,
            show,
            format_money(eb.refunded) if eb.refunded else "",
            zone,
            sender,
            event_cancelled=True,
        )


def resend_confirmation(db: Database, actor: Actor, reference: str, to_addr: str = "") -> str:
    """Queue the confirmation (with current tickets) again, to the customer or *to_addr*.

    Returns the address it goes to.
    """
    actor.require(Permission.MANAGE_BOOKINGS)
    override = validate_address(to_addr) if to_addr.strip() else ""

    def work(session: Session) -> str:
        booking_id = booking_id_for(session, reference)
        mail = mail_facts.booking_mail(session, booking_id)
        if mail is None and not override:
            raise ValidationError(_("This booking has no customer e-mail address; enter one."))
        if mail is None:
            booking = load_booking(session, booking_id)
            mail = mail_facts.BookingMail(booking, Recipient(0, booking.customer_name, override))
        if mail.booking.status != BookingStatus.CONFIRMED.value:
            raise Conflict(
                _("Booking {reference} is cancelled; nothing to resend.").format(
                    reference=mail.booking.reference
                )
            )
        addr = override or mail.recipient.email
        with in_language(mail.recipient.language):
            content = mail_messages.confirmation(mail, venue_zone(), _sender(session))
        outbox.enqueue(
            session,
            NewMail(
                MailKind.CONFIRMATION,
                f"confirmation:{booking_id}:resend:{uuid.uuid4().hex}",
                addr,
                content,
                booking_id=booking_id,
                attachment_name=tickets_attachment(mail.booking.reference),
            ),
        )
        audit.record(session, actor, "mail.resend", "booking", booking_id, to=addr)
        return addr

    return db.run(work)
