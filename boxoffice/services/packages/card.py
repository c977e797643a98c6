"""The season card: one signed QR code for a package sale, valid at each of its events' doors.

Check-in (:func:`boxoffice.services.tickets.checkin.season_ticket`) turns the card into the
ticket of the chosen event, so each night admits the card once, and a cancelled or exchanged
night follows its ticket. The card is a one-page document printed or mailed with the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Package, PackageSale, Seat, Section
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus
from boxoffice.i18n import _
from boxoffice.services.common.local_time import format_when
from boxoffice.services.tickets.codes import season_code
from boxoffice.services.tickets.layout import (
    Document,
    QrCode,
    Sheet,
    group_code,
    qr_modules,
    stock,
)

MAX_LISTED = 24  # nights listed on the card; more are summarised in one line


@dataclass(frozen=True)
class SeasonCard:
    reference: str
    package: str
    seat: str
    nights: tuple[tuple[datetime, str], ...]  # live nights: start, title
    code: str


def card_for(s: Session, reference: str) -> SeasonCard:
    """The season card of package sale *reference*, inside the caller's transaction."""
    row = s.execute(
        select(PackageSale, Package.name, Section.name, Seat.row_label, Seat.number)
        .join(Package, Package.id == PackageSale.package_id)
        .join(Seat, Seat.id == PackageSale.seat_id)
        .join(Section, Section.id == Seat.section_id)
        .where(PackageSale.reference == reference.strip().upper())
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no season ticket {reference}.").format(reference=reference))
    sale, package, section, row_label, number = row
    nights = s.execute(
        select(Event.starts_at, Event.title)
        .join(Booking, Booking.event_id == Event.id)
        .where(
            Booking.package_sale_id == sale.id,
            Booking.status != BookingStatus.CANCELLED.value,
        )
        .order_by(Event.starts_at, Event.id)
    ).all()
    seat = _("{section}, row {row}, seat {number}").format(
        section=section, row=row_label, number=number
    )
    code = season_code(sale.id, sale.package_id, sale.seat_id)
    return SeasonCard(sale.reference, package, seat, tuple((a, t) for a, t in nights), code)


def layout_card(card: SeasonCard, stock_key: str = "a4") -> Document:
    """One page: package, seat, the nights, and the QR code with its typeable spelling."""
    paper = stock(stock_key)
    sheet = Sheet(paper)
    margin = 36.0
    width = paper.width - 2 * margin
    sheet.text(margin, 60, _("Season card"), 22, bold=True, width=width)
    sheet.text(margin, 86, card.package, 15, bold=True, width=width)
    sheet.text(margin, 106, card.seat, 12, width=width)
    sheet.text(margin, 124, _("Reference {reference}").format(reference=card.reference), 10)
    size = min(200.0, width)
    sheet.add(QrCode(margin, 140, size, qr_modules(card.code), card.code))
    sheet.text(margin, 140 + size + 16, group_code(card.code), 9, width=width)
    y = 140 + size + 40
    sheet.text(margin, y, _("Valid once at each of these events:"), 11, bold=True, width=width)
    for starts, title in card.nights[:MAX_LISTED]:
        y += 15
        sheet.text(margin, y, f"{format_when(starts)} · {title}", 10, width=width)
    if len(card.nights) > MAX_LISTED:
        y += 15
        more = len(card.nights) - MAX_LISTED
        sheet.text(margin, y, _("… and {count} more").format(count=more), 10)
    title = _("Season card {reference}").format(reference=card.reference)
    return Document(title, paper, (sheet.page(),))


def season_card(db: Database, actor: Actor, reference: str, stock_key: str = "a4") -> Document:
    """The season card of package sale *reference*, laid out for preview, print or PDF."""
    actor.require(Permission.SELL)
    return db.run(lambda s: layout_card(card_for(s, reference), stock_key))


def season_card_pdf(db: Database, actor: Actor, reference: str) -> bytes:
    """The season card of package sale *reference* as PDF."""
    from boxoffice.services.tickets.pdf import render_pdf

    return render_pdf(season_card(db, actor, reference))
