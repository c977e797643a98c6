"""Ticket faces for each stock, and :func:`layout_booking` (one booking = one document).

Print-at-home (A4, Letter): one ticket per page with a large QR code. Thermal ticket stock
(5.5 × 2 in, landscape) and the 80 mm receipt roll: one ticket per stub. Every document ends
with the receipt (tickets, payments with tendered/change, refunds), paginated as needed.
Only valid tickets get a face: a cancelled or used ticket must not look admissible.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo

from boxoffice.domain.money import format_money
from boxoffice.i18n import _
from boxoffice.services.common.local_time import format_when, venue_zone, zone_label
from boxoffice.services.tickets.data import BookingPrint, TicketView
from boxoffice.services.tickets.layout import (
    ACCENT,
    BAND,
    MUTED,
    RULE,
    WHITE,
    Box,
    Document,
    Line,
    Page,
    QrCode,
    Sheet,
    Stock,
    fit,
    group_code,
    qr_modules,
    stock,
    wrap,
)
from boxoffice.services.tickets.receipt import receipt_pages

Face = Callable[[Stock, BookingPrint, TicketView, int, int, str, tzinfo], Page]

LIGHT = "#eef0f4"
CODE_SIZE = 12.0  # the printed code, in points: typed at the door when a QR code will not scan


def layout_booking(
    booking: BookingPrint,
    stock_key: str,
    codes: Mapping[int, str],
    zone: tzinfo | None = None,
) -> Document:
    """The pages of a booking's document: a face per valid ticket, then the receipt."""
    paper = stock(stock_key)
    zone = zone or venue_zone()
    face = _FACES[paper.key]
    tickets = booking.valid_tickets
    pages = [
        face(paper, booking, t, n, len(tickets), codes[t.id], zone)
        for n, t in enumerate(tickets, start=1)
    ]
    pages.extend(receipt_pages(paper, booking, zone))
    title = _("Tickets {reference}").format(reference=booking.reference)
    return Document(title, paper, tuple(pages))


def _ticket_n_of(n: int, total: int) -> str:
    return _("Ticket {n} of {total}").format(n=n, total=total)


def _code_lines(code: str) -> tuple[str, str]:
    groups = group_code(code).split(" ")
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]), " ".join(groups[half:])


def _field(
    sheet: Sheet, x: float, y: float, label: str, value: str, width: float, size: float = 14
) -> None:
    sheet.text(x, y, label.upper(), 7.5, bold=True, colour=MUTED, width=width)
    sheet.text(x, y + size + 4, value, size, bold=True, width=width, smallest=8)


def home_face(
    paper: Stock, b: BookingPrint, t: TicketView, n: int, total: int, code: str, zone: tzinfo
) -> Page:
    """A4 / Letter: header band, details on the left, the QR code on the right, notes below."""
    s = Sheet(paper)
    w, h, m = paper.width, paper.height, 40.0
    band = 118.0
    s.add(Box(0, 0, w, band, fill=BAND))
    s.text(m, 38, _("ADMIT ONE  ·  E-TICKET"), 9.5, bold=True, colour=ACCENT)
    s.text(w - m, 38, _ticket_n_of(n, total), 9.5, align="right", colour=WHITE)
    title_size = fit(b.event_title, 26, w - 2 * m, bold=True, smallest=20)
    lines = wrap(b.event_title, title_size, w - 2 * m, bold=True, lines=2)
    if len(lines) == 1:
        s.text(m, 78, lines[0], title_size, bold=True, colour=WHITE)
    else:
        s.text(m, 66, lines[0], title_size, bold=True, colour=WHITE)
        s.text(m, 66 + title_size + 4, lines[1], title_size, bold=True, colour=WHITE)
    s.text(m, band - 14, b.venue, 10.5, colour="#c9ced8", width=w - 2 * m)

    q = 190.0
    qx, qy = w - m - q - 10, band + 34
    s.add(Box(qx - 10, qy - 10, q + 20, q + 66, stroke=RULE, radius=8))
    s.add(QrCode(qx, qy, q, qr_modules(code), code))
    # Large enough to type from at the door when the QR code will not scan.
    first, second = _code_lines(code)
    s.text(qx + q / 2, qy + q + 20, first, CODE_SIZE, bold=True, align="center", width=q + 16)
    s.text(qx + q / 2, qy + q + 38, second, CODE_SIZE, bold=True, align="center", width=q + 16)

    x, lw = m, qx - 10 - 24 - m
    y = band + 36
    _field(s, x, y, _("Date and time"), format_when(b.starts_at, zone), lw, 15)
    y += 48
    _field(s, x, y, _("Venue"), b.venue, lw, 13)
    if b.venue_address:
        s.text(x, y + 33, b.venue_address, 9.5, colour=MUTED, width=lw)
    y += 56
    s.add(Box(x - 8, y - 14, lw + 16, 58, fill=LIGHT, radius=6))
    if t.general_admission:
        _field(s, x, y, _("Admission"), _("General admission"), lw, 20)
    else:
        cells = (
            (_("Section"), t.section, 0.5),
            (_("Row"), t.row, 0.25),
            (_("Seat"), str(t.number), 0.25),
        )
        cx = x
        for label, value, share in cells:
            _field(s, cx, y, label, value, lw * share - 8, 20)
            cx += lw * share
    y += 66
    _field(s, x, y, _("Tier"), t.kind, lw / 2 - 8, 13)
    _field(s, x + lw / 2, y, _("Price"), format_money(t.price), lw / 2, 13)
    y += 46
    _field(s, x, y, _("Booking reference"), b.reference, lw / 2 - 8, 13)
    if b.customer_name:
        _field(s, x + lw / 2, y, _("Name"), b.customer_name, lw / 2, 13)

    y = max(y + 46, qy + q + 56) + 24
    s.add(Line(m, y, w - m, y, dashed=True))
    y += 26
    s.text(m, y, _("Good to know"), 10.5, bold=True)
    notes = (
        _(
            "This ticket admits one person, once. The code is checked at the door and any copy "
            "is refused after the first scan, so keep it private."
        ),
        _("Show it printed or on your phone with the screen brightness turned up."),
        _("The time shown is local venue time ({zone}).").format(
            zone=zone_label(b.starts_at, zone)
        ),
    )
    for note in notes:
        for i, line in enumerate(wrap(note, 9.5, w - 2 * m - 12, lines=3)):
            y += 14
            s.text(m + 12, y, line, 9.5, colour=MUTED)
            if i == 0:
                s.text(m, y, "•", 9.5, colour=MUTED)
        y += 4
    footer = _("Booking {reference}  ·  ticket {id}").format(reference=b.reference, id=t.id)
    s.text(m, h - 28, footer, 7.5, colour=MUTED)
    s.text(w - m, h - 28, _("Printed by the box office"), 7.5, align="right", colour=MUTED)
    return s.page()


