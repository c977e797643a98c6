"""The clerk's choice beside a refund to the original payment: onto a new gift voucher, when
cancelling (Customers tab) and when exchanging for cheaper seats; the new voucher opens at once
to print, save or mail."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.tender import CashTender
from boxoffice.gui.bookings.exchange_dialog import ExchangeDialog
from boxoffice.gui.context import AppContext
from boxoffice.gui.vouchers.issued_dialog import VoucherIssuedDialog
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from boxoffice.services.sales import catalog, holds, vouchers
from boxoffice.services.sales import purchase as checkout
from tests.gui.conftest import MessageLog
from tests.gui.customers.test_customers import (
    book,
    customers_tab,
    event_id,
    search,
    select_rows,
)

pytestmark = pytest.mark.gui


def test_cancel_tickets_onto_a_new_voucher(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    hana = customers.find_customers(ctx.db, ctx.actor, "hana")[0]
    reference = book(ctx, hana.id, seats=2)  # 2 x Premium 65.00
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "hana")
    panel = tab.bookings
    select_rows(panel.ticket_table, [0])
    qtbot.mouseClick(panel.cancel_tickets_button, Qt.MouseButton.LeftButton)
    option = panel.confirm.option
    assert option.isVisible() and not option.isChecked()  # the original payment by default
    assert "gift voucher" in option.text()
    option.setChecked(True)
    qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    assert any("€65.00 refunded onto a new gift voucher" in m for m in messages.infos)
    detail = bookings.get_booking(ctx.db, ctx.actor, reference)
    [refund] = detail.refunds
    assert refund.method == "voucher" and refund.voucher.startswith("V-")
    dialog = getattr(panel, "voucher_dialog", None)
    assert isinstance(dialog, VoucherIssuedDialog)
    assert refund.voucher in dialog.outcome.text() and "€65.00" in dialog.outcome.text()
    assert dialog.voucher_actions.email.text() == hana.email  # ready to mail to the customer
    assert vouchers.voucher_info(ctx.db, ctx.actor, refund.voucher).balance == Decimal("65.00")
    dialog.grab().save("/tmp/refund-voucher.png")
    dialog.accept()
    # The next cancellation asks again, unticked: the choice is made each time.
    qtbot.mouseClick(panel.cancel_booking_button, Qt.MouseButton.LeftButton)
    assert not panel.confirm.option.isChecked()
    qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    after = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert [r.method for r in after.refunds] == ["voucher", "cash"]


def test_cheaper_exchange_refunds_the_difference_onto_a_voucher(
    qtbot: QtBot, ctx: AppContext
) -> None:
    ivo = customers.find_customers(ctx.db, ctx.actor, "ivo")[0]
    hamlet = event_id(ctx, "Hamlet")
    tiers = {t.name: t.id for t in catalog.get_event(ctx.db, ctx.actor, hamlet).tiers}
    hold = holds.best_available(ctx.db, ctx.actor, hamlet, 1, tiers["Premium"])
    reference = checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        "k-" + str(uuid.uuid4()),
        ivo.id,
    ).reference
    detail = bookings.get_booking(ctx.db, ctx.actor, reference)
    parent = customers_tab(qtbot, ctx)
    dialog = ExchangeDialog(ctx, detail, list(detail.tickets), customer=ivo, parent=parent)
    qtbot.addWidget(dialog)
    assert not dialog.to_voucher.isVisible()
    dialog.show()
    dialog.controller.best_available(1, tiers["Circle"])
    assert "€35.00 is refunded" in dialog.chosen.text()  # quoted by the booking service
    assert dialog.to_voucher.isVisible() and not dialog.to_voucher.isChecked()
    dialog.to_voucher.setChecked(True)
    dialog.exchange()
    after = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert after.total == Decimal("30.00")
    [refund] = after.refunds
    assert refund.method == "voucher" and refund.amount == Decimal("35.00")
    shown = getattr(parent, "voucher_dialog", None)
    assert isinstance(shown, VoucherIssuedDialog) and refund.voucher in shown.outcome.text()
    shown.accept()


def test_a_manager_refunds_by_cash_with_a_reason_a_clerk_has_no_choice(
    qtbot: QtBot,
    ctx: AppContext,
    manager_ctx: AppContext,
    manager_messages: MessageLog,
) -> None:
    from boxoffice.domain.tender import CardTender
    from boxoffice.services.till import open_session

    hana = customers.find_customers(manager_ctx.db, manager_ctx.actor, "hana")[0]
    event = catalog.get_event(manager_ctx.db, manager_ctx.actor, event_id(manager_ctx, "Hamlet"))
    hold = holds.best_available(manager_ctx.db, manager_ctx.actor, event.id, 2, None)
    card = CardTender(hold.total, "4242424242424242", 12, 2035, "123", "Hana Sato")
    reference = checkout.checkout(
        manager_ctx.db, manager_ctx.actor, hold.hold_id, [card], str(uuid.uuid4()), hana.id
    ).reference
    open_session(manager_ctx.db, manager_ctx.actor, {"20": 10})

    clerk_tab = customers_tab(qtbot, ctx)  # the clerk: no "Refund by"
    search(qtbot, clerk_tab, "hana")
    qtbot.mouseClick(clerk_tab.bookings.cancel_booking_button, Qt.MouseButton.LeftButton)
    assert clerk_tab.bookings.confirm.isVisible()
    assert not clerk_tab.bookings.confirm.choice_box.isVisible()
    clerk_tab.bookings.confirm.dismiss()

    tab = customers_tab(qtbot, manager_ctx)
    search(qtbot, tab, "hana")
    panel = tab.bookings
    assert panel.detail is not None and panel.detail.reference == reference
    select_rows(panel.ticket_table, [0])
    qtbot.mouseClick(panel.cancel_tickets_button, Qt.MouseButton.LeftButton)
    confirm = panel.confirm
    assert confirm.choice_box.isVisible() and confirm.choice.currentIndex() == 0
    confirm.choice.setCurrentIndex(1)
    qtbot.mouseClick(confirm.yes, Qt.MouseButton.LeftButton)  # no reason yet: it waits
    assert confirm.isVisible()
    qtbot.keyClicks(confirm.reason, "card expired")
    confirm.grab().save("/tmp/refunds-confirm.png")
    qtbot.mouseClick(confirm.yes, Qt.MouseButton.LeftButton)
    assert manager_messages.errors == []
    detail = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    assert [(r.method, r.reason) for r in detail.refunds] == [("cash", "card expired")]
