"""Choose the printer and ticket stock of this desk (remembered for the next print)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from boxoffice.i18n import _
from boxoffice.services.tickets.layout import STOCKS


def printer_names() -> list[str]:
    """Local print queues, the system default first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


class TicketPrintDialog(QDialog):
    """Printer, stock and receipt choice; ``printer_name``, ``stock_key``, ``receipt`` after OK.

    "System dialog…" opens Qt's QPrintDialog on the chosen printer for copies and driver
    options; its settings are kept on :attr:`printer` for the job.
    """

    def __init__(
        self,
        printer_name: str,
        stock_key: str,
        receipt: bool,
        parent: QWidget | None = None,
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPrintDialog")
        self.setWindowTitle(title or _("Print tickets"))
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printers = QComboBox()
        self.printers.setObjectName("printerCombo")
        names = printer_names()
        self.printers.addItems(names)
        if printer_name in names:
            self.printers.setCurrentText(printer_name)
        self.stocks = QComboBox()
        self.stocks.setObjectName("stockCombo")
        for key, paper in STOCKS.items():
            self.stocks.addItem(paper.label, key)
        self.stocks.setCurrentIndex(max(0, self.stocks.findData(stock_key)))
        self.receipt_box = QCheckBox(_("Print the receipt too"))
        self.receipt_box.setChecked(receipt)
        self.note = QLabel()
        self.note.setWordWrap(True)
        if not names:
            self.note.setText(
                _(
                    "No printer is installed on this computer. Add one in the system "
                    "settings (CUPS), then open this dialog again."
                )
            )
        system = QPushButton(_("System dialog…"))
        system.setToolTip(_("Copies and driver options of the chosen printer"))
        system.clicked.connect(self._system_dialog)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Print"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(names))
        buttons.addButton(system, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Printer"), self.printers)
        form.addRow(_("Ticket stock"), self.stocks)
        form.addRow("", self.receipt_box)
        form.addRow(self.note)
        form.addRow(buttons)

    @property
    def printer_name(self) -> str:
        return self.printers.currentText()

    @property
    def stock_key(self) -> str:
        return str(self.stocks.currentData())

    @property
    def receipt(self) -> bool:
        return self.receipt_box.isChecked()

    @Slot()
    def _system_dialog(self) -> None:
        self.printer.setPrinterName(self.printer_name)
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(_("Printer options"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            index = self.printers.findText(self.printer.printerName())
            if index >= 0:
                self.printers.setCurrentIndex(index)
