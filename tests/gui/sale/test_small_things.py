"""Issue 15's small things: the cardholder follows the attached customer, a long e-mail in the
cart is elided (whole in the tooltip), cancel buttons say what they do, window titles do not
say "Box office" twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boxoffice.gui.about import AboutDialog
from boxoffice.gui.bookings.cancel_text import refund_and_cancel
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.payment.payment_dialog import CARD
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.people import customers
from tests.gui.payment.test_payment import dialog_of, paying
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = pytest.mark.gui

LONG_EMAIL = "alexandra.konstantinopoulou-vanderbilt.bookings@example-events-company.co.uk"


def test_cardholder_is_filled_from_the_attached_customer(qtbot: QtBot, ctx: AppContext) -> None:
    alice = customers.find_customers(ctx.db, ctx.actor, "alice")[0]
    tab = paying(qtbot, ctx, customer=alice)
    d = dialog_of(tab)
    d.methods.setCurrentIndex(CARD)
    assert d.card.holder.text() == alice.name
    d.card.holder.setText("Bob Martin")  # a partner pays: the clerk's change stays
    d.card.set_customer(True, alice.name)
    assert d.card.holder.text() == "Bob Martin"
    d.card.reset(d.remaining())  # a new card tender starts from the customer again
    assert d.card.holder.text() == alice.name
    d.reject()
    qtbot.waitUntil(lambda: tab.payment_dialog is None)
    tab.attach_customer(None)
    tab.open_payment()
    assert dialog_of(tab).card.holder.text() == ""  # walk-up: nobody to guess


def test_long_customer_email_is_elided_in_the_cart(qtbot: QtBot, ctx: AppContext) -> None:
    who = customers.create_customer(ctx.db, ctx.actor, "Alexandra K", LONG_EMAIL)
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    width = tab.cart.width()
    tab.attach_customer(who)
    qtbot.waitUntil(lambda: tab.cart.customer_label.text() == "Alexandra K")
    QApplication.processEvents()
    contact = tab.cart.customer_contact
    assert contact.full_text() == LONG_EMAIL
    assert contact.is_elided() and contact.text().endswith("…")
    assert contact.toolTip() == LONG_EMAIL
    assert tab.cart.width() == width  # the address did not widen the cart
    tab.attach_customer(None)
    assert tab.cart.customer_contact.full_text() == "" and not contact.toolTip()


def test_cancel_buttons_name_the_refund() -> None:
    assert refund_and_cancel(Decimal("85.00")) == "Refund €85.00 and cancel"
    assert refund_and_cancel(Decimal("130.00"), booking=True) == "Refund €130.00 and cancel booking"
    assert refund_and_cancel(Decimal("0.00"), booking=True) == "Cancel booking (nothing to refund)"


def test_window_titles_leave_the_app_name_to_qt(qtbot: QtBot, ctx: AppContext) -> None:
    """Qt appends the display name on Linux and Windows: "Sign in — Box office", once."""
    sign_in = SignInDialog(ctx.db, SyncTaskRunner(), "sqlite://", "desk-1")
    window = MainWindow(ctx, "demo")
    about = AboutDialog(ctx)
    for widget in (sign_in, window, about):
        qtbot.addWidget(widget)
    titles = [w.windowTitle() for w in (sign_in, window, about)]
    assert titles[0] == "Sign in"
    assert all(title and "Box office" not in title for title in titles), titles
    assert ctx.actor.username in titles[1]
