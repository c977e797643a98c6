"""Closing the till: count, see expected vs counted and the variance, a reason if it is large,
and a manager's user name and password to sign it off."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.domain.till import SYMBOLS
from boxoffice.gui.till.count_form import CountForm
from boxoffice.i18n import _
from boxoffice.services.till import TillSessionView


class CloseTillDialog(QDialog):
    def __init__(
        self, session: TillSessionView, reason_above: Decimal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeTillDialog")
        self.setWindowTitle(_("Close the till of {desk}").format(desk=session.desk))
        self.session = session
        self.reason_above = reason_above
        self.symbol = SYMBOLS.get(session.currency, session.currency + " ")
        self.form = CountForm(session.currency)
        self.expected_label = QLabel(format_money(session.expected, self.symbol))
        self.variance_label = QLabel()
        self.variance_label.setObjectName("variance")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            _("Needed when the count is more than {amount} off").format(
                amount=format_money(reason_above, self.symbol)
            )
        )
        self.reason.setMaxLength(256)
        self.manager = QLineEdit()
        self.manager.setObjectName("managerName")
        self.password = QLineEdit()
        self.password.setObjectName("managerPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        facts = QFormLayout()
        facts.addRow(_("Expected in the drawer"), self.expected_label)
        facts.addRow(_("Variance"), self.variance_label)
        facts.addRow(_("Reason"), self.reason)
        facts.addRow(_("Manager"), self.manager)
        facts.addRow(_("Manager's password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Close till"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        column = QVBoxLayout(self)
        column.addWidget(QLabel(_("Count the drawer; a manager signs the count off at this desk.")))
        column.addWidget(self.form)
        column.addLayout(facts)
        column.addWidget(buttons)
        self.form.total_changed.connect(self._show_variance)
        self._show_variance(self.form.total())

    def variance(self) -> Decimal:
        return self.form.total() - self.session.expected

    @Slot(object)
    def _show_variance(self, _counted: object) -> None:
        variance = self.variance()
        text = format_money(variance, self.symbol)
        if variance == 0:
            text += _("  (the count matches)")
        elif abs(variance) > self.reason_above:
            text += _("  — say why below")
        self.variance_label.setText(text)
        self.variance_label.setProperty("off", abs(variance) > self.reason_above)
