"""The payment dialog on a real hold: cash and change, card checks, split tender, saved card,
declines, idempotent retry, expiry at the till."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.tender import CashTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.payment_dialog import CARD, SAVED, PaymentDialog
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from boxoffice.services.sales import holds
from boxoffice.services.sales import saved_cards as cards
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = pytest.mark.gui

NEXT_YEAR = f"{(date.today().year + 1) % 100:02d}"


def paying(qtbot: QtBot, ctx: AppContext, seats: int = 2, customer: object = None) -> SellTab:
    """The Sell tab with *seats* best Premium seats of Hamlet held and the payment dialog open."""
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    if customer is not None:
        tab.attach_customer(customer)
    tab.best.quantity.setValue(seats)
    tab.best.submit()
    assert tab.controller.hold is not None
    tab.open_payment()
    assert tab.payment_dialog is not None
    qtbot.waitUntil(tab.payment_dialog.isActiveWindow)
    return tab


def dialog_of(tab: SellTab) -> PaymentDialog:
    assert tab.payment_dialog is not None
    return tab.payment_dialog


def test_cash_shows_change_as_typed_and_pays(qtbot: QtBot, ctx: AppContext) -> None:
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    assert d.total_label.text() == "€130.00"
    assert not d.pay_button.isEnabled()
    qtbot.keyClicks(d.cash.tendered, "100")
    assert d.cash.change_label.text() == "€30.00 still to pay"
    assert not d.pay_button.isEnabled()
    qtbot.keyClicks(d.cash.tendered, "0")  # 1000
    assert d.cash.change_label.text() == "€870.00"
    d.cash.tendered.clear()
    qtbot.keyClicks(d.cash.tendered, "150")
    assert d.cash.change_label.text() == "€20.00"
    assert not d.pay_button.isEnabled()  # terms not ticked yet
    assert "terms" in d.problem_label.text()
    d.terms.setChecked(True)
    assert d.pay_button.isEnabled()
    assert d.pay_button.text().startswith("Pay €130.00 · change €20.00")
    qtbot.keyClick(d, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    result = d.result
    assert result is not None and result.change_due == Decimal("20.00")
    assert d.stack.currentWidget() is d.complete
    assert d.complete.reference_label.text() == result.reference
    assert d.complete.change_label.text() == "Change to give: €20.00"
    assert tab.controller.hold is None and tab.cart.empty.isVisible()
    booking = bookings.get_booking(ctx.db, ctx.actor, result.reference)
    assert len(booking.tickets) == 2 and booking.total == Decimal("130.00")
    assert [p.method for p in booking.payments] == ["cash"]


def test_card_number_is_checked_as_typed_and_masked_when_left(
    qtbot: QtBot, ctx: AppContext
) -> None:
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    d.methods.setCurrentIndex(CARD)
    card = d.card
    qtbot.keyClicks(card.number, "4242424242424241")  # one digit wrong
    assert card.number.text() == "4242 4242 4242 4241"
    assert card.number_status.text() == "This number is not valid — check the digits"
    assert card.number.property("invalid") is True
    card.number.clear()
    card.number.set_digits("")
    qtbot.keyClicks(card.number, "4242424242424242")
    assert card.number_status.text() == "Visa •••• 4242 ✓"
    assert card.number.property("invalid") is False
    qtbot.keyClicks(card.expiry, f"12{NEXT_YEAR}")
    card.cvv.setFocus()  # leaving the number field masks it
    assert card.number.text() == "•••• 4242"
    assert card.number.digits == "4242424242424242"
    d.terms.setChecked(True)
    assert not d.pay_button.isEnabled()
    assert d.problem_label.text().startswith("The security code (CVV)")
    qtbot.keyClicks(card.cvv, "123")
    assert d.problem_label.text() == "Type the cardholder's name."
    qtbot.keyClicks(card.holder, "Ada Lovelace")
    assert d.pay_button.isEnabled()
    tender = d.effective_tenders()[0]
    assert "4242424242424242" not in repr(tender) and "123" not in repr(tender)
    d.pay()
    assert d.result is not None
    booking = bookings.get_booking(ctx.db, ctx.actor, d.result.reference)
    assert [(p.method, p.card_last4) for p in booking.payments] == [("card", "4242")]


def test_an_expired_card_is_refused_before_paying(qtbot: QtBot, ctx: AppContext) -> None:
    tab = paying(qtbot, ctx, seats=1)
    d = dialog_of(tab)
    d.methods.setCurrentIndex(CARD)
    d.card.number.set_digits("5555555555554444")
    d.card.expiry.setText("01/20")
    d.card.cvv.setText("123")
    d.card.holder.setText("Old Card")
    d.terms.setChecked(True)
    assert not d.pay_button.isEnabled()
    assert "expired" in d.problem_label.text()


def test_split_tender_cash_then_card(qtbot: QtBot, ctx: AppContext) -> None:
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    qtbot.keyClicks(d.cash.tendered, "50")
    assert d.add_button.isEnabled()
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    assert d.tenders.rowCount() == 1
    assert d.remaining_label.text() == "Paid so far €50.00 · still to pay €80.00"
    d.methods.setCurrentIndex(CARD)
    assert d.card.amount.value() == Decimal("80.00")  # follows what is left
    d.card.number.set_digits("5555555555554444")
    d.card.expiry.setText(f"06/{NEXT_YEAR}")
    d.card.cvv.setText("321")
    d.card.holder.setText("Bruno Costa")
    d.terms.setChecked(True)
    assert d.pay_button.isEnabled()
    assert [d.tenders.index(0, c).data() for c in range(3)] == ["Cash", "", "€50.00"]
    d.pay()
    assert d.result is not None
    booking = bookings.get_booking(ctx.db, ctx.actor, d.result.reference)
    assert sorted((p.method, p.amount) for p in booking.payments) == [
        ("card", Decimal("80.00")),
        ("cash", Decimal("50.00")),
    ]


def test_saved_card_of_the_attached_customer(qtbot: QtBot, ctx: AppContext) -> None:
    alice = customers.find_customers(ctx.db, ctx.actor, "alice")[0]
    saved = cards.add_card(
        ctx.db,
        ctx.actor,
        alice.id,
        "4242424242424242",
        11,
        2030,
        "Alice Martin",
        make_default=True,
    )
    tab = paying(qtbot, ctx, customer=alice)
    d = dialog_of(tab)
    assert d.customer_label.text() == "Customer: Alice Martin"
    assert d.methods.isTabEnabled(SAVED)
    d.methods.setCurrentIndex(SAVED)
    assert d.saved.cards.currentText() == "Visa •••• 4242 · 11/30 · default"
    assert d.saved.cards.currentData() == saved.id
    d.terms.setChecked(True)
    assert d.pay_button.isEnabled()
    d.pay()
    assert d.result is not None
    booking = bookings.get_booking(ctx.db, ctx.actor, d.result.reference)
    assert booking.customer_id == alice.id
    assert [p.method for p in booking.payments] == ["saved_card"]


def test_a_walk_up_sale_has_no_saved_cards(qtbot: QtBot, ctx: AppContext) -> None:
    d = dialog_of(paying(qtbot, ctx, seats=1))
    assert not d.methods.isTabEnabled(SAVED)
    assert not d.card.save.isEnabled()


def test_a_declined_card_keeps_the_dialog_and_the_cart(qtbot: QtBot, ctx: AppContext) -> None:
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    hold = tab.controller.hold
    d.methods.setCurrentIndex(CARD)
    d.card.number.set_digits("4000000000000002")
    d.card.expiry.setText(f"03/{NEXT_YEAR}")
    d.card.cvv.setText("999")
    d.card.holder.setText("Declined Person")
    d.terms.setChecked(True)
    d.pay()
    assert d.result is None and d.stack.currentIndex() == 0
    assert d.error_label.isVisible()
    assert d.error_label.text().startswith("Declined:") and "Nothing was charged" in (
        d.error_label.text()
    )
    assert tab.controller.hold == hold  # the seats are still in the cart
    assert holds.get_hold(ctx.db, ctx.actor, hold.hold_id) is not None  # type: ignore[union-attr]
    # Switching to cash still works in the same dialog.
    d.methods.setCurrentIndex(0)
    d.cash.tendered.setText("130")
    d.pay()
    assert d.result is not None


def test_retrying_with_the_dialogs_key_never_books_twice(qtbot: QtBot, ctx: AppContext) -> None:
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    hold_id = tab.controller.hold.hold_id  # type: ignore[union-attr]
    key = d.idempotency_key
    d.cash.tendered.setText("130")
    d.terms.setChecked(True)
    d.pay()
    first = d.result
    assert first is not None
    # What a retry after a lost reply sends: the same hold, tenders and key.
    again = d._submit([CashTender(Decimal("130.00"), Decimal("130.00"))], key)
    assert again.reference == first.reference and again.booking_id == first.booking_id
    assert d.idempotency_key == key  # one key for the dialog's lifetime
    assert holds.get_hold(ctx.db, ctx.actor, hold_id) is None


def test_hold_expired_at_the_till_is_explained_and_the_cart_kept(
    qtbot: QtBot, ctx: AppContext
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    event_id = tab.controller.event_detail.id  # type: ignore[union-attr]
    seat_map = tab.controller.seat_map
    assert seat_map is not None
    seat = next(s for s, st in seat_map.states.items() if st == "available")
    short = holds.hold_seats(
        ctx.db, ctx.actor, event_id, [seat], hold_for=timedelta(milliseconds=1)
    )
    # The desk's clock lags the server's: its countdown still shows minutes left.
    tab.countdown.now = lambda: short.expires_at - timedelta(minutes=5)
    tab.controller.set_hold(short)
    tab.open_payment()
    d = dialog_of(tab)
    d.cash.tendered.setText(str(short.total))
    d.terms.setChecked(True)
    d.pay()
    assert d.result is None
    assert "ran out" in d.error_label.text() and "Nothing was charged" in d.error_label.text()
    assert not d.pay_button.isEnabled()
    assert tab.controller.hold is None
    assert tab.cart.hold_again.isVisible() and tab.cart.model.rowCount() == 1


def test_cash_exact_needs_no_dialog(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    tab.best.quantity.setValue(3)
    tab.best.submit()
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_F9)
    # The terms rule of the payment dialog applies to F9 as well: asked, not skipped.
    assert tab.complete_dialog is None and tab.cart.terms_bar.isVisible()
    assert "€66.00" in tab.cart.terms_bar.yes.text()
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_F9)  # F9 again: the customer agreed
    dialog = tab.complete_dialog
    assert dialog is not None and dialog.isVisible()
    reference = dialog.page.reference
    booking = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert booking.total == Decimal("66.00") and len(booking.tickets) == 3
    qtbot.waitUntil(dialog.page.print_button.hasFocus)  # Enter prints
    assert dialog.page.print_button.isDefault()


def test_cash_exact_question_backs_out_and_follows_the_cart(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    tab.pay_cash_exact()
    assert tab.cart.terms_bar.isVisible()
    qtbot.mouseClick(tab.cart.terms_bar.no, Qt.MouseButton.LeftButton)  # "Back": nothing sold
    assert not tab.cart.terms_bar.isVisible() and tab.complete_dialog is None
    tab.pay_cash_exact()
    tab.controller.release(None)  # the cart changed: the question about its total goes away
    qtbot.waitUntil(lambda: tab.controller.hold is None)
    assert not tab.cart.terms_bar.isVisible() and tab.complete_dialog is None


def test_without_the_terms_setting_neither_path_asks(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOXOFFICE_CONFIRM_TERMS", "off")
    tab = paying(qtbot, ctx, seats=2)
    d = dialog_of(tab)
    assert not d.terms.isVisibleTo(d)
    qtbot.keyClicks(d.cash.tendered, "130")
    assert d.pay_button.isEnabled() and "terms" not in d.problem_label.text()
    d.reject()
    qtbot.waitUntil(lambda: tab.payment_dialog is None)
    tab.pay_cash_exact()
    assert not tab.cart.terms_bar.isVisible() and tab.complete_dialog is not None


def test_part_payments_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    """Ctrl+Plus adds the typed amount as a part payment, Ctrl+Minus takes it back."""
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    qtbot.keyClicks(d.cash.tendered, "50")
    qtbot.keyClick(d.cash.tendered, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert d.tenders.rowCount() == 1
    assert d.remove_button.toolTip().endswith(")") and "Ctrl" in d.remove_button.toolTip()
    qtbot.keyClick(d.cash.tendered, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert d.tenders.rowCount() == 0 and d.remaining() == d.total


def test_cart_and_tender_models_pass_qtmodeltester(
    qtbot: QtBot, ctx: AppContext, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    tab = paying(qtbot, ctx, seats=3)
    qtmodeltester.check(tab.cart.model)
    d = dialog_of(tab)
    d.cash.tendered.setText("20")
    d.add_current()
    d.cash.tendered.setText("30")
    d.add_current()
    assert d.tenders.rowCount() == 2
    qtmodeltester.check(d.tenders)


def test_a_card_fee_shows_when_the_card_tab_is_chosen(qtbot: QtBot, ctx: AppContext) -> None:
    """An event with a fee for card payments only: the total due follows the method."""
    tab = paying(qtbot, ctx)
    d = dialog_of(tab)
    d.method_totals = {"card": Decimal("130.90")}  # as HoldInfo.method_totals would give it
    assert d.total_label.text() == "€130.00"
    d.methods.setCurrentIndex(CARD)
    assert d.total_label.text() == "€130.90"
    assert d.card.remaining == Decimal("130.90")
    d.methods.setCurrentIndex(0)
    assert d.total_label.text() == "€130.00"
    d.reject()
