"""Translated screens still fit a 1366×768 desk, and a right-to-left desk mirrors its layout.

The pseudo language makes every message about 40 % longer and accented (boxoffice.i18n.pseudo):
each main screen (every tab, the Sell tab with an event open and seats in the cart) and the
payment and sign-in dialogs are opened in it at 1366×768, and every label, button, check box,
placeholder, tab and header section whose text does not fit is reported (tests/gui/clipping.py);
the window must not have grown past the screen either.

Right to left (Arabic's layout direction): the Sell tab's panels are mirrored (the cart on the
left, the map on the right), no two widgets of one layout overlap, and the seat map is still
drawn as seen from the stage (left seats left).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLayout, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui import translator
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.i18n import _
from boxoffice.i18n.pseudo import pseudo
from tests.gui.clipping import clipped
from tests.gui.sale.sale_support import open_event

pytestmark = pytest.mark.gui
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

SCREEN = QSize(1366, 768)


@pytest.fixture
def language(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switch the desk's language (catalogues, Qt translator, layout direction); back to
    English afterwards."""
    yield lambda code: translator.install(qapp, code)
    translator.install(qapp, "en")


def _sell_window(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, SellTab]:
    window = MainWindow(ctx, "sqlite:///demo.sqlite3")
    qtbot.addWidget(window)
    window.resize(SCREEN)
    window.show()
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    open_event(qtbot, sell, "Hamlet")
    sell.best.quantity.setValue(2)
    sell.best.submit()
    qtbot.wait(20)
    return window, sell


@SQLITE
def test_the_main_screens_fit_in_the_pseudo_language(
    qtbot: QtBot,
    make_ctx: Callable[..., AppContext],
    styled: None,
    language: Callable[[str], None],
) -> None:
    language("pseudo")
    window, _sell = _sell_window(qtbot, make_ctx("admin"))
    assert _("Sell") == pseudo("Sell")  # really stretched
    problems = []
    for spec in window.specs:
        window.show_tab(spec.key)
        qtbot.wait(50)
        problems += [f"{spec.key}: {clip}" for clip in clipped(window)]
        if window.size() != SCREEN:
            problems.append(f"{spec.key}: the window grew to {window.size().toTuple()}")
    assert problems == []


@SQLITE
def test_the_sale_dialogs_fit_in_the_pseudo_language(
    qtbot: QtBot, ctx: AppContext, styled: None, language: Callable[[str], None]
) -> None:
    language("pseudo")
    _window, sell = _sell_window(qtbot, ctx)
    sell.open_payment()
    payment = sell.payment_dialog
    assert payment is not None
    qtbot.wait(20)
    sign_in = SignInDialog(ctx.db, SyncTaskRunner(), "server", "front-desk", demo=True)
    qtbot.addWidget(sign_in)
    sign_in.show()
    qtbot.wait(20)
    problems = []
    for dialog in (payment, sign_in):
        problems += [f"{type(dialog).__name__}: {clip}" for clip in clipped(dialog)]
        need = dialog.minimumSizeHint()
        if need.width() > SCREEN.width() or need.height() > SCREEN.height() - 60:
            problems.append(f"{type(dialog).__name__} needs {need.toTuple()}")
    payment.reject()
    assert problems == []


def _named(widget: QWidget | None) -> str:
    if widget is None:
        return "-"
    text = widget.text() if isinstance(widget, QLabel) else ""
    return f"{type(widget).__name__}#{widget.objectName()}{'(' + text[:20] + ')' if text else ''}"


def _overlaps(root: QWidget) -> list[str]:
    """Widgets placed by one box or grid layout that overlap each other."""
    found = []
    for layout in root.findChildren(QLayout):
        widgets = [
            item.widget()
            for item in (layout.itemAt(i) for i in range(layout.count()))
            if item is not None and item.widget() is not None and item.widget().isVisible()
        ]
        for a, b in combinations(widgets, 2):
            common = a.geometry().intersected(b.geometry())
            # A pixel or two is the styles' rounding (the legend's icons touch), not an overlap.
            if min(common.width(), common.height()) > 2 and a.parent() is b.parent():
                found.append(
                    f"{_named(a)} {a.geometry().getRect()} × {_named(b)} {b.geometry().getRect()}"
                    f" in {_named(a.parentWidget())}"
                )
    return found


@SQLITE
def test_a_right_to_left_desk_mirrors_its_panels_but_not_the_seat_map(
    qtbot: QtBot,
    ctx: AppContext,
    styled: None,
    language: Callable[[str], None],
    qapp: QApplication,
    screens_folder: Path,
) -> None:
    language("ar")
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    window, sell = _sell_window(qtbot, ctx)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    cart_x = sell.cart.mapTo(window, sell.cart.rect().center()).x()
    map_x = sell.seat_map.mapTo(window, sell.seat_map.rect().center()).x()
    assert cart_x < map_x  # the cart, on the right in English, is on the left
    search = sell.browser.filters.search
    assert search.mapTo(window, search.rect().topRight()).x() > window.width() * 0.9
    assert _overlaps(window) == []
    # The seat map keeps the hall's own left and right.
    view = sell.seat_map
    assert view.layoutDirection() == Qt.LayoutDirection.LeftToRight
    left, right = view.mapFromScene(QPointF(-100, 0)), view.mapFromScene(QPointF(100, 0))
    assert left.x() < right.x()
    assert window.grab().save(str(screens_folder / "sell-rtl.png"))


def test_the_checks_find_clipped_text_and_overlapping_widgets(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    a, b = QLabel("a"), QLabel("b")
    row.addWidget(a)
    row.addWidget(b)
    root.show()
    assert _overlaps(root) == []
    assert clipped(root) == []
    a.setFixedWidth(4)
    a.setText("A label far too long for four pixels")
    qtbot.wait(10)
    assert [c.widget for c in clipped(root)] == ["QLabel#?"]
    b.setGeometry(a.geometry())
    assert _overlaps(root) != []
