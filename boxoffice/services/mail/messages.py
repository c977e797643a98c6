"""The text of every customer e-mail, plain text and HTML, built from read-model values.

Pure functions: no database, no clock. Times are shown in the venue zone the tickets use
(:mod:`boxoffice.services.common.local_time`), with the zone's abbreviation. Text, money and
dates come out in the current language: callers compose a customer's mail inside
``with in_language(recipient.language):``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from boxoffice.domain.money import format_money
from boxoffice.i18n import N_, _, ngettext
from boxoffice.services.common.local_time import format_date, format_when
from boxoffice.services.mail import html as h
from boxoffice.services.mail.facts import BookingMail, EventCard
from boxoffice.services.mail.outbox import Composed
from boxoffice.services.tickets.data import BookingPrint

_FIELD_NAMES = {
    "date": N_("Date"),
    "time": N_("Time"),
    "venue": N_("Venue"),
    "starts_at": N_("Starts"),
}


def _field_name(field: str) -> str:
    known = _FIELD_NAMES.get(field)
    return _(known) if known else field.replace("_", " ").capitalize()


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
    return _("Dear {name},").format(name=name) if name.strip() else _("Hello,")


def _sign(sender: str) -> str:
    return _("Kind regards,") + "\n" + sender


def _text(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p) + "\n"


def _fact_lines(rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(k) for k, _v in rows)
    return "\n".join(f"{k + ':':<{width + 1}} {v}" for k, v in rows)


def _show_facts(show: Show, zone: tzinfo, reference: str = "") -> list[tuple[str, str]]:
    rows = [(_("Booking reference"), reference)] if reference else []
    return [
        *rows,
        (_("Event"), show.title),
        (_("When"), format_when(show.starts_at, zone)),
        (_("Where"), show.where()),
    ]


def _ticket_rows(b: BookingPrint) -> list[tuple[str, str, str]]:
    return [(t.seat_label, t.kind, format_money(t.price)) for t in b.valid_tickets]


def _ticket_text(b: BookingPrint) -> str:
    rows = _ticket_rows(b)
    if not rows:
        return _("No valid tickets remain on this booking.")
    width = max(len(seat) for seat, _t, _p in rows)
    lines = [f"  {seat:<{width}}  {tier} – {price}" for seat, tier, price in rows]
    return _("Tickets:") + "\n" + "\n".join(lines)


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
    subject = _("Your tickets for {title}, {date} ({reference})").format(
        title=b.event_title, date=format_date(b.starts_at, zone), reference=b.reference
    )
    intro = ngettext(
        "Thank you for your booking. Your ticket is attached as a PDF: show it on your "
        "phone or printed at the door. Its QR code admits one person once.",
        "Thank you for your booking. Your {count} tickets are attached as a PDF: show them on "
        "your phone or printed at the door. Each ticket's QR code admits one person once.",
        count,
    ).format(count=count)
    paid = _("Total paid: {amount}").format(amount=format_money(b.paid or b.total))
    facts = [*_show_facts(show, zone, b.reference), *_package_facts(b)]
    text = _text(
        _greeting(mail.recipient.name),
        intro,
        _fact_lines(facts),
        _ticket_text(b),
        paid,
        _("We look forward to seeing you."),
        _sign(sender),
    )
    html = h.page(
        _("Your tickets for {title}").format(title=b.event_title),
        [
            h.para(_greeting(mail.recipient.name)),
            h.para(intro),
            h.facts(facts),
            h.table((_("Seat"), _("Tier"), _("Price")), _ticket_rows(b), paid),
            h.para(_("We look forward to seeing you.")),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def booking_update(mail: BookingMail, summary: str, zone: tzinfo, sender: str) -> Composed:
    """Seats exchanged or some tickets cancelled: what changed and what the booking is now."""
    b, show = mail.booking, Show.of_booking(mail.booking)
    subject = _("Your booking {reference} for {title} has changed").format(
        reference=b.reference, title=b.event_title
    )
    intro = _("Your booking has been updated: {summary}.").format(
        summary=summary.strip() or _("the tickets changed")
    )
    money_rows = [(_("Booking total"), format_money(b.total)), (_("Paid"), format_money(b.paid))]
    if b.refunded:
        money_rows.append((_("Refunded"), format_money(b.refunded)))
    attached = _(
        "Your current tickets are attached; tickets from earlier e-mails that are no "
        "longer listed below are no longer valid."
    )
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
        _("Booking {reference} updated").format(reference=b.reference),
        [
            h.para(_greeting(mail.recipient.name)),
            h.para(intro),
            h.facts(_show_facts(show, zone, b.reference)),
            h.table((_("Seat"), _("Tier"), _("Price")), _ticket_rows(b)),
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
        subject = _("Cancelled: {title} on {date} – your refund").format(
            title=show.title, date=when
        )
        intro = _(
            "We are sorry: {title} on {date} has been cancelled. "
            "Your booking {reference} is cancelled and its tickets are no longer valid."
        ).format(title=show.title, date=when, reference=reference)
    else:
        subject = _("Booking {reference} for {title} cancelled").format(
            reference=reference, title=show.title
        )
        intro = _(
            "Your booking {reference} has been cancelled; its tickets are no longer valid."
        ).format(reference=reference)
    refund = (
        _("{amount} has been refunded to the original payment method.").format(amount=refunded)
        if refunded
        else _("No refund was due on this booking.")
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
    fields = ", ".join(_field_name(f).lower() for f, _o, _n in changes)
    subject = _("Change to {title}: new {fields}").format(
        title=show.title, fields=fields or _("details")
    )
    rows = [(_field_name(f), f"{old} → {new}") for f, old, new in changes]
    intro = _("The details of {title} have changed:").format(title=show.title)
    keep = ngettext(
        "Your ticket (booking {reference}) remains valid for the new arrangements; there is "
        "nothing you need to do. If you can no longer attend, contact us and we will refund you.",
        "Your {count} tickets (booking {reference}) remain valid for the new arrangements; there "
        "is nothing you need to do. If you can no longer attend, contact us and we will refund "
        "you.",
        tickets,
    ).format(count=tickets, reference=reference)
    now_rows = _show_facts(show, zone, reference)
    text = _text(
        _greeting(name),
        intro + "\n" + "\n".join(f"  {k}: {v}" for k, v in rows),
        keep,
        _("The event now:") + "\n" + _fact_lines(now_rows),
        _sign(sender),
    )
    html = h.page(
        _("Change to {title}").format(title=show.title),
        [
            h.para(_greeting(name)),
            h.para(intro),
            h.table((_("What"), _("Was → now")), rows),
            h.para(keep),
            h.facts(now_rows),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def _price_range(card: EventCard) -> str:
    if card.min_price == card.max_price:
        return format_money(card.min_price)
    return _("from {amount}").format(amount=format_money(card.min_price))


def promotion(
    name: str, events: Sequence[EventCard], unsubscribe_url: str, zone: tzinfo, sender: str
) -> Composed:
    """This week's selection of upcoming events, with the unsubscribe link."""
    first = events[0].title
    others = len(events) - 1
    subject = (
        ngettext(
            "Coming up: {first} and {count} more", "Coming up: {first} and {count} more", others
        ).format(first=first, count=others)
        if others
        else _("Coming up: {first}").format(first=first)
    )
    intro = _("Here is what is coming up soon. Book at the box office or reply to this e-mail.")
    rows = [(e.title, format_when(e.starts_at, zone), e.venue, _price_range(e)) for e in events]
    tickets = _("Tickets {price}")
    listing = "\n\n".join(
        f"{title}\n  {when}\n  {venue}\n  {tickets.format(price=price)}"
        for title, when, venue, price in rows
    )
    why = _("You receive this because you asked for news of our events.")
    text = _text(
        _greeting(name),
        intro,
        listing,
        _sign(sender),
        why + " " + _("To stop these e-mails, open: {url}").format(url=unsubscribe_url),
    )
    html = h.page(
        _("Coming up soon"),
        [
            h.para(_greeting(name)),
            h.para(intro),
            h.table((_("Event"), _("When"), _("Where"), _("Tickets")), rows),
            h.para(_sign(sender)),
        ],
        footer=f"{h.esc(why)} {h.link(unsubscribe_url, _('Unsubscribe'))}",
    )
    return Composed(subject, text, html)


