"""PDF rendering of report tables with reportlab (landscape A4, header row repeated per page)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from boxoffice.domain.clock import utcnow
from boxoffice.i18n import _
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.reports.table import ReportTable

HEADER_BG = colors.HexColor("#2f3e4e")
ZEBRA = colors.HexColor("#f2f5f8")
RULE = colors.HexColor("#c8d0d8")
EMPHASIS = colors.HexColor("#e9f6ec")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=16, spaceAfter=2, alignment=0),
        "subtitle": ParagraphStyle(
            "s", parent=base["Normal"], fontSize=9, textColor=colors.HexColor("#5b6770")
        ),
        "cell": ParagraphStyle("c", parent=base["Normal"], fontSize=8, leading=10),
    }


def _table(table: ReportTable, styles: dict[str, ParagraphStyle], width: float) -> Table:
    kinds = [c.kind for c in table.columns]
    data: list[list[Any]] = [[c.name for c in table.columns]]
    for row in table.rows:
        cells: list[Any] = []
        for value, kind in zip(row, kinds, strict=True):
            text = table.text_cell(value, kind)
            # Long text wraps inside its column instead of running over the next one.
            cells.append(
                Paragraph(text, styles["cell"]) if kind == "text" and len(text) > 28 else text
            )
        data.append(cells)
    if table.totals is not None:
        data.append([table.text_cell(v, k) for v, k in zip(table.totals, kinds, strict=True)])
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    for i in range(1, len(table.rows) + 1):
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    for emphasised in table.emphasis:
        at = emphasised + 1  # below the header row
        style += [
            ("FONTNAME", (0, at), (-1, at), "Helvetica-Bold"),
            ("BACKGROUND", (0, at), (-1, at), EMPHASIS),
        ]
    for col, column in enumerate(table.columns):
        if column.numeric:
            style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if table.totals is not None:
        style += [
            ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ("LINEABOVE", (0, -1), (-1, -1), 1, HEADER_BG),
        ]
    numeric = sum(1 for c in table.columns if c.numeric)
    text_cols = len(table.columns) - numeric
    num_w = min(30 * mm, width * 0.6 / max(numeric, 1))
    text_w = (width - numeric * num_w) / max(text_cols, 1)
    widths = [num_w if c.numeric else text_w for c in table.columns]
    result = Table(data, colWidths=widths, repeatRows=1)
    result.setStyle(TableStyle(style))
    return result


def render_pdf(
    tables: Sequence[ReportTable], title: str = "", generated_at: datetime | None = None
) -> bytes:
    """One section (title, period, time of generation, table) per report; page number and
    print time in the footer."""
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title or (tables[0].title if tables else _("Report")),
        author="boxoffice",
    )
    styles = _styles()
    printed = utcnow()
    story: list[Any] = []
    for index, table in enumerate(tables):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(table.title, styles["title"]))
        if table.subtitle:
            story.append(
                Paragraph(
                    _("Period: {subtitle}").format(subtitle=table.subtitle), styles["subtitle"]
                )
            )
        read = table.local_text(generated_at or printed)
        story.append(Paragraph(_("Generated {read}").format(read=read), styles["subtitle"]))
        story.append(Spacer(1, 5 * mm))
        if table.rows:
            story.append(_table(table, styles, doc.width))
        else:
            story.append(Paragraph(_("No sales in this period."), styles["subtitle"]))

    offset = tables[0].utc_offset_minutes if tables else 0
    stamp = stamp_text(printed + timedelta(minutes=offset))

    def footer(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#5b6770"))
        canvas.drawString(15 * mm, 8 * mm, _("boxoffice — printed {stamp}").format(stamp=stamp))
        canvas.drawRightString(
            page[0] - 15 * mm,
            8 * mm,
            _("Page {getPageNumber}").format(getPageNumber=canvas.getPageNumber()),
        )
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
