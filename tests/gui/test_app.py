"""Starting the desk: database problems become clear messages; the window fits the role."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.cli.gui import prepare_demo
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.gui.app import load_stylesheet, open_database, wait_for
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.tasks import SyncTaskRunner, TaskRunner
from boxoffice.services.people import auth

pytestmark = pytest.mark.gui


def test_an_empty_database_asks_for_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    with pytest.raises(DatabaseUnavailable, match="boxoffice db upgrade") as err:
        open_database(url, None)
    assert "has no box-office tables yet" in err.value.message


def test_an_old_schema_asks_for_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    db = Database(url)
    migrate.upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
    db.dispose()
    with pytest.raises(DatabaseUnavailable, match="is out of date"):
        open_database(url, None)


def test_an_unreachable_server_says_so_and_hides_the_password(qapp: object) -> None:
    url = "mysql+pymysql://desk:s3cret@127.0.0.1:1/boxoffice"
    with pytest.raises(DatabaseUnavailable) as err:
        wait_for(TaskRunner(), open_database, url, None, label="Connecting…", parent=None)
    assert "Cannot reach the database server" in err.value.message
    assert "s3cret" not in err.value.message


def test_demo_quick_start_creates_then_reuses_the_demo_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    db = open_database(url, prepare_demo)
    actor = auth.sign_in(db, "clerk", "clerk-demo", "desk")
    db.dispose()
    again = open_database(url, prepare_demo)  # second start: no reload, same accounts
    assert auth.sign_in(again, "clerk", "clerk-demo", "desk").user_id == actor.user_id
    again.dispose()


def test_stylesheet_ships_with_the_app() -> None:
    qss = load_stylesheet()
    assert 'QPushButton[role="primary"]' in qss


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_a_clerk_sees_only_clerk_tabs_and_who_is_signed_in(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "sqlite:///demo.sqlite3")
    qtbot.addWidget(window)
    titles = tab_titles(window)
    assert titles[:2] == ["Sell", "Customers"]
    assert all(ctx.actor.can(spec.permission) for spec in window.specs)
    for manager_only in ("Events", "Reports", "Staff"):
        assert manager_only not in titles
    labels = {k: v.text() for k, v in window.status_labels.items()}
    assert labels["desk"] == "Desk: test-desk"
    assert labels["user"] == "User: clerk" and labels["role"] == "Role: clerk"
    assert labels["server"] == "Server: sqlite:///demo.sqlite3"
    assert window.tabs.tabToolTip(0) == "Sell (F2)"


def test_menus_name_every_shortcut(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    text = window.shortcut_text()
    for key, what in (
        ("F2", "Sell"),
        ("F3", "Customers"),
        ("F9", "Pay cash exact"),
        ("F8", "Pay…"),
        ("Ctrl+Shift+L", "Sign out"),
        ("F1", "Keyboard shortcuts"),
    ):
        assert any(key in line and what in line for line in text.splitlines()), (key, text)


def test_messages_show_in_a_banner_and_the_status_bar(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    window.show()
    ctx.messages.error.emit("The printer is out of paper.")
    assert window.banner.isVisible() and window.banner.level == "error"
    assert window.banner.label.text() == "The printer is out of paper."
    assert window.statusBar().currentMessage() == "The printer is out of paper."
    ctx.messages.info.emit("Saved.")
    assert window.banner.level == "info"


def test_sign_out_closes_the_window_and_asks_for_a_new_sign_in(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.signed_out):
        window.sign_out_action.trigger()
    assert window.signed_out_requested
    assert not window.isVisible()


def test_manager_gets_more_tabs_than_a_clerk(qtbot: QtBot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    clerk = MainWindow(make_ctx("clerk"), "server")
    manager = MainWindow(make_ctx("manager"), "server")
    qtbot.addWidget(clerk)
    qtbot.addWidget(manager)
    assert set(tab_titles(clerk)) <= set(tab_titles(manager))
    assert len(manager.specs) >= len(clerk.specs)


def test_wait_for_returns_the_result_synchronously() -> None:
    assert wait_for(SyncTaskRunner(), lambda a, b: a + b, 2, 3, label="x", parent=None) == 5


def test_the_desk_pumps_the_outbox_until_it_closes(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    window.start_outbox_pump()
    assert window.pump is not None and window.pump.active
    window.shutdown()
    assert not window.pump.active


def test_a_notice_lies_over_the_tab_pages_and_moves_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.tabs.currentWidget()
    before = (window.tabs.geometry(), page.mapTo(window, page.rect().topLeft()))
    ctx.messages.info.emit("Booking ABC123 saved. " * 12)  # wraps to several lines
    qtbot.wait(20)
    after = (window.tabs.geometry(), page.mapTo(window, page.rect().topLeft()))
    assert window.banner.isVisible()
    assert after == before  # nothing pushed down
    banner = window.banner.geometry()
    assert banner.top() >= window.tabs.tabBar().geometry().bottom()  # tabs stay clickable
    assert banner.width() == window.tabs.width()
    assert banner.height() >= window.banner.label.heightForWidth(banner.width() - 60)
    window.banner.hide()
    assert (window.tabs.geometry(), page.mapTo(window, page.rect().topLeft())) == before