def share(card: EventCard, note: str, shared_by: str, zone: tzinfo, sender: str) -> Composed:
    """The "share this event" e-mail: a friend's note and the event's details."""
    who = shared_by.strip() or _("A friend")
    subject = _("{who} thought you might like {title}").format(who=who, title=card.title)
    intro = _("{who} asked us to send you this event.").format(who=who)
    rows = [
        (_("Event"), card.title),
        (_("When"), format_when(card.starts_at, zone)),
        (_("Where"), Show.of_card(card).where()),
        (_("Tickets"), _price_range(card)),
    ]
    quoted = "\n".join(f"> {line}" for line in note.splitlines()) if note else ""
    text = _text(
        _("Hello,"),
        intro,
        quoted,
        _fact_lines(rows),
        card.description,
        _("Tickets are available at the box office."),
        _sign(sender),
    )
    html = h.page(
        card.title,
        [
            h.para(_("Hello,")),
            h.para(intro),
            h.quote(note) if note else "",
            h.facts(rows),
            h.para(card.description) if card.description else "",
            h.para(_("Tickets are available at the box office.")),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)


def gift_voucher(
    number: str,
    code: str,
    balance: str,
    expires_at: datetime | None,
    recipient: str,
    note: str,
    zone: tzinfo,
    sender: str,
) -> Composed:
    """A gift voucher sent by e-mail: its number, signed code, balance and last day (the PDF
    with its QR code is attached)."""
    subject = _("Your gift voucher {number} from {sender}").format(number=number, sender=sender)
    until = format_date(expires_at, zone) if expires_at is not None else _("No expiry date")
    rows = [
        (_("Voucher"), number),
        (_("Code"), code),
        (_("Balance"), balance),
        (_("Valid until"), until),
    ]
    intro = _(
        "Here is your gift voucher. Show the code (or the QR code of the attached PDF) at the "
        "box office: it pays for tickets until its balance is used."
    )
    safe = _("Whoever holds the code can spend the voucher: keep it safe.")
    quoted = "\n".join(f"> {line}" for line in note.splitlines()) if note else ""
    text = _text(_greeting(recipient), intro, quoted, _fact_lines(rows), safe, _sign(sender))
    html = h.page(
        _("Gift voucher {number}").format(number=number),
        [
            h.para(_greeting(recipient)),
            h.para(intro),
            h.quote(note) if note else "",
            h.facts(rows),
            h.para(safe),
            h.para(_sign(sender)),
        ],
    )
    return Composed(subject, text, html)
