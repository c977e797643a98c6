"""Every control a clerk reaches with Tab has an accessible name, read the way a screen reader
reads it (``QAccessible.queryAccessibleInterface(w).text(Name)``, buddy labels included): the
main window with each tab built, and the main dialogs, in each theme."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.gui.widgets.accessible import name_controls, unnamed_controls
from tests.gui.sale.sale_support import open_event

pytestmark = pytest.mark.gui
ON_SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_the_check_finds_a_planted_unnamed_control(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    bare = QLineEdit()
    bare.setObjectName("planted")
    table = QTableView()
    table.setObjectName("plantedTable")
    labelled = QLineEdit()
    caption = QLabel("&Seats")
    caption.setBuddy(labelled)
    for widget in (bare, table, caption, labelled, QPushButton("Pay")):
        column.addWidget(widget)
    host.show()
    assert unnamed_controls(host) == ["QLineEdit#planted", "QTableView#plantedTable"]
    name_controls(host)  # no rule names them: no label, placeholder, tooltip or known name
    assert unnamed_controls(host) == ["QLineEdit#planted", "QTableView#plantedTable"]
    bare.setPlaceholderText("Find a customer")
    table.setToolTip("Tickets in the cart (Ctrl+T)")
    name_controls(host)
    assert unnamed_controls(host) == []
    assert table.accessibleName() == "Tickets in the cart"


@ON_SQLITE
def test_every_tab_of_the_main_window(qtbot: QtBot, make_ctx: object, themed: str) -> None:
    ctx: AppContext = make_ctx("admin")  # type: ignore[operator]
    window = MainWindow(ctx, "sqlite://")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    for spec in window.specs:
        window.show_tab(spec.key)
        qtbot.wait(5)
        assert unnamed_controls(window) == [], spec.key


@ON_SQLITE
def test_the_main_dialogs(qtbot: QtBot, ctx: AppContext, themed: str) -> None:
    window = MainWindow(ctx, "sqlite://")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    open_event(qtbot, sell, "Hamlet")
    sell.best.quantity.setValue(2)
    sell.best.submit()
    sell.open_payment()
    assert sell.payment_dialog is not None
    dialogs: list[QWidget] = [
        sell.payment_dialog,
        SignInDialog(ctx.db, SyncTaskRunner(), "server", "front-desk", demo=True),
        CustomerDialog(ctx, parent=window),
    ]
    window.show_shortcuts()
    dialogs.append(window.shortcut_sheet)
    for dialog in dialogs:
        if dialog.parent() is None:
            qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(5)
        assert unnamed_controls(dialog) == [], type(dialog).__name__
        dialog.close()
