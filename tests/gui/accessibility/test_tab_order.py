"""Tab follows the reading order, left to right and top to bottom, on the Sell tab, in the
payment dialog, the sign-in and the customer form: walked with the Tab key itself, as a
keyboard user does, and compared with the order the screen shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from tests.gui.payment.test_payment import dialog_of, paying
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = [pytest.mark.gui, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]


def tab_walk(qtbot: QtBot, start: QWidget, stop: int = 40) -> list[str]:
    """The object names Tab visits from *start* until it comes back (a widget Tab steps
    through in parts, such as a date edit's day, month and year, counts once). A keyboard trap
    (Tab stuck on one widget) shows as *stop* reached."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    seen: list[str] = []
    stuck = 0
    widget = start
    for _ in range(stop):
        name = widget.objectName() or type(widget).__name__
        if not seen or seen[-1] != name:
            seen.append(name)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None
        stuck = stuck + 1 if after is widget else 0
        assert stuck < 4, f"Tab is stuck on {name}: {seen}"
        if after is start and after is not widget:
            return seen
        widget = after
    raise AssertionError(f"Tab never came back to {start.objectName()}: {seen}")


def test_the_walk_finds_a_planted_wrong_order(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = CustomerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QWidget.setTabOrder(dialog.name, dialog.phone)  # planted: Phone before E-mail
    walk = tab_walk(qtbot, dialog.name)
    assert walk.index("customerPhone") < walk.index("customerEmail")


def test_sell_tab(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    assert tab.controller.hold is not None
    walk = tab_walk(qtbot, tab.browser.filters.search)
    assert walk == [
        # the event browser: search, then its filters left to right, then the list
        "eventSearch",
        "dateFrom",
        "dateTo",
        "datePresets",
        "genreFilter",
        "venueFilter",
        "minPrice",
        "maxPrice",
        "onlyAvailable",
        "eventTable",
        # the event's title row, the map, "best N" below it
        "openWaitlist",
        "shareEvent",
        "sellSeatMap",
        "bestQuantity",
        "bestTier",
        "bestButton",
        # the cart, top to bottom
        "attachCustomer",
        "ticketTypeCombo",
        "discountCode",
        "applyCode",
        "releaseButton",
        "payButton",
        "cashExactButton",
    ]


def test_payment_dialog(qtbot: QtBot, ctx: AppContext) -> None:
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    qtbot.keyClicks(d.cash.tendered, "50")
    d.add_current()  # a part payment: the table and its Remove button show
    qtbot.keyClicks(d.cash.tendered, "20")  # not enough yet: "Add" is there, "Pay" is not
    if d.terms_required:
        d.terms.setChecked(True)
    terms = ["acceptTerms"] if d.terms_required else []
    top = [
        "tenderTable",
        "removeTender",
        "qt_tabwidget_tabbar",  # Cash, Card, Saved card, Gift voucher
        "cashTendered",
        "cashExact",
        "cashNote10",
        "cashNote20",
        "cashNote50",
        "cashNote100",
    ]
    assert tab_walk(qtbot, d.tender_table) == [*top, "addTender", *terms, "cancelPayment"]
    qtbot.keyClicks(d.cash.tendered, "0")  # 200 covers the rest: now "Pay", and no "Add"
    assert d.pay_button.isEnabled()
    assert tab_walk(qtbot, d.tender_table) == [*top, *terms, "cancelPayment", "payNow"]


def test_sign_in(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = SignInDialog(ctx.db, SyncTaskRunner(), "server", "front-desk", demo=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    names = ["username", "password", "desk", "signInButton", "QPushButton"]  # … Quit
    assert tab_walk(qtbot, dialog.username) == names
    dialog._show_change_fields(True)  # the account must choose a new password first
    assert tab_walk(qtbot, dialog.username) == [
        "username",
        "newPassword",
        "repeatPassword",
        "desk",
        "signInButton",
        "QPushButton",
    ]


def test_customer_form(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = CustomerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert tab_walk(qtbot, dialog.name) == [
        "customerName",
        "customerEmail",
        "customerPhone",
        "customerMarketing",
        "customerConsentSource",
        "customerLanguage",
        "saveCustomer",
        "QPushButton",  # Cancel
    ]
