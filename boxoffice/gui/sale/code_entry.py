"""The cart's discount-code row: the clerk types a code and presses Enter; the row then shows the
code applied (with a button to take it off) or, in words, why it does not apply."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.theme import restyle
from boxoffice.i18n import _


class CodeEntry(QWidget):
    """Signals: ``code_entered(str)`` (Enter or Apply, text not empty); ``code_removed()``."""

    code_entered = Signal(str)
    code_removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEntry")
        self.edit = QLineEdit()
        self.edit.setObjectName("discountCode")
        self.edit.setPlaceholderText(_("Discount code"))
        self.edit.setToolTip(_("Type a discount code and press Enter"))
        self.edit.setMaxLength(32)
        self.edit.returnPressed.connect(self._apply)
        self.apply_button = QPushButton(_("Apply"))
        self.apply_button.setObjectName("applyCode")
        self.apply_button.clicked.connect(self._apply)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeCode")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(_("Sell without the discount code"))
        self.remove_button.clicked.connect(self._remove)
        self.remove_button.hide()
        self.status = QLabel("")
        self.status.setObjectName("codeStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.apply_button)
        row.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.status)

    @Slot()
    def _apply(self) -> None:
        text = self.edit.text().strip()
        if text:
            self.status.setText(_("Checking the code…"))
            restyle(self.status, level="")
            self.status.show()
            self.code_entered.emit(text)

    @Slot()
    def _remove(self) -> None:
        self.clear()
        self.code_removed.emit()

    def show_applied(self, code: str, saving: str) -> None:
        self.edit.setText(code)
        self.edit.setReadOnly(True)
        self.apply_button.hide()
        self.remove_button.show()
        self.status.setText(
            _("Code {code} applied: {saving} off.").format(code=code, saving=saving)
        )
        restyle(self.status, level="")
        self.status.show()

    def show_refused(self, why: str) -> None:
        self.edit.setReadOnly(False)
        self.apply_button.show()
        self.remove_button.hide()
        self.status.setText(why)
        restyle(self.status, level="error")
        self.status.show()
        self.edit.selectAll()
        self.edit.setFocus()

    def clear(self) -> None:
        self.edit.clear()
        self.edit.setReadOnly(False)
        self.apply_button.show()
        self.remove_button.hide()
        self.status.hide()
