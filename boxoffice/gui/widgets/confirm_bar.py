"""An inline "are you sure?" strip with an optional reason, instead of a blocking message box.

The clerk sees what will happen (and the refund) in place, can type a reason, and confirms or
backs out; nothing modal, so the desk (and the tests) never stall on a dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
    the clerk's choice: :attr:`chose_option` says what it was when the action ran. *choices*
    (a labelled drop-down, e.g. a manager's "Refund by") work alike: :attr:`chose_value` is the
    data of the entry picked (None for the first, the default)."""

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
        self.choice_label = QLabel()
        self.choice = QComboBox()
        self.choice.setObjectName("confirmChoice")
        self.choice_label.setBuddy(self.choice)
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self.chose_value: Any = None
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.choice_label)
        choice_row.addWidget(self.choice, 1)
        self.choice_box = QWidget()
        self.choice_box.setLayout(choice_row)
        choice_row.setContentsMargins(0, 0, 0, 0)
        self.choice_box.hide()
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
        column.addWidget(self.choice_box)
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
        choices: Sequence[tuple[str, Any]] = (),
        choice_label: str = "",
    ) -> None:
        """Show *question*; *with_reason* False hides the reason field (the action gets "");
        *option* shows a check box with that text, unticked (read :attr:`chose_option`);
        *choices* (text, data) a drop-down under *choice_label*, on its first entry (read
        :attr:`chose_value`); any other entry makes the reason required."""
        self.question.setText(question)
        self.choice.blockSignals(True)
        self.choice.clear()
        for text, data in choices:
            self.choice.addItem(text, data)
        self.choice.setCurrentIndex(0)
        self.choice.blockSignals(False)
        self.choice_label.setText(choice_label)
        self.choice_box.setVisible(bool(choices))
        self.option.setText(option)
        self.option.setChecked(False)
        self.option.setVisible(bool(option))
        self.yes.setText(action_text)
        self.reason.clear()
        self.reason.setVisible(with_reason)
        self._choice_changed()
        self._action = action
        self.show()
        (self.reason if with_reason else self.yes).setFocus()

    def _chosen(self) -> Any:
        if not self.choice_box.isVisibleTo(self) or self.choice.currentIndex() <= 0:
            return None
        return self.choice.currentData()

    def _choice_changed(self) -> None:
        self.reason.setPlaceholderText(
            _("Reason (required for this refund, kept in the audit log)")
            if self._chosen() is not None
            else _("Reason (optional, kept in the audit log)")
        )

    def confirm(self) -> None:
        reason = self.reason.text().strip()
        if self._chosen() is not None and not reason:
            self.reason.setFocus()  # the service would refuse it: say why here first
            return
        action, self._action = self._action, None
        self.chose_option = self.option.isVisibleTo(self) and self.option.isChecked()
        self.chose_value = self._chosen()
        self.hide()
        if action is not None:
            action(reason)

    def dismiss(self) -> None:
        self._action = None
        self.hide()
