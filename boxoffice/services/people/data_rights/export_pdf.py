"""The readable half of a customer export: the same data as the JSON, laid out as a PDF."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from boxoffice.i18n import _
from boxoffice.services.tickets import fonts

RULE = colors.HexColor("#c8d0d8")


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    regular, bold = fonts.font_name(False), fonts.font_name(True)
    return {
        "title": ParagraphStyle("t", fontName=bold, fontSize=16, leading=20, spaceAfter=4),
        "h": ParagraphStyle("h", fontName=bold, fontSize=11, leading=14, spaceBefore=8),
        "p": ParagraphStyle("p", fontName=regular, fontSize=8.5, leading=11),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def _table(rows: list[list[Any]], style: ParagraphStyle, widths: list[float]) -> Table:
    table = Table([[_p(c, style) for c in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_pdf(data: dict[str, Any]) -> bytes:
    """A4 PDF of an export's *data* (see :func:`export.customer_data`)."""
    st = _styles()
    width = A4[0] - 30 * mm
    person = data["customer"]
    marketing = person["marketing"]
    story: list[Any] = [
        _p(
            _("Personal data held about customer {person}").format(person=person["id"]), st["title"]
        ),
        _p(_("Exported {data} (UTC)").format(data=data["exported_at"]), st["p"]),
        _p(_("Customer"), st["h"]),
        _table(
            [
                [_("Field"), _("Value")],
                [_("Name"), person["name"]],
                ["E-mail", person["email"]],
                [_("Phone"), person["phone"]],
                [_("Customer since"), person["created_at"]],
                [_("Erased"), person["erased_at"] or "no"],
                [
                    _("Marketing e-mails"),
                    ("yes" if marketing["consented"] else "no")
                    + (
                        _(" (decided {marketing}, source: {marketing2})").format(
                            marketing=marketing["decided_at"], marketing2=marketing["source"]
                        )
                        if marketing["decided_at"]
                        else _(" (never asked)")
                    ),
                ],
                [_("Last promotion sent"), marketing["last_promotion_at"] or "never"],
            ],
            st["p"],
            [45 * mm, width - 45 * mm],
        ),
    ]
    story += [_p(_("Bookings ({count})").format(count=len(data["bookings"])), st["h"])]
    for b in data["bookings"]:
        story.append(
            _p(
                _("{b} · {b2} · {b3} · total {b4} · {b5}").format(
                    b=b["reference"],
                    b2=b["event"],
                    b3=b["status"],
                    b4=b["total"],
                    b5=b["created_at"],
                ),
                st["p"],
            )
        )
        lines = [[_("Ticket / payment"), _("Amount"), _("Status"), _("Checked in / paid")]]
        lines += [
            [f"{t['event']} – {t['tier']}", t["price"], t["status"], t["checked_in_at"] or ""]
            for t in b["tickets"]
        ]
        lines += [
            [
                _("Payment ({p} {p2})").format(p=p["method"], p2=p["card"]).replace(" )", ")"),
                p["amount"],
                "",
                p["at"],
            ]
            for p in b["payments"]
        ]
        lines += [
            [_("Refund ({r})").format(r=r["method"]), r["amount"], "", r["at"]]
            for r in b["refunds"]
        ]
        if len(lines) > 1:
            story.append(_table(lines, st["p"], [width - 95 * mm, 25 * mm, 25 * mm, 45 * mm]))
        story.append(Spacer(1, 3 * mm))
    story.append(_p(_("Saved cards ({count})").format(count=len(data["saved_cards"])), st["h"]))
    if data["saved_cards"]:
        story.append(
            _table(
                [[_("Card"), _("Expiry"), _("Holder"), _("Billing address")]]
                + [
                    [
                        f"{c['brand']} •••• {c['last4']}",
                        c["expiry"],
                        c["cardholder"],
                        c["billing_address"],
                    ]
                    for c in data["saved_cards"]
                ],
                st["p"],
                [40 * mm, 20 * mm, 45 * mm, width - 105 * mm],
            )
        )
    story.append(_p(_("E-mails ({count})").format(count=len(data["emails"])), st["h"]))
    for m in data["emails"]:
        story.append(_p(f"{m['created_at']} · {m['kind']} · to {m['to']} · {m['status']}", st["p"]))
        story.append(_p(_("Subject: {m}").format(m=m["subject"]), st["p"]))
        story.append(Spacer(1, 2 * mm))
    story.append(_p(_("History ({count})").format(count=len(data["history"])), st["h"]))
    if data["history"]:
        story.append(
            _table(
                [[_("When"), _("What"), _("Detail")]]
                + [[h["at"], h["action"], h["detail"]] for h in data["history"]],
                st["p"],
                [40 * mm, 40 * mm, width - 80 * mm],
            )
        )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Customer {person} data export").format(person=person["id"]),
    )
    doc.build(story)
    return buffer.getvalue()