def thermal_face(
    paper: Stock, b: BookingPrint, t: TicketView, n: int, total: int, code: str, zone: tzinfo
) -> Page:
    """5.5 × 2 in ticket stock, landscape: details on the left, QR code on the right."""
    s = Sheet(paper)
    w, h, pad = paper.width, paper.height, 10.0
    q = h - 2 * pad
    qx = w - pad - q
    s.add(QrCode(qx, pad, q, qr_modules(code), code))
    s.add(Line(qx - 7, 8, qx - 7, h - 8, dashed=True))
    x = 14.0
    tw = qx - 14 - x
    s.text(x, 24, b.event_title, 13, bold=True, width=tw, smallest=8)
    s.text(x, 38, format_when(b.starts_at, zone), 9, width=tw)
    s.text(x, 50, b.venue, 8, colour=MUTED, width=tw)
    seat = (
        t.seat_label
        if t.general_admission
        else _("{section} · Row {row} · Seat {number}").format(
            section=t.section, row=t.row, number=t.number
        )
    )
    s.text(x, 72, seat, 12, bold=True, width=tw, smallest=7)
    s.text(x, 88, f"{t.kind} · {format_money(t.price)}", 9, width=tw)
    booking = _("Booking {reference}").format(reference=b.reference)
    s.text(x, 106, f"{booking}   {_ticket_n_of(n, total)}", 8, width=tw)
    if b.customer_name:
        s.text(x, 119, b.customer_name, 7.5, colour=MUTED, width=tw)
    s.text(x, 134, _("Admit one · valid for one entry"), 6.5, colour=MUTED, width=tw)
    return s.page()


def roll_face(
    paper: Stock, b: BookingPrint, t: TicketView, n: int, total: int, code: str, zone: tzinfo
) -> Page:
    """80 mm receipt roll: everything centred, QR code in the middle."""
    s = Sheet(paper)
    w, pad = paper.width, 12.0
    cx, tw = w / 2, w - 2 * pad
    y = 22.0
    s.text(cx, y, b.venue.upper(), 7.5, align="center", colour=MUTED, width=tw)
    for line in wrap(b.event_title, 13, tw, bold=True, lines=2):
        y += 17
        s.text(cx, y, line, 13, bold=True, align="center")
    y += 15
    s.text(cx, y, format_when(b.starts_at, zone), 9, align="center", width=tw)
    y += 19
    s.text(cx, y, t.seat_label, 11.5, bold=True, align="center", width=tw, smallest=7)
    y += 14
    s.text(cx, y, f"{t.kind} · {format_money(t.price)}", 9, align="center", width=tw)
    q = 150.0
    s.add(QrCode(cx - q / 2, y + 6, q, qr_modules(code), code))
    y += q + 20
    s.text(
        cx, y, _("Booking {reference}").format(reference=b.reference), 10, bold=True, align="center"
    )
    y += 12
    admit = _("{ticket} · admit one").format(ticket=_ticket_n_of(n, total))
    s.text(cx, y, admit, 8, align="center", colour=MUTED)
    for line in _code_lines(code):
        y += 13
        s.text(cx, y, line, 10, bold=True, align="center", width=tw)
    return s.page()


_FACES: dict[str, Face] = {
    "a4": home_face,
    "letter": home_face,
    "thermal": thermal_face,
    "receipt": roll_face,
}
