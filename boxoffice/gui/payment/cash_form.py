"""Cash: what the customer hands over; the change is worked out as they count."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from boxoffice.domain.money import format_money
from boxoffice.domain.tender import CashTender
from boxoffice.gui.payment.money_edit import MoneyEdit
from boxoffice.i18n import _

NOTES = (Decimal(10), Decimal(20), Decimal(50), Decimal(100))


class CashForm(QWidget):
    """Signals: ``changed()`` whenever the tender it describes changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cashForm")
        self.remaining = Decimal("0.00")
        self.tendered = MoneyEdit()
        self.tendered.setObjectName("cashTendered")
        self.tendered.setToolTip(_("What the customer hands over; less than due is a part payment"))
        self.tendered.textChanged.connect(self.changed)
        notes = QHBoxLayout()
        exact = QPushButton(_("Exact"))
        exact.setObjectName("cashExact")
        exact.setToolTip(_("The customer pays exactly what is due (Alt+E)"))
        exact.setShortcut("Alt+E")
        exact.setAutoDefault(False)
        exact.clicked.connect(lambda: self.tendered.set_value(self.remaining))
        notes.addWidget(exact)
        for note in NOTES:
            button = QPushButton(format_money(note).replace(".00", ""))
            button.setObjectName(f"cashNote{note}")
            button.setToolTip(
                _("The customer hands over a {amount} note").format(amount=format_money(note))
            )
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, n=note: self.tendered.set_value(n))
            notes.addWidget(button)
        notes.addStretch(1)
        self.change_label = QLabel()
        self.change_label.setObjectName("changeLabel")
        self.rounding_label = QLabel()  # where cash is rounded to the coins (CHF 0.05)
        self.rounding_label.setObjectName("cashRounding")
        self.rounding_label.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.addRow(_("&Tendered"), self.tendered)
        self.form.addRow("", notes)
        self.form.addRow(_("Change"), self.change_label)
        self.form.addRow("", self.rounding_label)
        self.form.setRowVisible(self.rounding_label, False)

    def reset(self, remaining: Decimal) -> None:
        self.remaining = remaining
        self.tendered.clear()
        self.changed.emit()

    def set_remaining(self, remaining: Decimal) -> None:
        self.remaining = remaining
        self.changed.emit()

    def tender(self) -> CashTender | None:
        """Cash applied: all of it up to what is due; more than due comes back as change."""
        tendered = self.tendered.value()
        if tendered is None or tendered <= 0 or self.remaining <= 0:
            return None
        return CashTender(amount=min(tendered, self.remaining), tendered=tendered)

    def problem(self) -> str:
        if self.tendered.value() is None:
            return _("Type the cash tendered.")
        return ""

    def show_change(
        self, change: Decimal | None, short: Decimal | None, rounding: str = ""
    ) -> None:
        """The dialog works out change with payments.change_due (rounded to the coins where
        the till's currency needs it, *rounding* then says how) and tells the form."""
        self.rounding_label.setText(rounding)
        self.form.setRowVisible(self.rounding_label, bool(rounding) and change is not None)
        if change is not None:
            self.change_label.setText(format_money(change))
            self.change_label.setProperty("level", "ok")
        elif short is not None and short > 0:
            self.change_label.setText(_("{amount} still to pay").format(amount=format_money(short)))
            self.change_label.setProperty("level", "warning")
        else:
            self.change_label.setText("—")
            self.change_label.setProperty("level", "")
        self.change_label.style().unpolish(self.change_label)
        self.change_label.style().polish(self.change_label)

    def focus(self) -> None:
        self.tendered.setFocus()
        self.tendered.selectAll()
