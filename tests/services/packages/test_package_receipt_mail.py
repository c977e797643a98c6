"""A season ticket's booking names its package on the receipt and in the confirmation mail."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal

from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking
from boxoffice.services import packages
from boxoffice.services.mail import messages
from boxoffice.services.mail.facts import BookingMail, Recipient
from boxoffice.services.tickets.data import load_booking
from boxoffice.services.tickets.layout import Text, stock
from boxoffice.services.tickets.receipt import receipt_pages
from tests.services.packages.test_changes import _sold


def _package_booking(db: Database, sale_id: int, event_id: int) -> int:
    return int(
        db.run(
            lambda s: s.scalar(
                select(Booking.id).where(
                    Booking.package_sale_id == sale_id, Booking.event_id == event_id
                )
            )
        )
    )


def test_receipt_and_confirmation_name_the_package(db: Database) -> None:
    staff, season, sale = _sold(db, nights=3, in_package=3)
    booking_id = _package_booking(db, sale.sale_id, season.event_ids[1])
    b = db.run(lambda s: load_booking(s, booking_id))
    assert b.package is not None and b.package.reference == sale.reference
    assert (b.package.name, b.package.total, b.package.events) == ("S", Decimal("100.00"), 3)

    texts = [
        item.text
        for page in receipt_pages(stock("a4"), b, UTC)
        for item in page.items
        if isinstance(item, Text)
    ]
    assert "Season ticket" in texts and f"S · {sale.reference}" in texts
    assert "One of 3 events; the total below is this event's share." in texts

    mail = messages.confirmation(BookingMail(b, Recipient(1, "Ada", "ada@example.org")), UTC, "BO")
    assert f"S ({sale.reference})" in mail.text and "for 3 events" in mail.text
    assert sale.reference in mail.html

    # Cancelling one night: the others now say two events; a single sale names no package.
    packages.cancel_package(db, staff.clerk, sale.reference, [season.event_ids[0]])
    after = db.run(lambda s: load_booking(s, booking_id))
    assert after.package is not None and after.package.events == 2


def test_a_single_sale_names_no_package(demo_db: Database) -> None:
    booking_id = demo_db.run(
        lambda s: s.scalar(
            select(Booking.id).where(Booking.package_sale_id.is_(None)).order_by(Booking.id)
        )
    )
    b = demo_db.run(lambda s: load_booking(s, int(booking_id)))
    assert b.package is None
    mail = messages.confirmation(BookingMail(b, Recipient(1, "Ada", "ada@example.org")), UTC, "BO")
    assert "Season ticket" not in mail.text
