"""One bridge for user messages: widgets report, the main window shows.

Expected errors (BoxOfficeError) become a message; anything else is a bug and goes to the
crash handler. Modal boxes go through :func:`show_box`, which only logs under tests so CI
never blocks on a dialog.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from boxoffice.domain.errors import BoxOfficeError

log = logging.getLogger(__name__)


class MessageBridge(QObject):
    """Signals: ``error(str)``, ``warning(str)``, ``info(str)``; the main window displays them."""

    error = Signal(str)
    warning = Signal(str)
    info = Signal(str)

    def report(self, exc: BaseException) -> None:
        """Show an expected error's message; re-raise anything else (a bug) to the excepthook."""
        if isinstance(exc, BoxOfficeError):
            self.error.emit(exc.message)
            return
        raise exc


def headless() -> bool:
    """True under tests (offscreen platform): dialogs are logged instead of shown modally."""
    return os.environ.get("QT_QPA_PLATFORM") == "offscreen" or "PYTEST_CURRENT_TEST" in os.environ


def show_box(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
) -> None:
    """A modal message box, or a log line when nobody can click it."""
    if headless():
        log.info("message box %r: %s", title, text)
        return
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, default: bool = False) -> bool:
    """Yes/No question; under tests returns *default* without showing anything."""
    if headless():
        log.info("question %r: %s -> %s", title, text, default)
        return default
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes
