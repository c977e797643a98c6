"""Opening the till: count the float by denomination."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from boxoffice.gui.till.count_form import CountForm


class OpenTillDialog(QDialog):
    def __init__(self, currency: str, desk: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openTillDialog")
        self.setWindowTitle(f"Open the till of {desk}")
        self.form = CountForm(currency)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open till")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Count the float in the drawer, note by note and coin by coin."))
        column.addWidget(self.form)
        column.addWidget(buttons)
