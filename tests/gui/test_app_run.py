"""``boxoffice --demo`` end to end: run() prepares the demo database, signs in through the real
dialog (threaded), opens the main window and returns 0 when the clerk quits; and the crash
handler for bugs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from boxoffice.cli.gui import prepare_demo
from boxoffice.domain.errors import PaymentDeclined
from boxoffice.gui import app
from boxoffice.gui.crash import CrashDialog, CrashHandler, crash_log_path
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sign_in import SignInDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    style, sheet, hook = qapp.style().name(), qapp.styleSheet(), sys.excepthook
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    sys.excepthook = hook


def test_demo_quick_start_signs_in_and_quits(
    qapp: QApplication, tmp_path: Path, restore_look: None
) -> None:
    seen: dict[str, object] = {}

    def sign_in() -> None:
        dialogs = [w for w in qapp.topLevelWidgets() if isinstance(w, SignInDialog)]
        if not dialogs or not dialogs[0].isVisible():
            QTimer.singleShot(50, sign_in)  # still preparing the demo database
            return
        dialog = dialogs[0]
        seen["hint"] = dialog.hint.text()
        dialog.username.setText("clerk")
        dialog.password.setText("clerk-demo")
        dialog.submit()  # bcrypt on a worker thread; the dialog accepts when it is done
        QTimer.singleShot(50, work)

    def work() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(50, work)
            return
        window = windows[0]
        seen["tabs"] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        seen["user"] = window.status_labels["user"].text()
        window.close()

    QTimer.singleShot(0, sign_in)
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert app.run(url, demo=True, prepare=prepare_demo) == 0
    assert "clerk-demo" in str(seen["hint"])
    assert seen["user"] == "User: clerk"
    assert seen["tabs"][:2] == ["Sell", "Customers"]  # type: ignore[index]
    assert qapp.styleSheet() == app.load_stylesheet()


def test_a_database_that_cannot_be_used_ends_with_a_message_not_a_traceback(
    qapp: QApplication, tmp_path: Path, restore_look: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = app.run(f"sqlite:///{tmp_path / 'empty.sqlite3'}", demo=False, prepare=None)
    assert code == 2
    err = capsys.readouterr().err
    assert "boxoffice db upgrade" in err and "Traceback" not in err


def test_crash_handler_logs_the_bug_and_keeps_expected_errors_apart(qapp: QApplication) -> None:
    handler = CrashHandler()
    try:
        raise KeyError("seat 12")
    except KeyError as exc:
        handler(type(exc), exc, exc.__traceback__)
    assert len(handler.reports) == 1 and "KeyError: 'seat 12'" in handler.reports[0]
    assert "KeyError: 'seat 12'" in crash_log_path().read_text()
    declined = PaymentDeclined("The card was declined.")
    handler(type(declined), declined, None)  # an expected error is a message, not a crash
    assert len(handler.reports) == 1
    dialog = CrashDialog(handler.reports[0], crash_log_path())
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Nothing you did caused this" in texts and str(crash_log_path()) in texts
    dialog.deleteLater()


def test_crash_handler_installs_and_uninstalls() -> None:
    before = sys.excepthook
    handler = CrashHandler()
    handler.install()
    assert sys.excepthook is handler
    handler.uninstall()
    assert sys.excepthook is before
