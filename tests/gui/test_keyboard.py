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

from boxoffice.gui.checkin import CheckInTab
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.tab import CustomersTab
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers

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


def desk_window(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, Desk]:
    window = MainWindow(ctx, "demo")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, Desk(qtbot)


def open_check_in(
    qtbot: QtBot, ctx: AppContext, event_id: int
) -> tuple[MainWindow, Desk, CheckInTab]:
    """By keys only: Check-in (F4), the event chosen with the arrows (Ctrl+E), then the scan
    field focused (Ctrl+L), ready for a code."""
    window, desk = desk_window(qtbot, ctx)
    desk.press(Qt.Key.Key_F4)
    tab = window.pages["checkin"]
    assert isinstance(tab, CheckInTab)
    qtbot.waitUntil(tab.isVisible)
    qtbot.waitUntil(lambda: tab.event_combo.count() > 1)
    qtbot.keyClick(desk.focused(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert desk.focused() is tab.event_combo
    for _ in range(tab.event_combo.count()):
        if tab.event_id == event_id:
            break
        desk.press(Qt.Key.Key_Down)
    assert tab.event_id == event_id
    qtbot.keyClick(desk.focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert desk.focused() is tab.field
    return window, desk, tab


def test_refund_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    """Customers (F3), find, the booking, its tickets, cancel one, say why, Enter: refunded."""
    from tests.gui.customers.test_customers import book

    dmitri = customers.find_customers(ctx.db, ctx.actor, "dmitri")[0]
    reference = book(ctx, dmitri.id, seats=3)
    window, desk = desk_window(qtbot, ctx)
    desk.press(Qt.Key.Key_F3)
    tab = window.pages["customers"]
    assert isinstance(tab, CustomersTab)
    qtbot.waitUntil(tab.isVisible)  # a tab built on first use is shown by the event loop
    qtbot.waitUntil(lambda: desk.focused() is tab.search.edit)
    desk.type("dmitri", then_enter=True)
    qtbot.waitUntil(lambda: tab.bookings.detail is not None)
    assert tab.bookings.detail is not None and tab.bookings.detail.reference == reference
    qtbot.keyClick(desk.focused(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert desk.focused() is tab.bookings.booking_table
    qtbot.keyClick(desk.focused(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert desk.focused() is tab.bookings.ticket_table
    assert len(tab.bookings.ticket_table.selectionModel().selectedRows()) == 1
    qtbot.keyClick(desk.focused(), Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    confirm = tab.bookings.confirm
    assert confirm.isVisible() and desk.focused() is confirm.reason
    assert confirm.yes.text().startswith("Refund €") and confirm.yes.text().endswith("cancel")
    desk.type("changed plans", then_enter=True)
    after = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert [t.status for t in after.tickets].count("cancelled") == 1
    assert [r.reason for r in after.refunds] == ["changed plans"]


def test_check_in_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    """Check-in (F4), choose the event with the arrows (Ctrl+E), scan field (Ctrl+L), code."""
    from tests.printing.support import pick

    booking = pick(ctx.db)
    _window, desk, tab = open_check_in(qtbot, ctx, booking.event_id)
    desk.type(booking.tickets[0].code, then_enter=True)
    qtbot.waitUntil(lambda: tab.panel.verdict == "admitted")


def test_shortcut_sheet_is_built_from_the_actions(qtbot: QtBot, ctx: AppContext) -> None:
    """F1 lists every keyed action of the menus; a new action shows up without editing it."""
    from PySide6.QtGui import QAction, QKeySequence

    window, desk = desk_window(qtbot, ctx)
    desk.press(Qt.Key.Key_F3)  # the Customers tab is built: its menu joins the sheet
    extra = QAction("Something new", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.feature_menus["customers"].addAction(extra)
    desk.press(Qt.Key.Key_F1)
    sheet = window.shortcut_sheet
    qtbot.waitUntil(sheet.isVisible)
    rows = {(keys, what): where for keys, what, where in sheet.rows}
    assert rows[("F9 or Ctrl+Return or Ctrl+Enter", "Pay cash exact")] == "Sale"
    assert rows[("Shift+Del", "Cancel selected tickets…")] == "Customer"
    assert rows[("Ctrl+Alt+J", "Something new")] == "Customer"
    assert rows[("F1", "Keyboard shortcuts")] == "Help"
    # The seat map's own keys (not menu actions) are on the sheet too, and its Ctrl+M.
    assert rows[("Ctrl+M", "Pick seats on the map")] == "Sale"
    assert rows[("Arrows", "Seat map: move the seat cursor to the nearest seat that way")]
    assert rows[("Space or Enter", "Seat map: hold or release the seat under the cursor")]
    assert ("F2", "Sell") in rows and ("F4", "Check-in") in rows
    qtbot.keyClicks(sheet.filter, "refund")
    assert sheet.visible_rows() == [] or all(
        "refund" in " ".join(r).lower() for r in sheet.visible_rows()
    )
    sheet.filter.clear()
    qtbot.keyClicks(sheet.filter, "cancel")
    assert {what for _k, what, _w in sheet.visible_rows()} >= {
        "Cancel selected tickets…",
        "Cancel whole booking…",
    }
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    assert not sheet.isVisible()


def test_buttons_name_their_keys_in_tooltips(qtbot: QtBot, ctx: AppContext) -> None:
    window, desk = desk_window(qtbot, ctx)
    desk.press(Qt.Key.Key_F3)
    tab = window.pages["customers"]
    assert isinstance(tab, CustomersTab)
    panel = tab.bookings
    for button, key in (
        (panel.cancel_tickets_button, "Shift+Del"),
        (panel.cancel_booking_button, "Ctrl+Shift+Del"),
        (panel.reprint_button, "Ctrl+P"),
        (panel.exchange_button, "Ctrl+E"),
    ):
        assert button.toolTip().endswith(f"({key})"), button.toolTip()
    assert not panel.ticket_table.tabKeyNavigation()  # Tab leaves a list: no keyboard trap
    # A disabled button's key does nothing either (no booking is selected yet).
    cancel = next(a for a in tab.booking_actions if a.text() == "Cancel whole booking…")
    assert not panel.cancel_booking_button.isEnabled() and not cancel.isEnabled()
