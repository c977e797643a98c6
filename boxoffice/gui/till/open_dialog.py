"""Opening the till: count the float by denomination."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from boxoffice.gui.till.count_form import CountForm
from boxoffice.i18n import _


class OpenTillDialog(QDialog):
    def __init__(self, currency: str, desk: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openTillDialog")
        self.setWindowTitle(_("Open the till of {desk}").format(desk=desk))
        self.form = CountForm(currency)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open till"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        column = QVBoxLayout(self)
        column.addWidget(QLabel(_("Count the float in the drawer, note by note and coin by coin.")))
        column.addWidget(self.form)
        column.addWidget(buttons)
