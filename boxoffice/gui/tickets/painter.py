"""Paints the ticket layout's pages with QPainter: the Qt half of the one ticket renderer.

The same :class:`~boxoffice.services.tickets.layout.Document` the PDF writer uses is drawn
here for the preview and the printer, item by item, in points from the page's top-left.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from boxoffice.services.tickets.fonts import font_files
from boxoffice.services.tickets.layout import Box, Document, Line, Page, QrCode, Stock, Text

_families: dict[bool, str] = {}


def family(bold: bool) -> str:
    """The Qt family name of the ticket font file (loaded once per process)."""
    if bold not in _families:
        files = font_files()
        path = files.bold if bold else files.regular
        font_id = QFontDatabase.addApplicationFont(str(path))
        names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _families[bold] = names[0] if names else "Sans Serif"
    return _families[bold]


def page_layout(stock: Stock) -> QPageLayout:
    """The stock's exact paper size, no margins (the layout keeps its own)."""
    portrait = stock.width <= stock.height
    size = QSizeF(stock.width, stock.height) if portrait else QSizeF(stock.height, stock.width)
    page_size = QPageSize(
        size, QPageSize.Unit.Point, stock.label, QPageSize.SizeMatchPolicy.ExactMatch
    )
    orientation = (
        QPageLayout.Orientation.Portrait if portrait else QPageLayout.Orientation.Landscape
    )
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def setup_printer(printer: QPrinter, document: Document) -> None:
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(document.stock))
    printer.setDocName(document.title)
    printer.setCreator("boxoffice")


def _font(painter: QPainter, size: float, bold: bool) -> QFont:
    font = QFont(family(bold))
    # The painter is scaled to points; undo the device's own points-to-pixels step.
    dpi = painter.device().logicalDpiY() or 72
    font.setPointSizeF(size * 72.0 / dpi)
    font.setBold(bold)
    font.setKerning(True)
    return font


def paint_page(painter: QPainter, page: Page) -> None:
    """Draw *page*; the painter's coordinates must already be points from the top-left."""
    for item in page.items:
        if isinstance(item, Text):
            font = _font(painter, item.size, item.bold)
            painter.setFont(font)
            painter.setPen(QColor(item.colour))
            width = QFontMetricsF(font, painter.device()).horizontalAdvance(item.text)
            x = {"left": item.x, "center": item.x - width / 2, "right": item.x - width}[item.align]
            painter.drawText(QPointF(x, item.y), item.text)
        elif isinstance(item, Box):
            path = QPainterPath()
            path.addRoundedRect(QRectF(item.x, item.y, item.w, item.h), item.radius, item.radius)
            if item.fill:
                painter.fillPath(path, QColor(item.fill))
            if item.stroke:
                painter.strokePath(path, QPen(QColor(item.stroke), item.line_width))
        elif isinstance(item, Line):
            pen = QPen(QColor(item.colour), item.width)
            if item.dashed:
                pen.setDashPattern([3 / item.width, 2 / item.width])  # in pen widths
            painter.setPen(pen)
            painter.drawLine(QPointF(item.x1, item.y1), QPointF(item.x2, item.y2))
        elif isinstance(item, QrCode):
            _paint_qr(painter, item)


def _paint_qr(painter: QPainter, qr: QrCode) -> None:
    painter.fillRect(QRectF(qr.x, qr.y, qr.size, qr.size), Qt.GlobalColor.white)
    m = qr.module
    path = QPainterPath()
    for row, col, length in qr.runs():
        path.addRect(QRectF(qr.x + col * m, qr.y + row * m, length * m, m))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillPath(path, Qt.GlobalColor.black)
    painter.restore()


def paint_document(printer: QPrinter, document: Document, pages: list[Page] | None = None) -> int:
    """Draw the pages (default: all) on *printer*, one per sheet; returns the page count.

    Used for the preview (its printer is a preview surface) and for real printing alike.
    """
    chosen = list(document.pages) if pages is None else pages
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        full = printer.pageLayout().fullRectPixels(printer.resolution())
        scale = full.width() / document.stock.width
        for n, page in enumerate(chosen):
            if n:
                printer.newPage()
            painter.save()
            painter.scale(scale, scale)
            paint_page(painter, page)
            painter.restore()
    finally:
        painter.end()
    return len(chosen)
