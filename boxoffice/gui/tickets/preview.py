"""The ticket preview: exactly what will print, with the desk's printer and stock choice."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets import desk_settings
from boxoffice.gui.tickets.painter import paint_document, setup_printer
from boxoffice.gui.tickets.print_dialog import printer_names
from boxoffice.gui.tickets.printing import chosen_pages, print_document
from boxoffice.i18n import _, ngettext
from boxoffice.services.tickets.layout import STOCKS, Document, Page
from boxoffice.services.tickets.pdf import booking_document, record_print


class TicketPreviewDialog(QDialog):
    """Preview of one booking's document; Print sends it to the chosen printer.

    With *codes* only the tickets carrying those codes are shown and printed (no receipt):
    a reissued ticket on its own.

    Signals: ``document_loaded(object)`` when a (re)laid-out Document arrives,
    ``printed(int)`` with the page count after a successful print.
    """

    document_loaded = Signal(object)
    printed = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        reference: str,
        parent: QWidget | None = None,
        codes: Collection[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPreviewDialog")
        self.codes = frozenset(codes) if codes is not None else None
        what = _("New ticket of") if self.codes is not None else _("Tickets")
        self.setWindowTitle(
            _("{what} {reference} — preview").format(what=what, reference=reference)
        )
        self.ctx = ctx
        self.reference = reference
        self.document: Document | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)

        self.printers = QComboBox()
        self.printers.setObjectName("printerCombo")
        self.printers.addItems(printer_names())
        remembered = desk_settings.printer(ctx.settings)
        if remembered:
            self.printers.setCurrentText(remembered)
        self.stocks = QComboBox()
        self.stocks.setObjectName("stockCombo")
        for key, paper in STOCKS.items():
            self.stocks.addItem(paper.label, key)
        self.stocks.setCurrentIndex(max(0, self.stocks.findData(desk_settings.stock(ctx.settings))))
        self.receipt_box = QCheckBox(_("Receipt"))
        self.receipt_box.setChecked(desk_settings.print_receipt(ctx.settings))
        if self.codes is not None:
            self.receipt_box.setChecked(False)
            self.receipt_box.setEnabled(False)
            self.receipt_box.setToolTip(_("A reissued ticket is printed on its own"))
        self.status = QLabel(_("Loading…"))
        self.print_button = QPushButton(_("Print"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.setEnabled(False)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)

        self.view = QPrintPreviewWidget(self.printer, self)
        self.view.setObjectName("ticketPreview")
        self.view.paintRequested.connect(self._paint)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Printer")))
        bar.addWidget(self.printers, 1)
        bar.addWidget(QLabel(_("Stock")))
        bar.addWidget(self.stocks, 1)
        bar.addWidget(self.receipt_box)
        bar.addStretch()
        bar.addWidget(self.status)
        bar.addWidget(close)
        bar.addWidget(self.print_button)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        self.resize(900, 760)

        self.stocks.currentIndexChanged.connect(self._load)
        self.receipt_box.toggled.connect(lambda _checked: self.view.updatePreview())
        self.print_button.clicked.connect(self.print_now)
        close.clicked.connect(self.reject)

    @property
    def stock_key(self) -> str:
        return str(self.stocks.currentData())

    @Slot()
    def _load(self) -> None:
        self.print_button.setEnabled(False)
        self.status.setText(_("Loading…"))
        self.ctx.services.run(
            booking_document,
            self.reference,
            self.stock_key,
            on_done=self.set_document,
            on_error=self._failed,
        )

    def set_document(self, document: Document) -> None:
        self.document = document
        setup_printer(self.printer, document)
        tickets = sum(1 for p in self.pages() if p.kind == "ticket")
        self.status.setText(
            ngettext("{tickets} ticket", "{tickets} tickets", tickets).format(tickets=tickets)
        )
        self.print_button.setEnabled(bool(tickets) and self.printers.count() > 0)
        self.view.updatePreview()
        self.view.fitInView()
        self.document_loaded.emit(document)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(_("Could not load the booking"))
        self.ctx.messages.report(exc)

    @Slot(QPrinter)
    def _paint(self, printer: QPrinter) -> None:
        if self.document is not None:
            paint_document(printer, self.document, self.pages())

    def pages(self) -> list[Page]:
        assert self.document is not None
        return chosen_pages(self.document, self.receipt_box.isChecked(), self.codes)

    @Slot()
    def print_now(self) -> None:
        """Print what is shown on the chosen printer; remember printer and stock for the desk."""
        if self.document is None:
            return
        name = self.printers.currentText()
        receipt = self.receipt_box.isChecked()
        try:
            pages = print_document(self.document, name, receipt, codes=self.codes)
        except BoxOfficeError as exc:
            self.ctx.messages.report(exc)
            return
        if self.codes is not None:  # the receipt box was forced off for one ticket
            receipt = desk_settings.print_receipt(self.ctx.settings)
        desk_settings.remember(self.ctx.settings, name, self.stock_key, receipt)
        self.ctx.services.run_write(
            record_print,
            self.reference,
            self.stock_key,
            name,
            pages,
            on_error=self.ctx.messages.report,
        )
        self.ctx.messages.info.emit(
            _("Printed {reference} on {name}.").format(reference=self.reference, name=name)
        )
        self.printed.emit(pages)
        self.accept()


def preview_booking(
    ctx: AppContext,
    reference: str,
    parent: QWidget | None = None,
    codes: Collection[str] | None = None,
) -> TicketPreviewDialog:
    """Open the preview of a booking's tickets (non-blocking); returns the dialog.

    With *codes*, only the tickets carrying those codes (a reissued ticket)."""
    dialog = TicketPreviewDialog(ctx, reference, parent, codes)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog._load()
    return dialog
