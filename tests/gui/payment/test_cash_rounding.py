"""Cash rounding on the sale screens where the till's currency needs it (CHF to 0.05): the
change to give is what coins make and the rounding is a line of its own; totals never change."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.domain.cash_rounding import settle_cash
from boxoffice.domain.tender import Tender
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.complete import SaleCompletePage
from boxoffice.gui.payment.payment_dialog import PaymentDialog
from boxoffice.services.sales.purchase import BookingResult
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = pytest.mark.gui

D = Decimal


def _never(_tenders: list[Tender], _key: str) -> Any:
    raise AssertionError("not paid in this test")


def _dialog(qtbot: QtBot, ctx: AppContext, currency: str) -> PaymentDialog:
    dialog = PaymentDialog(ctx, D("42.37"), _never, cash_currency=currency)
    qtbot.addWidget(dialog)
    return dialog


def test_chf_change_is_rounded_and_the_rounding_is_its_own_line(
    qtbot: QtBot, ctx: AppContext
) -> None:
    d = _dialog(qtbot, ctx, "CHF")
    assert d.total_label.text() == "€42.37"  # the total is the price, never rounded
    assert not d.cash.rounding_label.isVisibleTo(d)
    qtbot.keyClicks(d.cash.tendered, "50")
    assert d.cash.change_label.text() == "€7.65"  # 7.63 as coins make it
    assert d.cash.rounding_label.isVisibleTo(d)
    assert d.cash.rounding_label.text() == "Cash rounding −€0.02 (cash €42.35 for €42.37)"
    assert d.pay_button.text() == "Pay €42.37 · change €7.65"
    d.cash.tendered.clear()
    qtbot.keyClicks(d.cash.tendered, "42.37")  # "exact": the customer hands over 42.35
    assert d.cash.change_label.text() == "€0.00"
    assert "−€0.02" in d.cash.rounding_label.text()
    d.cash.tendered.clear()
    qtbot.keyClicks(d.cash.tendered, "42.40")  # 0.03 back is 0.05 in coins
    assert d.cash.change_label.text() == "€0.05"
    assert d.cash.rounding_label.text().startswith("Cash rounding −€0.02")


def test_euro_change_is_exact_and_has_no_rounding_line(qtbot: QtBot, ctx: AppContext) -> None:
    d = _dialog(qtbot, ctx, "EUR")
    qtbot.keyClicks(d.cash.tendered, "50")
    assert d.cash.change_label.text() == "€7.63"
    assert not d.cash.rounding_label.isVisibleTo(d)


def test_the_sold_page_gives_rounded_change(qtbot: QtBot) -> None:
    page = SaleCompletePage()
    qtbot.addWidget(page)
    result = BookingResult(1, "7KQ4-MX2P", D("42.37"), D("7.63"), (1,))
    page.show_result(result, settle_cash(D("42.37"), D("50.00"), "CHF"))
    assert page.change_label.text() == "Change to give: €7.65"
    assert page.rounding_label.isVisibleTo(page)
    assert page.rounding_label.text() == "Cash rounding −€0.02 (cash €42.35 for €42.37)"
    page.show_result(result)  # no till rounding: the change as the sale recorded it
    assert page.change_label.text() == "Change to give: €7.63"
    assert not page.rounding_label.isVisibleTo(page)


def test_the_cart_says_what_cash_exact_takes(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    hold = tab.controller.hold
    assert hold is not None
    cart = tab.cart
    odd = replace(hold, method_totals=(("cash", D("130.03")),))  # a cash fee of 0.03
    cart.set_cash_currency("CHF")
    cart.set_hold(odd)
    assert cart.rounding_label.isVisibleTo(cart)
    assert cart.rounding_label.text() == "Cash rounding +€0.02 (cash €130.05 for €130.03)"
    cart.set_hold(hold)  # 130.00: coins make it, no line
    assert not cart.rounding_label.isVisibleTo(cart)
    cart.set_cash_currency("EUR")
    cart.set_hold(odd)
    assert not cart.rounding_label.isVisibleTo(cart)
