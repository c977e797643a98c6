"""The sign-in dialog against the real demo accounts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.db.database import Database
from boxoffice.domain.roles import Role
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner, TaskRunner

pytestmark = pytest.mark.gui


def dialog(qtbot: QtBot, db: Database, demo: bool = False, tasks: TaskRunner | None = None):
    d = SignInDialog(db, tasks or SyncTaskRunner(), "sqlite:///demo.sqlite3", "front-desk", demo)
    qtbot.addWidget(d)
    return d


def test_correct_password_signs_in_with_role_and_desk(qtbot: QtBot, demo_db: Database) -> None:
    d = dialog(qtbot, demo_db)
    d.show()
    qtbot.keyClicks(d.username, "manager")
    qtbot.keyClicks(d.password, "manager-demo")
    with qtbot.waitSignal(d.signed_in) as signal:
        qtbot.keyClick(d.password, Qt.Key.Key_Return)
    actor = signal.args[0]
    assert actor.username == "manager" and actor.role is Role.MANAGER
    assert actor.desk == "front-desk"
    assert d.result() == SignInDialog.DialogCode.Accepted


def test_wrong_password_shows_the_reason_and_clears_the_password(
    qtbot: QtBot, demo_db: Database
) -> None:
    d = dialog(qtbot, demo_db)
    d.show()
    qtbot.keyClicks(d.username, "clerk")
    qtbot.keyClicks(d.password, "not-it")
    qtbot.mouseClick(d.sign_in_button, Qt.MouseButton.LeftButton)
    assert d.actor is None
    assert d.error.isVisible()
    assert "Wrong user name or password" in d.error.text()
    assert d.password.text() == ""
    assert d.sign_in_button.isEnabled()


def test_empty_fields_are_refused_without_asking_the_database(
    qtbot: QtBot, demo_db: Database
) -> None:
    d = dialog(qtbot, demo_db)
    d.show()
    d.submit()
    assert "Enter your user name and password" in d.error.text()


def test_demo_hint_lists_the_accounts_but_prefills_nothing(qtbot: QtBot, demo_db: Database) -> None:
    d = dialog(qtbot, demo_db, demo=True)
    d.show()
    assert d.hint.isVisible()
    assert "clerk-demo" in d.hint.text() and "manager-demo" in d.hint.text()
    assert d.username.text() == "" and d.password.text() == ""
    plain = dialog(qtbot, demo_db, demo=False)
    plain.show()
    assert not plain.hint.isVisible()


def test_sign_in_runs_off_the_gui_thread(qtbot: QtBot, demo_db: Database) -> None:
    tasks = TaskRunner()
    d = dialog(qtbot, demo_db, tasks=tasks)
    d.username.setText("clerk")
    d.password.setText("clerk-demo")
    d.submit()
    assert not d.sign_in_button.isEnabled()  # busy while bcrypt runs on the worker
    assert d.sign_in_button.text() == "Signing in…"
    qtbot.waitUntil(lambda: d.actor is not None, timeout=10_000)
    assert d.actor is not None and d.actor.username == "clerk"
    tasks.wait()
