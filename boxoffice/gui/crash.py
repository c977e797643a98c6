"""The one place bugs end up: a global excepthook that logs the traceback and shows a crash dialog.

Expected failures (:class:`BoxOfficeError`) never get here: widgets route them through the
message bridge. Anything else is a bug; the clerk sees what happened, where the log is, and can
copy the details for support or carry on (the desk keeps working unless they choose to quit).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from boxoffice import config
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.messages import headless
from boxoffice.i18n import _

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def crash_log_path() -> Path:
    return config.data_dir() / "crash.log"


def format_crash(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The report text: time, versions and the full traceback."""
    from PySide6 import __version__ as pyside_version

    lines = traceback.format_exception(exc_type, exc, tb)
    head = (
        f"boxoffice crash at {datetime.now().isoformat(timespec='seconds')}\n"
        f"Python {sys.version.split()[0]}, PySide6 {pyside_version}, {sys.platform}\n\n"
    )
    return head + "".join(lines)


def write_crash_log(report: str) -> Path | None:
    """Append *report* to the crash log; return its path (None if even that failed)."""
    try:
        path = crash_log_path()
        with path.open("a", encoding="utf-8") as fh:
            fh.write(report)
            fh.write("\n" + "-" * 72 + "\n")
        return path
    except OSError:
        log.exception("could not write the crash log")
        return None


class CrashDialog(QDialog):
    """Tells the clerk something went wrong, where the log is, and lets them copy the details."""

    def __init__(self, report: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(_("Something went wrong"))
        self.quit_requested = False
        layout = QVBoxLayout(self)
        title = QLabel(_("<b>The box office hit an unexpected problem.</b>"))
        where = (
            _("The details were saved to <code>{log_path}</code>.").format(log_path=log_path)
            if log_path
            else ""
        )
        text = QLabel(
            _(
                "Nothing you did caused this. Seats you were holding stay held until they "
                "expire; a payment in progress either completed or did not charge. {where} "
                "Please pass them on to support."
            ).format(where=where)
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = QPlainTextEdit(report)
        details.setReadOnly(True)
        details.setObjectName("crashDetails")
        details.setMinimumSize(560, 220)
        buttons = QDialogButtonBox()
        copy = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        carry_on = buttons.addButton(_("Keep working"), QDialogButtonBox.ButtonRole.AcceptRole)
        carry_on.setDefault(True)
        quit_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.DestructiveRole)
        quit_button.clicked.connect(self._quit)
        buttons.accepted.connect(self.accept)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(details)
        layout.addWidget(buttons)

    def _quit(self) -> None:
        self.quit_requested = True
        self.reject()


class CrashHandler:
    """Installed as ``sys.excepthook``; a crash while showing a crash is only logged."""

    def __init__(self) -> None:
        self._showing = False
        self._previous: ExceptHook | None = None
        self.reports: list[str] = []

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
            self._previous = None

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, BoxOfficeError):
            # An expected error that nobody caught: still not a crash, just show its message.
            log.warning("uncaught expected error: %s", exc.message)
            self._show_expected(exc.message)
            return
        report = format_crash(exc_type, exc, tb)
        self.reports.append(report)
        log.error("unhandled exception\n%s", report)
        path = write_crash_log(report)
        if self._showing or headless() or QApplication.instance() is None:
            return
        self._showing = True
        try:
            dialog = CrashDialog(report, path, QApplication.activeWindow())
            dialog.exec()
            if dialog.quit_requested:
                QApplication.exit(70)  # EX_SOFTWARE
        finally:
            self._showing = False

    def _show_expected(self, message: str) -> None:
        from boxoffice.gui.messages import show_box

        show_box(QApplication.activeWindow(), _("Box office"), message)
