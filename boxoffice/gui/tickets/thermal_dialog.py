"""Setting up this desk's thermal (ESC/POS) printer: how it is reached, the roll, the drawer."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from boxoffice.domain.errors import ValidationError
from boxoffice.gui.tickets import thermal
from boxoffice.i18n import _
from boxoffice.printing.thermal import ThermalPrinter, thermal_printer

NONE = "none"


class ThermalPrinterDialog(QDialog):
    """Accepting checks the values and remembers them for this desk (``printer`` then holds
    the chosen printer, or None for none)."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thermalPrinterDialog")
        self.setWindowTitle(_("Receipt printer (ESC/POS) at this desk"))
        self.settings = settings
        self.printer: ThermalPrinter | None = thermal.printer_of(settings)
        self.connection = QComboBox()
        for label, key in (
            (_("None"), NONE),
            (_("Network (port 9100)"), "network"),
            ("USB", "usb"),
            (_("Raw CUPS queue"), "cups"),
        ):
            self.connection.addItem(label, key)
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("192.168.1.50:9100 · 04b8:0202 · queue name"))
        self.paper = QComboBox()
        self.paper.addItem(_("80 mm"), 80)
        self.paper.addItem(_("58 mm"), 58)
        self.pin = QComboBox()
        self.pin.addItem(_("Pin 2"), 2)
        self.pin.addItem(_("Pin 5"), 5)
        self.tickets = QCheckBox(
            _("Print tickets and receipts on it (instead of the ticket printer)")
        )
        self.drawer = QCheckBox(_("A cash drawer hangs on it: open it when cash is taken"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(_("Connection"), self.connection)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Paper"), self.paper)
        form.addRow(_("Drawer"), self.pin)
        form.addRow(self.tickets)
        form.addRow(self.drawer)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.buttons = buttons
        current = self.printer
        if current is not None:
            self.connection.setCurrentIndex(self.connection.findData(current.connection.value))
            self.address.setText(current.address)
            self.paper.setCurrentIndex(self.paper.findData(current.paper_mm))
            self.pin.setCurrentIndex(self.pin.findData(current.drawer_pin))
        self.tickets.setChecked(thermal.prints_tickets(settings))
        self.drawer.setChecked(current is None or thermal.has_drawer(settings))

    @Slot()
    def save(self) -> None:
        kind = str(self.connection.currentData())
        try:
            printer = (
                None
                if kind == NONE
                else thermal_printer(
                    kind,
                    self.address.text(),
                    int(self.paper.currentData()),
                    int(self.pin.currentData()),
                )
            )
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.printer = printer
        thermal.remember(self.settings, printer, self.tickets.isChecked(), self.drawer.isChecked())
        self.accept()
