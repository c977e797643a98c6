"""Ticket types in the cart, by keyboard: Ctrl+T goes to the cart's seats, a digit makes the
selected ones that type (1 Adult, 2 Child, ...); fees and tax show as their own lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.sale.cart_model import PRICE, TYPE
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = pytest.mark.gui


def test_a_clerk_sets_ticket_types_in_the_cart_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "A Christmas Carol")
    qtbot.keyClicks(tab.best.quantity, "4")
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_Return)
    hold = tab.controller.hold
    assert hold is not None and hold.quantity == 4
    cart = tab.cart.model
    assert [cart.index(r, TYPE).data() for r in range(4)] == ["Adult"] * 4
    full = hold.quote.subtotal

    qtbot.keyClick(tab, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    table = tab.cart.table
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the second seat
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # and the third
    qtbot.keyClick(table, Qt.Key.Key_2)  # Child
    qtbot.waitUntil(lambda: [cart.index(r, TYPE).data() for r in range(4)].count("Child") == 2)
    assert [cart.index(r, TYPE).data() for r in range(4)] == ["Adult", "Child", "Child", "Adult"]
    hold = tab.controller.hold
    assert hold is not None
    prices = [hold.lines[r].price for r in range(4)]
    assert cart.index(1, PRICE).data() == f"€{prices[1] / 2:.2f}"
    # 4 x 1.50 booking fee on top of the tickets (2 at half price); VAT is inside the prices.
    assert hold.total == full - (prices[1] + prices[2]) / 2 + Decimal("6.00")
    assert tab.cart.total_label.text() == f"€{hold.total:,.2f}"
    assert "Booking fee: €6.00" in tab.cart.charges.text()
    assert "incl. VAT 20%" in tab.cart.charges.text()

    # Student carries a check for the clerk.
    qtbot.keyClick(table, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: "student ID" in tab.cart.checks.text())
    assert tab.cart.type_combo.currentText().endswith("Student")
    tab.grab().save("/tmp/types/cart_types.png")
    tab.shutdown()  # gives the seats back and stops the seat poller


def test_complimentary_asks_for_a_reason_and_is_free(qtbot: QtBot, manager_ctx: AppContext) -> None:
    tab = sell_tab(qtbot, manager_ctx)
    open_event(qtbot, tab, "Stand-up Night")
    qtbot.keyClicks(tab.best.quantity, "1")
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_Return)
    assert tab.controller.hold is not None
    asked: list[str] = []

    def cancel(name: str) -> str | None:
        asked.append(name)
        return None  # the clerk cancels the reason box

    tab.cart.ask_reason = cancel
    qtbot.keyClick(tab, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.cart.table, Qt.Key.Key_6)
    assert asked == ["Complimentary"]
    assert tab.cart.model.index(0, TYPE).data() == "Adult"
    tab.cart.ask_reason = lambda name: "Press night critic"
    qtbot.keyClick(tab.cart.table, Qt.Key.Key_6)
    qtbot.waitUntil(lambda: tab.cart.model.index(0, TYPE).data() == "Complimentary")
    assert tab.cart.total_label.text() == "€0.00"
    tab.shutdown()
