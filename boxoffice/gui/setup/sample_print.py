"""The set-up's test page: the stock's outline, the desk and printer names, on the chosen queue."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.i18n import _
from boxoffice.services.tickets.layout import STOCKS


def print_test_page(printer_name: str, stock_key: str, desk: str) -> None:
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise BoxOfficeError(
            _("The printer {printer_name!r} is not available.").format(printer_name=printer_name)
        )
    stock = STOCKS[stock_key]
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    width, height = stock.size_mm
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter, stock.label),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    printer.setDocName(_("Box office test page"))
    painter = QPainter()
    if not painter.begin(printer):
        raise BoxOfficeError(
            _("The printer {printer_name!r} refused the test page.").format(
                printer_name=printer_name
            )
        )
    try:
        area = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        painter.setPen(QPen(Qt.GlobalColor.black, max(2.0, area.width() / 300)))
        painter.drawRect(area.adjusted(4, 4, -4, -4))
        font = QFont("Sans", 12)
        painter.setFont(font)
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            _("Box office test page\n{label}\nDesk {desk} · {printer_name}").format(
                label=stock.label, desk=desk or "—", printer_name=printer_name
            ),
        )
    finally:
        painter.end()
