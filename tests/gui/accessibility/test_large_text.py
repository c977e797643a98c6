"""Text follows the system font size: with the application's font at 16 pt (a large-text
setting) the clerk's screens at 1366×768, in each theme, show every label and button whole and
still fit the screen; and no stylesheet or widget fixes a font size that ignores it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui import theme
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from tests.gui.accessibility.text_fit import clipped
from tests.gui.sale.sale_support import open_event

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[3]
SCREEN = QSize(1366, 768)
# Large text on a small screen: the window may take the whole screen (no panel), as wide as
# test_screen_fit allows.
ROOM = SCREEN
# Drawn at the scale of a map or of paper, not of the screen's text.
DRAWINGS = ("seatmap/", "manager/venues/preview.py", "tickets/painter.py")
FIXED_IN_CODE = re.compile(r"setPointSizeF?\(\s*[\d.]+\s*\)|setPixelSize\(|font-size:\s*\d")


@pytest.fixture
def large_text(qapp: QApplication, styled: None, request: pytest.FixtureRequest) -> Iterator[str]:
    """The application font at 16 pt, then the theme *key* applied (as at a start)."""
    key = getattr(request, "param", theme.STANDARD.key)
    before = QFont(qapp.font())
    big = QFont(before)
    big.setPointSizeF(16)
    qapp.setFont(big)
    theme.apply(qapp, key)
    yield key
    qapp.setFont(before)
    theme.apply(qapp, theme.STANDARD.key)


def fits(widget: QWidget) -> bool:
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return need.width() <= ROOM.width() and need.height() <= ROOM.height()


def test_the_sheets_grow_with_the_font(qapp: QApplication, large_text: str) -> None:
    sheet = theme.stylesheet(theme.current())
    assert "font-size: 16.0pt" in sheet  # QWidget's 10 pt base, at 16 pt
    assert "font-size: 10pt" not in sheet
    assert theme.points(13) == 20.8


def test_the_check_finds_planted_cut_off_text(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    label = QLabel("A label far too long for the width it was given")
    button = QPushButton("Sell to this customer")
    for widget in (label, button):
        column.addWidget(widget)
        widget.setMaximumWidth(60)  # planted: squeezed
    host.show()
    assert len(clipped(host)) == 2
    for widget in (label, button):
        widget.setMaximumWidth(10_000)
    host.adjustSize()
    assert clipped(host) == []


@pytest.mark.parametrize("large_text", sorted(theme.THEMES), indirect=True)
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_clerks_screens_at_16_points(
    qtbot: QtBot, ctx: AppContext, large_text: str, tmp_path: Path
) -> None:
    window = MainWindow(ctx, "sqlite:///~/.local/share/boxoffice/demo.sqlite3")
    qtbot.addWidget(window)
    window.resize(SCREEN - QSize(0, 60))
    window.show()
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    open_event(qtbot, sell, "Hamlet")
    sell.best.quantity.setValue(2)
    sell.best.submit()
    assert sell.controller.hold is not None
    for spec in window.specs:
        window.show_tab(spec.key)
        qtbot.wait(10)
        assert fits(window), (spec.key, window.minimumSizeHint())
        assert clipped(window) == [], (spec.key, clipped(window))
        window.grab().save(str(tmp_path / f"{spec.key}.png"))
    window.show_tab("sell")
    sell.open_payment()
    dialogs: list[QWidget] = [
        sell.payment_dialog,  # type: ignore[list-item]
        SignInDialog(ctx.db, SyncTaskRunner(), "server", "front-desk", demo=True),
        CustomerDialog(ctx),
    ]
    for dialog in dialogs:
        if dialog.parent() is None:
            qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(10)
        assert fits(dialog), (type(dialog).__name__, dialog.minimumSizeHint())
        assert clipped(dialog) == [], type(dialog).__name__
        dialog.grab().save(str(tmp_path / f"{type(dialog).__name__}.png"))


def test_no_fixed_font_size_ignores_the_system_font() -> None:
    sheets = {
        path.name: re.findall(r"font-size:\s*[\d.]+px", path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "resources").glob("*.qss"))
    }
    assert sheets and not any(sheets.values()), sheets  # pt, which the theme scales
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "boxoffice" / "gui").rglob("*.py"))
        if not any(part in path.as_posix() for part in DRAWINGS)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FIXED_IN_CODE.search(line) and "points(" not in line
    ]
    assert offenders == [], "use theme.points() so the size follows the system font"
