"""docs/de/*.png: the clerk's and the manager's main screens on a German desk (sign-in, Sell,
payment, customers, check-in, reports), with the desk's stylesheet on the demo data.

Written to docs/de/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder (the grab is
checked either way: right size, not blank, and the screen really is in German).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QTabWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui import theme, translator
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from tests.gui.screens import save as save_screen
from tests.gui.test_app_screenshots import URL, _screens

pytestmark = [pytest.mark.gui, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translator.install(qapp, "de")
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    translator.install(qapp, "en")


@pytest.mark.usefixtures("german")
def test_german_screenshots(
    qtbot: QtBot,
    ctx: AppContext,
    make_ctx: object,
    screens_folder: Path,
    styled: None,
) -> None:
    folder = screens_folder / "de"
    folder.mkdir(exist_ok=True)
    _screens(qtbot, ctx, folder, theme.STANDARD.key)  # sign-in, sell, payment, customers
    for name in ("sign-in", "sell", "payment", "customers"):
        assert (folder / f"{name}.png").is_file()

    window = MainWindow(ctx, URL)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tabs = window.findChild(QTabWidget)
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(3)] == ["Verkauf", "Kunden", "Einlass"]
    window.show_tab("checkin")
    qtbot.wait(50)
    save_screen(window, folder / "checkin.png", min_width=1300, step=23, min_colours=8)


def test_german_manager_screenshots(
    qtbot: QtBot, make_ctx: object, screens_folder: Path, styled: None, german: None
) -> None:
    folder = screens_folder / "de"
    folder.mkdir(exist_ok=True)
    manager: AppContext = make_ctx("manager")  # type: ignore[operator]
    window = MainWindow(manager, URL)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    for key, name in (("reports", "reports"), ("events", "event-editor"), ("bookings", "bookings")):
        window.show_tab(key)
        qtbot.wait(300 if key == "reports" else 50)
        save_screen(window, folder / f"{name}.png", min_width=1300, step=23, min_colours=8)
