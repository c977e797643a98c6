"""The main window shows each role only the tabs it may use (the services refuse anyway:
test_permissions.py is the real proof; this checks the desk does not offer what would fail)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.roles import PERMISSIONS, Role
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.messages import MessageBridge
from boxoffice.gui.tabs import TABS
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.people import auth
from boxoffice.services.people.staff import add_user_in

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

# Tab keys agreed in the team plan that only managers or admins may see (registered or not yet).
MANAGER_TABS = {"events", "venues", "reports", "monitor", "bookings", "staff", "mail"}
ADMIN_TABS = {"staff", "mail"}


def window_for(qtbot: QtBot, db: Database, role: Role, tmp_path: Path) -> MainWindow:
    password = f"{role.value}-password"
    db.run(lambda s: add_user_in(s, SYSTEM, role.value, role, password, rounds=4))
    ctx = AppContext(
        db=db,
        actor=auth.sign_in(db, role.value, password, "desk"),
        tasks=SyncTaskRunner(),
        messages=MessageBridge(),
        settings=QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat),
    )
    window = MainWindow(ctx, "test")
    qtbot.addWidget(window)
    return window


def shown_keys(window: MainWindow) -> set[str]:
    pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
    return {p.objectName().removeprefix("tab_") for p in pages if p is not None}


@pytest.mark.parametrize("role", list(Role))
def test_tabs_follow_the_role(qtbot: QtBot, db: Database, role: Role, tmp_path: Path) -> None:
    window = window_for(qtbot, db, role, tmp_path)
    assert window.ctx.actor.role is role
    allowed = {t.key for t in TABS if t.permission in PERMISSIONS[role]}
    assert shown_keys(window) == allowed
    registered = {t.key for t in TABS}
    if role is Role.CLERK:
        assert not shown_keys(window) & MANAGER_TABS
        assert {"sell", "customers"} <= shown_keys(window)
    elif role is Role.MANAGER:
        assert not shown_keys(window) & ADMIN_TABS
        assert (MANAGER_TABS - ADMIN_TABS) & registered <= shown_keys(window)
    else:
        assert shown_keys(window) == registered


def test_every_registered_manager_tab_needs_a_permission_a_clerk_lacks() -> None:
    for spec in TABS:
        if spec.key in MANAGER_TABS:
            assert spec.permission not in PERMISSIONS[Role.CLERK], spec.key
        if spec.key in ADMIN_TABS:
            assert spec.permission not in PERMISSIONS[Role.MANAGER], spec.key
