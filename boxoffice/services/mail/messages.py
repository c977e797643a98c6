"""The text of every customer e-mail, plain text and HTML, built from read-model values.

Pure functions: no database, no clock. Times are shown in the venue zone the tickets use
(:mod:`boxoffice.services.common.local_time`), with the zone's abbreviation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from boxoffice.domain.money import format_money
from boxoffice.i18n import _
from boxoffice.services.common.local_time import format_date, format_when
from boxoffice.services.mail import html as h
from boxoffice.services.mail.facts import BookingMail, EventCard
from boxoffice.services.mail.outbox import Composed
from boxoffice.services.tickets.data import BookingPrint

_FIELD_NAMES = {"date": "Date", "time": "Time", "venue": "Venue", "starts_at": "Starts"}


@dataclass(frozen=True)
class Show:
    """The event as a message names it."""

    title: str
    starts_at: datetime
    venue: str
    venue_address: str

    @classmethod
    def of_booking(cls, b: BookingPrint) -> Show:
        return cls(b.event_title, b.starts_at, b.venue, b.venue_address)

    @classmethod
    def of_card(cls, c: EventCard) -> Show:
        return cls(c.title, c.starts_at, c.venue, c.venue_address)

    def where(self) -> str:
        return f"{self.venue}, {self.venue_address}" if self.venue_address else self.venue


def _greeting(name: str) -> str:
    return f"Dear {name}," if name.strip() else "Hello,"


def _sign(sender: str) -> str:
    return f"Kind regards,\n{sender}"


def _text(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p) + "\n"


def _fact_lines(rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k + ':':<{width + 1}} {v}" for k, v in rows)


def _show_facts(show: Show, zone: tzinfo, reference: str = "") -> list[tuple[str, str]]:
    rows = [("Booking reference", reference)] if reference else []
    return [
        *rows,
        ("Event", show.title),
        ("When", format_when(show.starts_at, zone)),
        ("Where", show.where()),
    ]


def _ticket_rows(b: BookingPrint) -> list[tuple[str, str, str]]:
    return [(t.seat_label, t.kind, format_money(t.price)) for t in b.valid_tickets]


def _ticket_text(b: BookingPrint) -> str:
    rows = _ticket_rows(b)
    if not rows:
        return "No valid tickets remain on this booking."
    width = max(len(seat) for seat, _, _ in rows)
    lines = [f"  {seat:<{width}}  {tier} – {price}" for seat, tier, price in rows]
    return "Tickets:\n" + "\n".join(lines)


def _package_facts(b: BookingPrint) -> list[tuple[str, str]]:
    """A season ticket's booking names its package (the price paid is this event's share)."""
    if b.package is None:
        return []
    p = b.package
    return [
        (_("Season ticket"), f"{p.name} ({p.reference})"),
        (
            _("Package price"),
            _("{price} for {count} events").format(price=format_money(p.total), count=p.events),
        ),
    ]


def package_confirmation(
    mail: BookingMail, nights: Sequence[tuple[datetime, str]], zone: tzinfo, sender: str
) -> Composed:
    """Season ticket confirmation: the package, the seat, the nights; the card is attached."""
    b = mail.booking
    assert b.package is not None
    p = b.package
    seat = b.valid_tickets[0].seat_label if b.valid_tickets else ""
    subject = _("Your season ticket {package} ({reference})").format(
        package=p.name, reference=p.reference
    )
    intro = _(
        "Thank you for your season ticket. Your season card is attached as a PDF: show it on "
        "your phone or printed at the door. Its QR code admits you once at each event below."
    )
    facts = [
        (_("Season ticket"), f"{p.name} ({p.reference})"),
        (_("Seat"), seat),
        (_("Package price"), format_money(p.total)),
    ]
    lines = [f"{format_when(at, zone)} · {title}" for at, title in nights]
    text = _text(
        _greeting(mail.recipient.name),
        intro,
        _fact_lines(facts),
        _("Events:") + "\n" + "\n".join(f"  {line}" for line in lines),
        _sign(sender),
    )
    html = h.page(
        subject,
        [
            h.para(_greeting(mail.recipient.name)),
            h.para(intro),
            h.facts(facts),
            *[h.para(line) for line in lines],
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def confirmation(mail: BookingMail, zone: tzinfo, sender: str) -> Composed:
    """Booking confirmation; the tickets PDF is attached by the sender."""
    b, show = mail.booking, Show.of_booking(mail.booking)
    count = len(b.valid_tickets)
    tickets = "ticket is" if count == 1 else f"{count} tickets are"
    subject = f"Your tickets for {b.event_title}, {format_date(b.starts_at, zone)} ({b.reference})"
    intro = (
        f"Thank you for your booking. Your {tickets} attached as a PDF: show them on your "
        "phone or printed at the door. Each ticket's QR code admits one person once."
    )
    paid = f"Total paid: {format_money(b.paid or b.total)}"
    facts = [*_show_facts(show, zone, b.reference), *_package_facts(b)]
    text = _text(
        _greeting(mail.recipient.name),
        intro,
        _fact_lines(facts),
        _ticket_text(b),
        paid,
        "We look forward to seeing you.",
        _sign(sender),
    )
    html = h.page(
        f"Your tickets for {b.event_title}",
        [
            h.para(_greeting(mail.recipient.name)),
            h.para(intro),
            h.facts(facts),
            h.table(("Seat", "Tier", "Price"), _ticket_rows(b), paid),
            h.para("We look forward to seeing you."),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def booking_update(mail: BookingMail, summary: str, zone: tzinfo, sender: str) -> Composed:
    """Seats exchanged or some tickets cancelled: what changed and what the booking is now."""
    b, show = mail.booking, Show.of_booking(mail.booking)
    subject = f"Your booking {b.reference} for {b.event_title} has changed"
    intro = f"Your booking has been updated: {summary.strip() or 'the tickets changed'}."
    money_rows = [("Booking total", format_money(b.total)), ("Paid", format_money(b.paid))]
    if b.refunded:
        money_rows.append(("Refunded", format_money(b.refunded)))
    attached = "Your current tickets are attached; tickets from earlier e-mails that are no "
    attached += "longer listed below are no longer valid."
    text = _text(
        _greeting(mail.recipient.name),
        intro,
        _fact_lines(_show_facts(show, zone, b.reference)),
        _ticket_text(b),
        _fact_lines(money_rows),
        attached if b.valid_tickets else "",
        _sign(sender),
    )
    html = h.page(
        f"Booking {b.reference} updated",
        [
            h.para(_greeting(mail.recipient.name)),
            h.para(intro),
            h.facts(_show_facts(show, zone, b.reference)),
            h.table(("Seat", "Tier", "Price"), _ticket_rows(b)),
            h.facts(money_rows),
            h.para(attached) if b.valid_tickets else "",
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def cancellation(
    name: str,
    reference: str,
    show: Show,
    refunded: str,
    zone: tzinfo,
    sender: str,
    event_cancelled: bool,
) -> Composed:
    """The booking was cancelled (by request, or because the event was cancelled).

    *refunded* is the formatted amount refunded ("" when nothing was).
    """
    when = format_date(show.starts_at, zone)
    if event_cancelled:
        subject = f"Cancelled: {show.title} on {when} – your refund"
        intro = (
            f"We are sorry: {show.title} on {when} has been cancelled. "
            f"Your booking {reference} is cancelled and its tickets are no longer valid."
        )
    else:
        subject = f"Booking {reference} for {show.title} cancelled"
        intro = f"Your booking {reference} has been cancelled; its tickets are no longer valid."
    refund = (
        f"{refunded} has been refunded to the original payment method."
        if refunded
        else "No refund was due on this booking."
    )
    text = _text(
        _greeting(name),
        intro,
        _fact_lines(_show_facts(show, zone, reference)),
        refund,
        _sign(sender),
    )
    html = h.page(
        subject,
        [
            h.para(_greeting(name)),
            h.para(intro),
            h.facts(_show_facts(show, zone, reference)),
            h.para(refund),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def event_change(
    name: str,
    reference: str,
    show: Show,
    changes: Sequence[tuple[str, str, str]],
    tickets: int,
    zone: tzinfo,
    sender: str,
) -> Composed:
    """Date, time or venue changed: each change as old → new."""
    fields = ", ".join(_FIELD_NAMES.get(f, f.replace("_", " ")).lower() for f, _, _ in changes)
    subject = f"Change to {show.title}: new {fields or 'details'}"
    rows = [
        (_FIELD_NAMES.get(f, f.replace("_", " ").capitalize()), f"{old} → {new}")
        for f, old, new in changes
    ]
    count = "ticket" if tickets == 1 else f"{tickets} tickets"
    intro = f"The details of {show.title} have changed:"
    verb = "remains" if tickets == 1 else "remain"
    keep = (
        f"Your {count} (booking {reference}) {verb} valid for the new arrangements; there is "
        "nothing you need to do. If you can no longer attend, contact us and we will refund you."
    )
    now_rows = _show_facts(show, zone, reference)
    text = _text(
        _greeting(name),
        intro + "\n" + "\n".join(f"  {k}: {v}" for k, v in rows),
        keep,
        "The event now:\n" + _fact_lines(now_rows),
        _sign(sender),
    )
    html = h.page(
        f"Change to {show.title}",
        [
            h.para(_greeting(name)),
            h.para(intro),
            h.table(("What", "Was → now"), rows),
            h.para(keep),
            h.facts(now_rows),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def _price_range(card: EventCard) -> str:
    if card.min_price == card.max_price:
        return format_money(card.min_price)
    return f"from {format_money(card.min_price)}"


def promotion(
    name: str, events: Sequence[EventCard], unsubscribe_url: str, zone: tzinfo, sender: str
) -> Composed:
    """This week's selection of upcoming events, with the unsubscribe link."""
    first = events[0].title
    more = f" and {len(events) - 1} more" if len(events) > 1 else ""
    subject = f"Coming up: {first}{more}"
    intro = "Here is what is coming up soon. Book at the box office or reply to this e-mail."
    rows = [(e.title, format_when(e.starts_at, zone), e.venue, _price_range(e)) for e in events]
    listing = "\n\n".join(
        f"{title}\n  {when}\n  {venue}\n  Tickets {price}" for title, when, venue, price in rows
    )
    why = "You receive this because you asked for news of our events."
    text = _text(
        _greeting(name),
        intro,
        listing,
        _sign(sender),
        f"{why} To stop these e-mails, open: {unsubscribe_url}",
    )
    html = h.page(
        "Coming up soon",
        [
            h.para(_greeting(name)),
            h.para(intro),
            h.table(("Event", "When", "Where", "Tickets"), rows),
            h.para(_sign(sender)),
        ],
        footer=f"{h.esc(why)} {h.link(unsubscribe_url, 'Unsubscribe')}",
    )
    return Composed(subject, text, html)


def share(card: EventCard, note: str, shared_by: str, zone: tzinfo, sender: str) -> Composed:
    """The "share this event" e-mail: a friend's note and the event's details."""
    who = shared_by.strip() or "A friend"
    subject = f"{who} thought you might like {card.title}"
    intro = f"{who} asked us to send you this event."
    rows = [
        ("Event", card.title),
        ("When", format_when(card.starts_at, zone)),
        ("Where", Show.of_card(card).where()),
        ("Tickets", _price_range(card)),
    ]
    quoted = "\n".join(f"> {line}" for line in note.splitlines()) if note else ""
    text = _text(
        "Hello,",
        intro,
        quoted,
        _fact_lines(rows),
        card.description,
        "Tickets are available at the box office.",
        _sign(sender),
    )
    html = h.page(
        card.title,
        [
            h.para("Hello,"),
            h.para(intro),
            h.quote(note) if note else "",
            h.facts(rows),
            h.para(card.description) if card.description else "",
            h.para("Tickets are available at the box office."),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)
