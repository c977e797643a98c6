"""What the screenshot tests share: where the pictures go, the desk's look, the main window at
screenshot size, and a grab that is checked (right size, not blank) before it counts.

The fixtures ``screens_folder`` and ``styled`` are made visible to tests/gui by conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui.app import load_stylesheet
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow

DOCS = Path(__file__).resolve().parents[2] / "docs"
# A tab as a 1366×768 window shows it (title bar, menus, tab bar and status bar taken off):
# the pictures of single tabs are taken at this size.
TAB_SIZE = (1366, 690)


@pytest.fixture
def screens_folder(tmp_path: Path) -> Path:
    """docs/ when BOXOFFICE_WRITE_DOCS=1, else a temporary folder (the grab is checked anyway)."""
    return DOCS if os.environ.get("BOXOFFICE_WRITE_DOCS") == "1" else tmp_path


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The desk's look (Fusion + QSS) for the grab; the plain look again afterwards."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    qapp.setStyle("Fusion")
    qapp.setStyleSheet(load_stylesheet())
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def save(widget: QWidget, path: Path, min_width: int, step: int, min_colours: int) -> None:
    """Grab *widget* to *path*; the saved picture must be as big as the grab, at least
    *min_width* wide, and show more than *min_colours* colours on a grid of *step* pixels
    (a real screen, not a blank or half-drawn one)."""
    image = widget.grab().toImage()
    assert image.save(str(path))
    saved = QImage(str(path))
    assert saved.size() == image.size() and saved.width() >= min_width
    colours = {
        saved.pixel(x, y)
        for x in range(0, saved.width(), step)
        for y in range(0, saved.height(), step)
    }
    assert len(colours) > min_colours


def show_window(qtbot: QtBot, ctx: AppContext, url: str) -> MainWindow:
    """The main window as the pictures show it: 1366×768 (the smallest desk screen it must fit),
    the database *url* in its status bar."""
    window = MainWindow(ctx, url)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window
