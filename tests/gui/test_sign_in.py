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


def test_first_sign_in_after_an_admin_set_the_password_asks_for_a_new_one(
    qtbot: QtBot, demo_db: Database
) -> None:
    from boxoffice.services.people import staff
    from tests.services.reports.test_reports_support import demo_ids

    admin = demo_ids(demo_db).admin
    staff.add_user(demo_db, admin, "newclerk", Role.CLERK, "Given-By-Admin-77")
    d = dialog(qtbot, demo_db)
    d.show()
    qtbot.keyClicks(d.username, "newclerk")
    qtbot.keyClicks(d.password, "Given-By-Admin-77")
    qtbot.mouseClick(d.sign_in_button, Qt.MouseButton.LeftButton)
    assert d.actor is None
    assert "must be changed" in d.error.text()
    assert d.new_password.isVisible() and d.repeat_password.isVisible()
    d.grab().save("/tmp/dbsafe-sign-in-change.png")
    qtbot.keyClicks(d.new_password, "password123")  # on the common list: refused, asked again
    qtbot.keyClicks(d.repeat_password, "password123")
    qtbot.mouseClick(d.sign_in_button, Qt.MouseButton.LeftButton)
    assert "common or breached" in d.error.text()
    assert d.actor is None
    qtbot.keyClicks(d.new_password, "Own-Choice-Lantern-5")
    qtbot.keyClicks(d.repeat_password, "Own-Choice-Lantern-5")
    with qtbot.waitSignal(d.signed_in):
        qtbot.mouseClick(d.sign_in_button, Qt.MouseButton.LeftButton)
    assert d.actor is not None and d.actor.username == "newclerk"
    from boxoffice.services.people import auth

    assert auth.sign_in(demo_db, "newclerk", "Own-Choice-Lantern-5", "d").username == "newclerk"


def test_admin_is_warned_about_published_demo_passwords(qtbot: QtBot, demo_db: Database) -> None:
    from PySide6.QtCore import QSettings

    from boxoffice.gui.context import AppContext
    from boxoffice.gui.manager.staff.demo_warning import check_published_demo_accounts
    from boxoffice.gui.messages import MessageBridge
    from tests.services.reports.test_reports_support import demo_ids

    ctx = AppContext(
        demo_db, demo_ids(demo_db).admin, SyncTaskRunner(), MessageBridge(), QSettings()
    )
    with qtbot.waitSignal(ctx.messages.warning) as signal:
        check_published_demo_accounts(ctx)
    assert "'admin', 'clerk', 'clerk2', 'manager'" in signal.args[0]
