"""An inline "are you sure?" strip with an optional reason, instead of a blocking message box.

The clerk sees what will happen (and the refund) in place, can type a reason, and confirms or
backs out; nothing modal, so the desk (and the tests) never stall on a dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.i18n import _


class ConfirmBar(QWidget):
    """Shows a question; ``confirm`` calls the pending action with the reason typed.

    An ``option`` (a check box under the question, e.g. "refund onto a new gift voucher") is
    the clerk's choice: :attr:`chose_option` says what it was when the action ran."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("confirmReason")
        self.reason.setPlaceholderText(_("Reason (optional, kept in the audit log)"))
        self.reason.returnPressed.connect(self.confirm)
        self.option = QCheckBox()
        self.option.setObjectName("confirmOption")
        self.option.hide()
        self.chose_option = False
        self.yes = QPushButton()
        self.yes.setObjectName("confirmYes")
        self.yes.setProperty("role", "danger")
        self.yes.clicked.connect(self.confirm)
        self.no = QPushButton(_("Keep it"))
        self.no.setObjectName("confirmNo")
        self.no.setToolTip(_("Back out (Esc)"))
        self.no.setShortcut("Esc")
        self.no.clicked.connect(self.dismiss)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.no)
        row.addWidget(self.yes)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(self.question)
        column.addWidget(self.option)
        column.addLayout(row)
        self._action: Callable[[str], None] | None = None
        self.hide()

    def ask(
        self,
        question: str,
        action_text: str,
        action: Callable[[str], None],
        with_reason: bool = True,
        option: str = "",
    ) -> None:
        """Show *question*; *with_reason* False hides the reason field (the action gets "");
        *option* shows a check box with that text, unticked (read :attr:`chose_option`)."""
        self.question.setText(question)
        self.option.setText(option)
        self.option.setChecked(False)
        self.option.setVisible(bool(option))
        self.yes.setText(action_text)
        self.reason.clear()
        self.reason.setVisible(with_reason)
        self._action = action
        self.show()
        (self.reason if with_reason else self.yes).setFocus()

    def confirm(self) -> None:
        action, self._action = self._action, None
        reason = self.reason.text().strip()
        self.chose_option = self.option.isVisibleTo(self) and self.option.isChecked()
        self.hide()
        if action is not None:
            action(reason)

    def dismiss(self) -> None:
        self._action = None
        self.hide()
