"""Keyboard first: a walk-up sale of the N best seats, paid cash and printed, in five actions
(six where the installation asks for the terms of sale to be confirmed: F9, then Enter).

Every key goes to whatever widget has the focus (as on a real desk), so the test fails if any
step needed the mouse or an extra key press.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.services.bookings import manage as bookings

pytestmark = pytest.mark.gui


class Desk:
    """Sends keys to the focused widget and counts the clerk's actions."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.actions: list[str] = []

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, f"nothing has the focus after {self.actions}"
        return widget

    def type(self, text: str, then_enter: bool = False) -> None:
        """One action: type *text* (and Enter, as "type N + Enter" is one gesture)."""
        self.qtbot.keyClicks(self.focused(), text)
        if then_enter:
            self.qtbot.keyClick(self.focused(), Qt.Key.Key_Return)
        self.actions.append(text + (" ⏎" if then_enter else ""))

    def press(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(self.focused(), key)
        self.actions.append(Qt.Key(key).name)


@pytest.mark.parametrize("confirm_terms", [False, True])
def test_walk_up_sale_in_five_actions(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, confirm_terms: bool
) -> None:
    monkeypatch.setenv("BOXOFFICE_CONFIRM_TERMS", "yes" if confirm_terms else "no")
    window = MainWindow(ctx, "demo")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab = window.pages["sell"]
    assert isinstance(tab, SellTab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.browser.filters.search)
    desk = Desk(qtbot)

    desk.type("Hamlet")  # 1: search as you type
    desk.press(Qt.Key.Key_Return)  # 2: Enter picks the event
    assert tab.controller.event_detail is not None
    assert tab.controller.event_detail.title == "Hamlet"
    desk.type("4", then_enter=True)  # 3: four best seats
    hold = tab.controller.hold
    assert hold is not None and hold.quantity == 4
    desk.press(Qt.Key.Key_F9)  # 4: customer pays the exact total in cash
    if confirm_terms:  # the same rule as the payment dialog's terms box
        assert tab.complete_dialog is None and tab.cart.terms_bar.isVisible()
        assert "terms of sale" in tab.cart.terms_bar.question.text()
        desk.press(Qt.Key.Key_Return)  # 4b: the customer agreed
    complete = tab.complete_dialog
    assert complete is not None
    qtbot.waitUntil(complete.isActiveWindow)
    reference = complete.page.reference
    desk.press(Qt.Key.Key_Return)  # 5: print

    assert len(desk.actions) <= 5 + confirm_terms, desk.actions
    assert complete.printed == [reference]
    assert not complete.isVisible()
    booking = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert len(booking.tickets) == 4 and booking.total == hold.total == Decimal("260.00")
    assert [(p.method, p.amount) for p in booking.payments] == [("cash", hold.total)]
    # Ready for the next customer: the search box has the focus again.
    qtbot.waitUntil(lambda: window.focusWidget() is tab.browser.filters.search)


def test_shortcuts_switch_tabs_and_are_shown(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "demo")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Customers"
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Sell"
    tab = window.pages["sell"]
    assert isinstance(tab, SellTab)
    assert "(F9)" in tab.actions_by_name["cash"].toolTip()
    assert "F9" in tab.cart.cash_button.text() and "F8" in tab.cart.pay_button.text()
