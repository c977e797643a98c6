"""Ticket documents as PDF (reportlab), and the service calls that produce them.

The pages come from :mod:`ticket_faces` (the one renderer); this module only translates its
drawing items to a reportlab canvas. The Qt painter in ``gui/tickets`` translates the same items
for preview and printing.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _, in_language
from boxoffice.services.common import audit
from boxoffice.services.tickets.codes import load_keys, ticket_code
from boxoffice.services.tickets.data import booking_id_for, load_booking
from boxoffice.services.tickets.faces import layout_booking
from boxoffice.services.tickets.fonts import font_name, register
from boxoffice.services.tickets.layout import STOCKS, Box, Document, Line, QrCode, Text, stock

__all__ = [
    "STOCKS",
    "booking_document",
    "booking_pdf",
    "document_for",
    "record_print",
    "render_booking_pdf",
    "render_pdf",
]

PURPOSES = ("preview", "print", "pdf")


def document_for(session: Session, booking_id: int, stock_key: str = "a4") -> Document:
    """Lay out a booking's document inside the caller's transaction, in the customer's
    language (the desk's when the booking has no customer or they chose none)."""
    paper = stock(stock_key)
    booking = load_booking(session, booking_id)
    keys = load_keys()
    codes = {
        t.id: ticket_code(t.id, booking.event_id, t.event_seat_id, t.generation, keys)
        for t in booking.valid_tickets
    }
    with in_language(booking.customer_language):
        return layout_booking(booking, paper.key, codes)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes (fonts embedded; identical input gives identical bytes)."""
    register()
    out = io.BytesIO()
    paper = document.stock
    h = paper.height
    c = Canvas(out, pagesize=(paper.width, h), invariant=True, pageCompression=1)
    c.setTitle(document.title)
    c.setAuthor("boxoffice")
    c.setCreator("boxoffice")
    for page in document.pages:
        for item in page.items:
            if isinstance(item, Text):
                c.setFont(font_name(item.bold), item.size)
                c.setFillColor(HexColor(item.colour))
                draw = {
                    "left": c.drawString,
                    "center": c.drawCentredString,
                    "right": c.drawRightString,
                }[item.align]
                draw(item.x, h - item.y, item.text)
            elif isinstance(item, Box):
                if item.fill:
                    c.setFillColor(HexColor(item.fill))
                if item.stroke:
                    c.setStrokeColor(HexColor(item.stroke))
                    c.setLineWidth(item.line_width)
                args = (item.x, h - item.y - item.h, item.w, item.h)
                fill, stroke = int(item.fill is not None), int(item.stroke is not None)
                if item.radius:
                    c.roundRect(*args, item.radius, stroke=stroke, fill=fill)
                else:
                    c.rect(*args, stroke=stroke, fill=fill)
            elif isinstance(item, Line):
                c.setStrokeColor(HexColor(item.colour))
                c.setLineWidth(item.width)
                c.setDash([3, 2] if item.dashed else [])
                c.line(item.x1, h - item.y1, item.x2, h - item.y2)
                c.setDash([])
            elif isinstance(item, QrCode):
                _draw_qr(c, item, h)
        c.showPage()
    c.save()
    return out.getvalue()


def _draw_qr(c: Canvas, qr: QrCode, h: float) -> None:
    # One filled path for all dark modules: no hairline seams between modules when rasterised.
    c.setFillColor(HexColor("#ffffff"))
    c.rect(qr.x, h - qr.y - qr.size, qr.size, qr.size, stroke=0, fill=1)
    m = qr.module
    path = c.beginPath()
    for row, col, length in qr.runs():
        path.rect(qr.x + col * m, h - qr.y - (row + 1) * m, length * m, m)
    c.setFillColor(HexColor("#000000"))
    c.drawPath(path, stroke=0, fill=1)


def render_booking_pdf(session: Session, booking_id: int, stock: str = "a4") -> bytes:
    """PDF of a booking, inside the caller's transaction (e-mail attachments use this)."""
    return render_pdf(document_for(session, booking_id, stock))


def booking_document(
    db: Database, actor: Actor, reference: str, stock: str = "a4", purpose: str = "preview"
) -> Document:
    """A booking's laid-out document for the desk to preview or print.

    ``purpose`` "print" or "pdf" records who produced ticket copies in the audit log.
    """
    actor.require(Permission.SELL)
    if purpose not in PURPOSES:
        raise ValidationError(_("Unknown purpose {purpose!r}.").format(purpose=purpose))

    def work(s: Session) -> Document:
        booking_id = booking_id_for(s, reference)
        document = document_for(s, booking_id, stock)
        if purpose != "preview":
            audit.record(
                s,
                actor,
                f"ticket.{purpose}",
                "booking",
                booking_id,
                stock=document.stock.key,
                pages=len(document.pages),
            )
        return document

    return db.run(work)


def record_print(
    db: Database, actor: Actor, reference: str, stock: str, printer: str, pages: int
) -> None:
    """Note in the audit log that a desk printed a booking's tickets (after the job was sent)."""
    actor.require(Permission.SELL)

    def work(s: Session) -> None:
        booking_id = booking_id_for(s, reference)
        audit.record(
            s,
            actor,
            "ticket.print",
            "booking",
            booking_id,
            stock=stock,
            printer=printer,
            pages=pages,
        )

    db.run(work)


def booking_pdf(db: Database, actor: Actor, reference: str, stock: str = "a4") -> bytes:
    """The PDF of booking *reference* (tickets, one per page or stub, then the receipt)."""
    return render_pdf(booking_document(db, actor, reference, stock, purpose="pdf"))
