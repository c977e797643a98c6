"""The cart's discount code: typed by the clerk, it re-prices the cart (and the sale), and a code
that does not apply says why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.discount import DiscountApplies, DiscountKind
from boxoffice.gui.context import AppContext
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import discount_codes as dc
from tests.gui.conftest import sign_in
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = pytest.mark.gui


def test_code_in_the_cart_discounts_the_sale(qtbot: QtBot, ctx: AppContext) -> None:
    manager = sign_in(ctx.db, "manager")
    spec = dc.CodeSpec("GUI10", DiscountKind.PERCENT, Decimal("10"), DiscountApplies.TICKET)
    dc.create_code(ctx.db, manager, spec)
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    tab.best.quantity.setValue(3)
    tab.best.submit()
    assert tab.cart.total_label.text() == "€66.00"
    entry = tab.cart.codes
    qtbot.keyClicks(entry.edit, "nosuch")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert entry.status.text() == "There is no discount code NOSUCH."
    assert tab.cart.total_label.text() == "€66.00" and tab.codes == ()
    entry.edit.clear()
    qtbot.keyClicks(entry.edit, "gui10")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert tab.cart.total_label.text() == "€59.40"
    assert entry.status.text() == "Code GUI10 applied: €6.60 off."
    assert "Code GUI10: -€6.60" in tab.cart.adjustments_label.text()
    tab.cart.grab().save("/tmp/codes/cart-code.png")
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_F9)
    assert "€59.40" in tab.cart.terms_bar.yes.text()  # the terms question names the code's total
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_F9)  # F9 again: the customer agreed
    dialog = tab.complete_dialog
    assert dialog is not None
    booking = bookings.get_booking(ctx.db, ctx.actor, dialog.page.reference)
    assert booking.total == Decimal("59.40")
    assert {c.code: c.uses for c in dc.list_codes(ctx.db, manager)}["GUI10"] == 1
    assert tab.codes == () and not entry.status.isVisible()  # the next sale starts clean
    tab.shutdown()


def test_removing_the_code_restores_the_price(qtbot: QtBot, ctx: AppContext) -> None:
    manager = sign_in(ctx.db, "manager")
    spec = dc.CodeSpec("FIVER", DiscountKind.FIXED, Decimal("5"), DiscountApplies.ORDER)
    dc.create_code(ctx.db, manager, spec)
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    tab.cart.codes.edit.setText("FIVER")
    tab.cart.codes.apply_button.click()
    assert tab.cart.total_label.text() == "€39.00"
    tab.best.quantity.setValue(1)
    tab.best.submit()  # more places: the code is applied again
    assert tab.cart.total_label.text() == "€61.00"
    tab.cart.codes.remove_button.click()
    assert tab.cart.total_label.text() == "€66.00" and not tab.cart.adjustments_label.isVisible()
    tab.shutdown()  # gives the places back and stops the seat poller
