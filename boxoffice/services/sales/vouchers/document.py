"""A gift voucher as a printable page (and PDF): value, number, expiry, recipient and the QR of
its signed code, laid out with the ticket layout's items so the desk's ticket printer path and
the PDF renderer both draw it."""

from __future__ import annotations

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.i18n.formats import date_text
from boxoffice.services.sales.vouchers.manage import VoucherInfo, voucher_info
from boxoffice.services.tickets.layout import (
    ACCENT,
    BAND,
    MM,
    MUTED,
    WHITE,
    Box,
    Document,
    Page,
    QrCode,
    Text,
    qr_modules,
    stock,
)
from boxoffice.services.tickets.pdf import render_pdf


def voucher_document(info: VoucherInfo, stock_key: str = "a4") -> Document:
    paper = stock(stock_key)
    w = paper.width
    margin = 12 * MM if w > 300 else 4 * MM
    big = 30 if w > 300 else 16
    items: list[object] = [
        Box(margin, margin, w - 2 * margin, 22 * MM, fill=BAND, radius=3),
        Text(margin + 6 * MM, margin + 14 * MM, "GIFT VOUCHER", 16, bold=True, colour=ACCENT),
        Text(w - margin - 6 * MM, margin + 14 * MM, info.number, 12, align="right", colour=WHITE),
        Text(w / 2, margin + 45 * MM, format_money(info.value), big, bold=True, align="center"),
    ]
    y = margin + 55 * MM
    if info.recipient:
        items.append(
            Text(
                w / 2, y, _("For {recipient}").format(recipient=info.recipient), 12, align="center"
            )
        )
        y += 7 * MM
    until = (
        _("Valid until {date}").format(date=date_text(info.expires_at, "long"))
        if info.expires_at
        else _("No expiry date")
    )
    items.append(Text(w / 2, y, until, 10, align="center", colour=MUTED))
    size = min(60 * MM, w - 2 * margin)
    qr_y = y + 8 * MM
    code = info.code.replace("-", "")
    items.append(QrCode((w - size) / 2, qr_y, size, qr_modules(code), code))
    items.append(Text(w / 2, qr_y + size + 7 * MM, info.code, 10, align="center"))
    items.append(
        Text(
            w / 2,
            qr_y + size + 13 * MM,
            _("Show this code at the box office; it pays for tickets until its value is used."),
            8,
            align="center",
            colour=MUTED,
        )
    )
    page = Page(tuple(items), kind="ticket")  # type: ignore[arg-type]
    return Document(_("Gift voucher {number}").format(number=info.number), paper, (page,))


def voucher_pdf(db: Database, actor: Actor, code_or_number: str, stock_key: str = "a4") -> bytes:
    """The voucher as PDF bytes (to print, mail or save)."""
    actor.require(Permission.SELL)
    return render_pdf(voucher_document(voucher_info(db, actor, code_or_number), stock_key))
