"""Ticket documents: the QR codes in the PDF decode to the tickets' codes, on every stock."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.errors import NotFound, PermissionDenied, ValidationError
from boxoffice.domain.roles import Role
from boxoffice.i18n import in_language
from boxoffice.services.common import local_time
from boxoffice.services.common.local_time import format_when
from boxoffice.services.tickets.codes import reissue_ticket
from boxoffice.services.tickets.layout import STOCKS, QrCode, Text
from boxoffice.services.tickets.pdf import (
    booking_document,
    booking_pdf,
    render_booking_pdf,
)
from tests.printing.support import pdf_page_count, pick, qr_codes_in_pdf

CLERK = Actor(user_id=None, username="clerk", role=Role.CLERK, desk="desk-1")


def _texts(doc_page: object) -> list[str]:
    return [i.text for i in doc_page.items if isinstance(i, Text)]  # type: ignore[attr-defined]


def test_qr_codes_in_the_pdf_decode_to_the_ticket_codes(demo_db: Database, tmp_path: Path) -> None:
    booking = pick(demo_db, seated=True, min_tickets=3)
    for stock in sorted(STOCKS):
        data = booking_pdf(demo_db, CLERK, booking.reference.lower(), stock)
        assert data.startswith(b"%PDF")
        path = tmp_path / f"{stock}.pdf"
        path.write_bytes(data)
        pages = qr_codes_in_pdf(path)
        ticket_pages = pages[: len(booking.tickets)]
        assert ticket_pages == [[t.code] for t in booking.tickets], stock
        assert all(page == [] for page in pages[len(booking.tickets) :])  # the receipt
        assert len(pages) == pdf_page_count(data) > len(booking.tickets)


def test_general_admission_ticket_says_so(demo_db: Database, tmp_path: Path) -> None:
    booking = pick(demo_db, seated=False)
    doc = booking_document(demo_db, CLERK, booking.reference, "a4")
    page = _texts(doc.pages[0])
    assert "General admission" in page and booking.reference in page
    assert booking.event_title in page
    path = tmp_path / "ga.pdf"
    path.write_bytes(booking_pdf(demo_db, CLERK, booking.reference, "a4"))
    assert qr_codes_in_pdf(path)[0] == [booking.tickets[0].code]


def test_seated_ticket_shows_section_row_seat_tier_and_price(demo_db: Database) -> None:
    booking = pick(demo_db, seated=True)
    doc = booking_document(demo_db, CLERK, booking.reference, "a4")
    page = _texts(doc.pages[0])
    for label in ("SECTION", "ROW", "SEAT", "TIER", "PRICE", "BOOKING REFERENCE"):
        assert label in page
    assert any(t.startswith("€") for t in page)
    thermal = _texts(booking_document(demo_db, CLERK, booking.reference, "thermal").pages[0])
    assert any(" · Row " in t and " · Seat " in t for t in thermal)


def test_cancelled_booking_prints_only_its_receipt(demo_db: Database) -> None:
    booking = pick(demo_db, status="cancelled")
    doc = booking_document(demo_db, CLERK, booking.reference, "receipt")
    assert not any(isinstance(i, QrCode) for p in doc.pages for i in p.items)
    texts = [t for p in doc.pages for t in _texts(p)]
    assert "CANCELLED" in texts and "Refunds" in texts


def test_reprint_after_reissue_carries_the_new_code(demo_db: Database) -> None:
    booking = pick(demo_db)
    fresh = reissue_ticket(demo_db, CLERK, booking.tickets[0].id)
    doc = booking_document(demo_db, CLERK, booking.reference, "thermal")
    codes = [i.text for p in doc.pages for i in p.items if isinstance(i, QrCode)]
    assert codes[0] == fresh.code != booking.tickets[0].code


def test_everything_stays_on_the_paper(demo_db: Database) -> None:
    """Every item of every page of (every fourth) demo booking lies inside the page."""
    from boxoffice.services.tickets.fonts import text_width
    from tests.printing.support import demo_bookings

    for stock, booking in itertools.product(sorted(STOCKS), demo_bookings(demo_db)[::4]):
        doc = booking_document(demo_db, SYSTEM, booking.reference, stock)
        w, h = doc.stock.width, doc.stock.height
        for page in doc.pages:
            for item in page.items:
                if isinstance(item, Text):
                    width = text_width(item.text, item.size, item.bold)
                    left = {"left": item.x, "center": item.x - width / 2, "right": item.x - width}
                    x = left[item.align]
                    assert x >= 0 and x + width <= w + 0.01, (stock, item)
                    assert item.size <= item.y <= h, (stock, item)
                elif isinstance(item, QrCode):
                    assert item.x >= 0 and item.y >= 0
                    assert item.x + item.size <= w and item.y + item.size <= h


def test_times_are_shown_in_the_configured_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    at = datetime(2025, 1, 10, 19, 30, tzinfo=UTC)
    monkeypatch.setenv("BOXOFFICE_TIMEZONE", "America/New_York")
    assert format_when(at) == "Fri, Jan 10, 2025, 14:30 EST"  # the locale's order (en)
    with in_language("de"):
        assert format_when(at) == "Fr., 10. Jan. 2025, 14:30 EST"
    monkeypatch.setenv("BOXOFFICE_TIMEZONE", "Europe/London")
    summer = datetime(2025, 7, 10, 18, 0, tzinfo=UTC)
    with in_language("en_GB"):
        assert format_when(summer) == "Thu, 10 Jul 2025, 19:00 BST"
    assert local_time.zone_label(summer) == "Europe/London, BST"
    monkeypatch.setenv("BOXOFFICE_TIMEZONE", "")
    local = at.astimezone()
    assert format_when(at).endswith(f"{local:%H:%M} {local.tzname()}")
    monkeypatch.setenv("BOXOFFICE_TIMEZONE", "Mars/Olympus")
    with pytest.raises(Exception, match="Unknown time zone"):
        format_when(at)
    assert format_when(at, ZoneInfo("Asia/Tokyo")) == "Sat, Jan 11, 2025, 04:30 JST"


def test_pdf_is_deterministic_and_audited(demo_db: Database) -> None:
    booking = pick(demo_db)
    first = booking_pdf(demo_db, CLERK, booking.reference, "letter")
    assert booking_pdf(demo_db, CLERK, booking.reference, "letter") == first
    booking_document(demo_db, CLERK, booking.reference, "a4")  # preview: not audited
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).where(AuditLog.action == "ticket.pdf")) == 2
        assert s.scalar(select(func.count()).where(AuditLog.action == "ticket.preview")) == 0
        inside = render_booking_pdf(s, booking.id, "letter")
    assert inside == first


def test_bad_input_gets_clear_errors(demo_db: Database) -> None:
    booking = pick(demo_db)
    with pytest.raises(ValidationError, match="Unknown ticket stock"):
        booking_pdf(demo_db, CLERK, booking.reference, "a5")
    with pytest.raises(NotFound, match="no booking"):
        booking_pdf(demo_db, CLERK, "ZZZZ-ZZZZ")
    with pytest.raises(ValidationError):
        booking_pdf(demo_db, CLERK, "  ")
    with pytest.raises(PermissionDenied):
        booking_pdf(demo_db, _NoSell(), booking.reference)


class _NoSell(Actor):
    def __init__(self) -> None:
        super().__init__(user_id=None, username="guest", role=Role.CLERK)

    def can(self, permission: object) -> bool:
        return False

    def require(self, permission: object) -> None:
        raise PermissionDenied("guest is not allowed to sell.")


def test_the_printed_code_is_large_enough_to_type(demo_db: Database) -> None:
    """The code under the QR symbol is bold and at least 10 pt, in the typeable alphabet."""
    booking = pick(demo_db, seated=True)
    code = booking.tickets[0].code
    for stock, smallest in (("a4", 12), ("letter", 12), ("receipt", 10)):
        page = booking_document(demo_db, CLERK, booking.reference, stock).pages[0]
        lines = [
            i
            for i in page.items
            if isinstance(i, Text) and len(i.text) > 10 and i.text.replace(" ", "") in code
        ]
        assert "".join(i.text.replace(" ", "") for i in lines) == code, stock
        assert all(i.bold and i.size >= smallest for i in lines), (stock, lines)
    assert not set(code) & set("ILOS")


def test_receipt_names_a_section_once(demo_db: Database) -> None:
    """The arena's "Floor" tier covers its Floor section: "Floor, row A, seat 19", once."""
    from tests.printing.support import demo_bookings

    lines = []
    for booking in demo_bookings(demo_db)[::3]:
        doc = booking_document(demo_db, SYSTEM, booking.reference, "a4")
        lines += [t for p in doc.pages if p.kind == "receipt" for t in _texts(p)]
    assert any(line.startswith("Floor, row ") for line in lines), "no Floor seat was printed"
    repeated = [line for line in lines if re.match(r"([^,]+), row .* · \1\b", line)]
    assert repeated == []
