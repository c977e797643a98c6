"""The Customers tab: find/create, saved cards (last four only), bookings with cancel,
exchange and reprint, and "sell to this customer"."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import SeatState
from boxoffice.domain.tender import CashTender
from boxoffice.gui.bookings.exchange_dialog import ExchangeDialog
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.tab import CustomersTab
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.sales.catalog import EventQuery
from tests.gui.conftest import MessageLog

pytestmark = pytest.mark.gui


def customers_tab(qtbot: QtBot, ctx: AppContext) -> CustomersTab:
    tab = CustomersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 850)
    tab.show()
    return tab


def search(qtbot: QtBot, tab: CustomersTab, text: str) -> None:
    tab.search.edit.clear()
    qtbot.keyClicks(tab.search.edit, text)
    tab.search.search_now()


def event_id(ctx: AppContext, title: str) -> int:
    return next(e.id for e in catalog.search_events(ctx.db, ctx.actor, EventQuery(text=title)))


def book(ctx: AppContext, customer_id: int, title: str = "Hamlet", seats: int = 2) -> str:
    """A paid booking for the customer, made through the services (as another sale would)."""
    event = catalog.get_event(ctx.db, ctx.actor, event_id(ctx, title))
    if event.general_admission:
        tier = min(event.tiers, key=lambda t: t.sort_order)
        hold = holds.hold_general_admission(ctx.db, ctx.actor, event.id, tier.id, seats)
    else:
        hold = holds.best_available(ctx.db, ctx.actor, event.id, seats, None)
    result = checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        str(uuid.uuid4()),
        customer_id,
    )
    return result.reference


def select_rows(table, rows: list[int]) -> None:  # type: ignore[no-untyped-def]
    model = table.model()
    selection = table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_find_by_name_email_or_phone(qtbot: QtBot, ctx: AppContext, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "alice")
    assert [c.name for c in tab.search.model.records] == ["Alice Martin"]
    assert tab.name_label.text() == "Alice Martin"  # the first match is shown at once
    assert "alice@example.com" in tab.contact_label.text()
    search(qtbot, tab, "7946 0002")
    assert [c.name for c in tab.search.model.records] == ["Bruno Costa"]
    search(qtbot, tab, "example.com")
    assert tab.search.model.rowCount() == 10
    qtmodeltester.check(tab.search.model)
    search(qtbot, tab, "")
    assert tab.search.model.rowCount() == 0 and tab.customer is None
    assert "Type a name" in tab.search.status.text()


def test_create_a_customer_and_sell_to_them(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx, "demo")
    qtbot.addWidget(window)
    window.show()
    window.show_tab("customers")
    tab = window.pages["customers"]
    assert isinstance(tab, CustomersTab)
    search(qtbot, tab, "Zoe Quinn")
    assert tab.search.model.rowCount() == 0
    tab.new_customer()
    dialog = tab.editor
    assert dialog is not None and dialog.name.text() == "Zoe Quinn"  # what was searched
    qtbot.keyClicks(dialog.email, "not-an-email")
    dialog.save()
    assert dialog.error.isVisible()  # the service's message, dialog stays
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "zoe@example.com")
    dialog.save()
    assert tab.customer is not None and tab.customer.name == "Zoe Quinn"
    assert customers.find_customers(ctx.db, ctx.actor, "zoe@example.com")[0].id == tab.customer.id
    qtbot.mouseClick(tab.sell_button, Qt.MouseButton.LeftButton)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Sell"
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    assert sell.controller.customer.id == tab.customer.id
    assert "Zoe Quinn" in sell.cart.customer_label.text()


def test_saved_cards_show_last_four_only(qtbot: QtBot, ctx: AppContext) -> None:
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "chiara")
    tab.cards.add_card()
    dialog = tab.cards.add_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.number, "4242424242424241")
    dialog.expiry.setText("09/31")
    dialog.save()
    assert "not valid" in dialog.error.text()
    dialog.number.set_digits("5555555555554444")
    dialog.default.setChecked(True)
    dialog.save()
    assert tab.cards.model.rowCount() == 1
    row = [tab.cards.model.index(0, c).data() for c in range(4)]
    assert row == ["Mastercard •••• 4444", "09/31", "Chiara Rossi", "default"]
    second = cards.add_card(ctx.db, ctx.actor, tab.customer.id, "4242424242424242", 1, 2032, "C R")
    tab.cards.reload()
    select_rows(tab.cards.table, [[c.id for c in tab.cards.model.records].index(second.id)])
    qtbot.mouseClick(tab.cards.default_button, Qt.MouseButton.LeftButton)
    defaults = {c.last4: c.is_default for c in cards.list_cards(ctx.db, ctx.actor, tab.customer.id)}
    assert defaults == {"4444": False, "4242": True}
    select_rows(tab.cards.table, [0])
    qtbot.mouseClick(tab.cards.remove_button, Qt.MouseButton.LeftButton)
    assert tab.cards.model.rowCount() == 1


def test_bookings_cancel_some_tickets_then_the_rest(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    dmitri = customers.find_customers(ctx.db, ctx.actor, "dmitri")[0]
    reference = book(ctx, dmitri.id, seats=3)
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "dmitri")
    panel = tab.bookings
    assert panel.bookings.records[0].reference == reference  # newest first, selected
    assert panel.detail is not None and panel.detail.reference == reference
    assert panel.tickets.rowCount() == 3
    assert not panel.cancel_tickets_button.isEnabled()  # nothing selected yet
    select_rows(panel.ticket_table, [0])
    qtbot.mouseClick(panel.cancel_tickets_button, Qt.MouseButton.LeftButton)
    assert panel.confirm.isVisible() and "refund €65.00" in panel.confirm.question.text()
    # Named by what it does, not a second "Cancel tickets" beside the one that asked.
    assert panel.confirm.yes.text() == "Refund €65.00 and cancel"
    qtbot.keyClicks(panel.confirm.reason, "changed plans")
    qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    assert any("€65.00 refunded" in m for m in messages.infos)
    detail = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert [t.status for t in detail.tickets].count("cancelled") == 1
    assert [t.status for t in panel.detail.tickets] == [t.status for t in detail.tickets]
    qtbot.mouseClick(panel.cancel_booking_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm.no, Qt.MouseButton.LeftButton)  # backs out: nothing happens
    assert bookings.get_booking(ctx.db, ctx.actor, reference).status == "confirmed"
    qtbot.mouseClick(panel.cancel_booking_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    assert bookings.get_booking(ctx.db, ctx.actor, reference).status == "cancelled"
    assert not panel.cancel_booking_button.isEnabled()


def test_find_any_booking_by_reference(qtbot: QtBot, ctx: AppContext) -> None:
    emma = customers.find_customers(ctx.db, ctx.actor, "emma")[0]
    reference = book(ctx, emma.id, title="Indie Showcase", seats=2)
    tab = customers_tab(qtbot, ctx)
    qtbot.keyClicks(tab.bookings.reference, reference.lower().replace("-", " "))
    qtbot.keyClick(tab.bookings.reference, Qt.Key.Key_Return)
    assert tab.bookings.detail is not None and tab.bookings.detail.reference == reference
    assert tab.bookings.tickets.index(0, 0).data() == "Standing"
    assert not tab.bookings.exchange_button.isEnabled()  # nothing to move for GA


def test_exchange_seats_at_the_same_price(qtbot: QtBot, ctx: AppContext) -> None:
    farah = customers.find_customers(ctx.db, ctx.actor, "farah")[0]
    reference = book(ctx, farah.id, seats=2)
    old = bookings.get_booking(ctx.db, ctx.actor, reference)
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "farah")
    panel = tab.bookings
    select_rows(panel.ticket_table, [0])
    assert panel.exchange_button.isEnabled()
    qtbot.mouseClick(panel.exchange_button, Qt.MouseButton.LeftButton)
    dialog = panel.exchange_dialog
    assert isinstance(dialog, ExchangeDialog)
    qtbot.waitUntil(lambda: dialog.seat_map.seat_map() is not None)
    premium = next(t.id for t in dialog.seat_map.tiers() if t.name == "Premium")
    seat_map = dialog.seat_map.seat_map()
    assert seat_map is not None
    target = next(
        s.seat_id
        for s in seat_map.seats
        if s.tier_id == premium and seat_map.states[s.seat_id] is SeatState.AVAILABLE
    )
    assert not dialog.exchange_button.isEnabled()
    dialog.controller.toggle_seat(target)  # what a click on the map asks for
    assert dialog.exchange_button.isEnabled()
    assert "same price" in dialog.chosen.text()
    qtbot.mouseClick(dialog.exchange_button, Qt.MouseButton.LeftButton)
    new = bookings.get_booking(ctx.db, ctx.actor, reference)
    valid = {t.seat_id for t in new.tickets if t.status == "valid"}
    assert target in valid and old.tickets[0].seat_id not in valid
    assert new.total == old.total == Decimal("130.00")
    assert not dialog.isVisible()


def test_exchange_to_dearer_seats_takes_the_difference(qtbot: QtBot, ctx: AppContext) -> None:
    gustav = customers.find_customers(ctx.db, ctx.actor, "gustav")[0]
    hamlet = event_id(ctx, "Hamlet")
    circle = next(
        t.id for t in catalog.get_event(ctx.db, ctx.actor, hamlet).tiers if t.name == "Circle"
    )
    hold = holds.best_available(ctx.db, ctx.actor, hamlet, 1, circle)
    reference = checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        "k-" + str(uuid.uuid4()),
        gustav.id,
    ).reference
    detail = bookings.get_booking(ctx.db, ctx.actor, reference)
    dialog = ExchangeDialog(ctx, detail, list(detail.tickets), customer=gustav)
    qtbot.addWidget(dialog)
    dialog.controller.best_available(
        1,
        next(
            t.id for t in catalog.get_event(ctx.db, ctx.actor, hamlet).tiers if t.name == "Premium"
        ),
    )
    assert "pays €35.00 more" in dialog.chosen.text()
    dialog.exchange()
    pay = dialog.payment_dialog
    assert pay is not None and pay.total == Decimal("35.00")
    pay.cash.tendered.setText("40")
    pay.terms.setChecked(True)
    assert pay.cash.change_label.text() == "€5.00"
    pay.pay()
    after = bookings.get_booking(ctx.db, ctx.actor, reference)
    assert after.total == Decimal("65.00")
    assert sum(p.amount for p in after.payments) == Decimal("65.00")


def test_reprint_asks_for_a_printer_when_none_is_set_up(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    ivo = customers.find_customers(ctx.db, ctx.actor, "ivo")[0]
    book(ctx, ivo.id, seats=1)
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "ivo")
    assert tab.bookings.reprint_button.isEnabled()
    qtbot.mouseClick(tab.bookings.reprint_button, Qt.MouseButton.LeftButton)
    assert messages.errors == []


def test_bookings_list_sold_checked_in_cancelled_and_net_total(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """Not a count of valid tickets: 3 sold, 1 checked in, 1 cancelled, net of the refund."""
    from boxoffice.services.tickets import checkin
    from boxoffice.services.tickets.codes import ticket_code

    dmitri = customers.find_customers(ctx.db, ctx.actor, "dmitri")[0]
    reference = book(ctx, dmitri.id, seats=3)
    sold = bookings.get_booking(ctx.db, ctx.actor, reference)
    first, second = sold.tickets[:2]
    code = ticket_code(first.id, sold.event_id, first.seat_id, 1)
    assert checkin.check_in(ctx.db, ctx.actor, code, sold.event_id).ok
    refund = bookings.cancel_tickets(ctx.db, ctx.actor, reference, [second.id])
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "dmitri")
    model = tab.bookings.bookings
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = {h: model.index(0, c).data() for c, h in enumerate(headers)}
    assert row["Reference"] == reference
    assert (row["Sold"], row["Checked in"], row["Cancelled"]) == ("3", "1", "1")
    assert row["Net total"] == format_money(sold.total - refund)
