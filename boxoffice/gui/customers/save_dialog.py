"""The frame the customer and saved-card dialogs share: a form, an error line, Save/Cancel, and
the write's outcome (emit and close on success, show a BoxOfficeError and re-enable Save)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError


class SaveDialog(QDialog):
    """Signals: ``saved(object)`` with the value the subclass's write returned.

    Subclasses build their fields (a layout or a loaded form), call ``_frame(form, ...)``, start
    the write with ``on_done=self._saved, on_error=self._failed`` and disable ``save_button``
    while it runs.
    """

    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()

    def _frame(self, form: QLayout | QWidget, save_text: str, save_name: str) -> None:
        """Lay out ``form``, the error line and Save/Cancel; Save calls ``self.save``."""
        buttons = QDialogButtonBox()
        self.save_button: QPushButton = buttons.addButton(
            save_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName(save_name)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        if isinstance(form, QLayout):
            column.addLayout(form)
        else:
            column.addWidget(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.resize(self.sizeHint().expandedTo(QSize(420, 0)))  # grows with large text

    def save(self) -> None:
        raise NotImplementedError

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _saved(self, value: Any) -> None:
        self.saved.emit(value)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self._error(exc.message)
