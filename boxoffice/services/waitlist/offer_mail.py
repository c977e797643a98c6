"""The e-mail telling a waiting customer that seats are held for them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import Customer
from boxoffice.i18n import _, in_language, ngettext
from boxoffice.services.common.local_time import format_when, venue_zone
from boxoffice.services.mail import html, outbox
from boxoffice.services.mail.address import is_valid_address
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.settings import read_settings
from boxoffice.services.waitlist.views import Offer


def queue_offer_mail(session: Session, offer: Offer) -> bool:
    """Queue the offer e-mail in the open transaction; False when the customer has no address
    (the desk view still shows the offer)."""
    row = session.execute(
        select(Customer.name, Customer.email, Customer.language).where(
            Customer.id == offer.customer_id
        )
    ).one_or_none()
    if row is None or not is_valid_address(row.email or ""):
        return False
    with in_language(row.language):
        content = _compose(offer, row.name, read_settings(session).from_name or _("Box Office"))

    outbox.enqueue(
        session,
        NewMail(MailKind.WAITLIST_OFFER, f"waitlist-offer:{offer.hold_id}", row.email, content),
    )
    return True


def _compose(offer: Offer, name: str, sender: str) -> Composed:
    zone = venue_zone()
    when = format_when(offer.starts_at, zone)
    until = format_when(offer.expires_at, zone)
    seats = ", ".join(offer.seat_labels)
    subject = _("Seats are waiting for you: {title}").format(title=offer.event_title)
    lines = [
        _("Dear {name},").format(name=name),
        ngettext(
            "{count} place for {title} on {date} came free and is held for you until {until}: "
            "{seats}.",
            "{count} places for {title} on {date} came free and are held for you until {until}: "
            "{seats}.",
            offer.quantity,
        ).format(
            count=offer.quantity, title=offer.event_title, date=when, until=until, seats=seats
        ),
        _(
            "Call or visit the box office before then to buy them; afterwards they pass to the "
            "next customer on the waiting list."
        ),
        sender,
    ]
    return Composed(
        subject,
        "\n\n".join(lines) + "\n",
        html.page(subject, [html.para(line) for line in lines]),
    )
