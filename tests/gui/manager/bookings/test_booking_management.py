"""Bookings tab (managers): search with paging, details, cancel, reassign seats, resend e-mail."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import SeatState
from boxoffice.domain.tender import CashTender
from boxoffice.gui.bookings.exchange_dialog import ExchangeDialog
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.bookings import BookingsTab
from boxoffice.gui.manager.bookings.results_model import PAGE, BookingResults
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.mail import outbox
from boxoffice.services.people import customers
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.gui.conftest import MessageLog, sign_in
from tests.services.reports.test_reports_support import demo_ids, sell

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot: QtBot, manager_ctx: AppContext) -> BookingsTab:
    widget = BookingsTab(manager_ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    return widget


def _book(ctx: AppContext, customer: str, title: str = "Hamlet", seats: int = 3) -> str:
    """A paid seated booking for a demo customer, made through the services."""
    who = customers.find_customers(ctx.db, ctx.actor, customer)[0]
    event = next(
        e for e in catalog.search_events(ctx.db, ctx.actor, catalog.EventQuery(text=title))
    )
    hold = holds.best_available(ctx.db, ctx.actor, event.id, seats, None)
    return checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        str(uuid.uuid4()),
        who.id,
    ).reference


def _open(tab: BookingsTab, reference: str) -> None:
    tab.text.setText(reference)
    tab.search()
    assert tab.results.rows[0].reference == reference
    assert tab.detail.detail is not None and tab.detail.detail.reference == reference


def _select_tickets(tab: BookingsTab, rows: list[int]) -> None:
    selection = tab.detail.ticket_view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            tab.detail.tickets.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_results_model_passes_the_model_tester(
    qtmodeltester: ModelTester, manager_ctx: AppContext
) -> None:
    def fetch(offset: int, limit: int, deliver: Callable[[list[Any]], None]) -> None:
        deliver(
            bookings.search_bookings(
                manager_ctx.db, manager_ctx.actor, "", None, None, offset, limit
            )
        )

    model = BookingResults(fetch)
    model.search()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 88 and model.exhausted


def test_search_by_text_event_and_status(tab: BookingsTab, manager_ctx: AppContext) -> None:
    assert tab.count.text() == "88 bookings"
    assert tab.detail.detail is not None  # the newest is opened at once
    tab.text.setText("alice")
    tab.search()
    assert tab.results.rows and all(r.customer_name == "Alice Martin" for r in tab.results.rows)
    reference = tab.results.rows[0].reference
    tab.text.setText(reference.lower().replace("-", ""))  # as a clerk types it
    tab.search()
    assert [r.reference for r in tab.results.rows] == [reference]
    tab.text.clear()
    tab.status.setCurrentIndex(tab.status.findData("cancelled"))
    assert tab.results.rows and all(r.status == "cancelled" for r in tab.results.rows)
    hamlet = demo_ids(manager_ctx.db).events["Hamlet"]
    tab.event_box.setCurrentIndex(tab.event_box.findData(hamlet))
    expected = bookings.search_bookings(manager_ctx.db, manager_ctx.actor, "", hamlet, "cancelled")
    assert tab.results.rows == expected


def test_typing_searches_after_a_pause(qtbot: QtBot, tab: BookingsTab) -> None:
    with qtbot.waitSignal(tab.results.loaded, timeout=3000):
        qtbot.keyClicks(tab.text, "bruno")
    assert tab.results.rows and all(r.customer_name == "Bruno Costa" for r in tab.results.rows)


def test_results_come_a_page_at_a_time(qtbot: QtBot, manager_ctx: AppContext) -> None:
    demo = demo_ids(manager_ctx.db)
    hamlet = demo.events["Hamlet"]
    tier = demo.tiers[(hamlet, "Circle")]
    at = datetime.now(UTC) - timedelta(days=1)
    for _ in range(PAGE + 20):
        sell(manager_ctx.db, hamlet, [tier], demo.clerk.user_id or 0, at)
    widget = BookingsTab(manager_ctx)
    qtbot.addWidget(widget)
    widget.event_box.setCurrentIndex(widget.event_box.findData(hamlet))
    total = len(bookings.search_bookings(manager_ctx.db, manager_ctx.actor, "", hamlet, limit=1000))
    assert widget.results.rowCount() == PAGE and widget.results.canFetchMore()
    assert widget.count.text() == f"{PAGE} bookings (scroll for more)"
    widget.table.scrollToBottom()
    widget.results.fetchMore()
    assert widget.results.rowCount() == total and not widget.results.canFetchMore()


def test_a_page_for_an_old_search_is_dropped(manager_ctx: AppContext) -> None:
    pending: list[Callable[[], None]] = []

    def fetch(offset: int, limit: int, deliver: Callable[[list[Any]], None]) -> None:
        rows = bookings.search_bookings(
            manager_ctx.db, manager_ctx.actor, "", None, None, offset, limit
        )
        pending.append(lambda: deliver(rows))

    model = BookingResults(fetch)
    model.search()
    model.search()  # the manager typed again before the first answer
    first, second = pending
    first()
    assert model.rowCount() == 0 and model.loading
    second()
    assert model.rowCount() == 88


def test_details_show_tickets_and_money(tab: BookingsTab, manager_ctx: AppContext) -> None:
    reference = _book(manager_ctx, "gustav", seats=2)
    bookings.cancel_tickets(
        manager_ctx.db,
        manager_ctx.actor,
        reference,
        [bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference).tickets[0].id],
        "seat broken",
    )
    _open(tab, reference)
    panel = tab.detail
    assert panel.reference.text() == reference and panel.status.text() == "confirmed"
    assert panel.fact_labels["Customer"].text() == "Gustav Berg"
    assert panel.fact_labels["Sold by"].text().startswith("manager at test-desk")
    assert [t.status for t in panel.tickets.records] == ["cancelled", "valid"]
    money = [(m.kind, m.method, m.amount, m.note) for m in panel.money.records]
    assert money[0][:2] == ("Payment", "Cash") and money[1][0] == "Refund"
    assert money[1][2] < 0 and money[1][3] == "seat broken"


def test_cancel_a_whole_booking(
    tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    reference = _book(manager_ctx, "hana", seats=2)
    detail = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    seats = [t.seat_id for t in detail.tickets]
    _open(tab, reference)
    tab.detail.cancel_booking_button.click()
    assert tab.detail.confirm.isVisibleTo(tab)
    assert tab.detail.confirm.yes.text() == f"Refund {format_money(detail.paid)} and cancel booking"
    tab.detail.confirm.reason.setText("customer called")
    tab.detail.confirm.yes.click()
    assert manager_messages.infos == [
        f"{reference}: cancelled, {tab.detail.fact_labels['Total'].text().split(' ·')[0]} refunded."
    ]
    assert tab.detail.detail is not None and tab.detail.detail.status == "cancelled"
    assert tab.results.rows[0].status == "cancelled" and tab.results.rows[0].ticket_count == 0
    row = tab.results.rows[0]
    assert (row.sold, row.cancelled, row.net_total) == (2, 2, Decimal("0.00"))
    assert not tab.detail.cancel_booking_button.isEnabled()
    states = catalog.seat_map(manager_ctx.db, manager_ctx.actor, detail.event_id).states
    assert all(states[s] is SeatState.AVAILABLE for s in seats if s is not None)


def test_cancel_some_tickets(
    tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    reference = _book(manager_ctx, "ivo", seats=3)
    _open(tab, reference)
    assert not tab.detail.cancel_tickets_button.isEnabled()
    _select_tickets(tab, [0, 2])
    assert tab.detail.cancel_tickets_button.isEnabled()
    tab.detail.cancel_tickets_button.click()
    assert "Cancel 2 tickets" in tab.detail.confirm.question.text()
    assert tab.detail.confirm.yes.text().startswith("Refund €")
    assert tab.detail.confirm.yes.text().endswith(" and cancel")
    tab.detail.confirm.yes.click()
    after = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    assert [t.status for t in after.tickets] == ["cancelled", "valid", "cancelled"]
    assert manager_messages.infos[0].startswith(f"{reference}: 2 tickets cancelled, €")
    assert tab.results.rows[0].ticket_count == 1
    model = tab.results
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = {h: model.index(0, c).data() for c, h in enumerate(headers)}
    # Sold / checked in / cancelled and the net total, not "1 ticket" beside the full total.
    assert (row["Sold"], row["Checked in"], row["Cancelled"]) == ("3", "0", "2")
    assert tab.detail.fact_labels["Total"].text().endswith("3 sold, 0 checked in, 2 cancelled")
    refunded = sum((r.amount for r in after.refunds), Decimal("0.00"))
    assert row["Net total"] == format_money(after.total - refunded) != row["Total"]


def test_reassign_seats_on_the_map(
    qtbot: QtBot, tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    reference = _book(manager_ctx, "jade", seats=2)
    old = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    _open(tab, reference)
    _select_tickets(tab, [1])
    assert tab.detail.reassign_button.isEnabled()
    tab.detail.reassign_button.click()
    dialog = tab.exchange_dialog
    assert isinstance(dialog, ExchangeDialog)
    qtbot.waitUntil(lambda: dialog.seat_map.seat_map() is not None)
    seat_map = dialog.seat_map.seat_map()
    assert seat_map is not None
    same_tier = next(t for t in old.tickets if t.id == old.tickets[1].id).tier
    tier_id = next(t.id for t in seat_map.tiers if t.name == same_tier)
    target = next(
        s.seat_id
        for s in reversed(seat_map.seats)
        if s.tier_id == tier_id and seat_map.states[s.seat_id] is SeatState.AVAILABLE
    )
    dialog.controller.toggle_seat(target)
    qtbot.mouseClick(dialog.exchange_button, Qt.MouseButton.LeftButton)
    new = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    valid = {t.seat_id for t in new.tickets if t.status == "valid"}
    assert target in valid and old.tickets[1].seat_id not in valid
    assert tab.detail.detail == new
    assert f"{reference}: seats reassigned." in manager_messages.infos


def test_resend_confirmation_queues_an_email(
    tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    reference = _book(manager_ctx, "alice", seats=1)
    admin = sign_in(manager_ctx.db, "admin")
    before = len(outbox.list_messages(manager_ctx.db, admin, limit=1000))
    _open(tab, reference)
    tab.detail.resend_button.click()
    assert manager_messages.infos == [f"{reference}: confirmation queued for alice@example.com."]
    tab.detail.resend_to.setText("box-office@example.org")
    tab.detail.resend_button.click()
    assert (
        manager_messages.infos[-1]
        == f"{reference}: confirmation queued for box-office@example.org."
    )
    queued = outbox.list_messages(manager_ctx.db, admin, limit=1000)
    assert len(queued) == before + 2
    assert {m.to_addr for m in queued[:2]} == {"alice@example.com", "box-office@example.org"}
    tab.detail.resend_to.setText("not an address")
    tab.detail.resend_button.click()
    assert manager_messages.errors and "address" in manager_messages.errors[-1].lower()


def test_a_walk_in_booking_needs_an_address_to_resend(
    tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    demo = demo_ids(manager_ctx.db)
    hamlet = demo.events["Hamlet"]
    booking_id, _ = sell(
        manager_ctx.db,
        hamlet,
        [demo.tiers[(hamlet, "Circle")]],
        demo.clerk.user_id or 0,
        datetime.now(UTC),
    )
    reference = next(
        r.reference
        for r in bookings.search_bookings(manager_ctx.db, manager_ctx.actor, "", hamlet)
        if r.id == booking_id
    )
    _open(tab, reference)
    assert tab.detail.fact_labels["Customer"].text() == "no customer (walk-in)"
    tab.detail.resend_button.click()
    assert manager_messages.errors == ["This booking has no customer e-mail address; enter one."]


def test_a_clerk_cannot_search_every_booking(
    qtbot: QtBot, make_ctx: Callable[..., AppContext]
) -> None:
    ctx = make_ctx("clerk")
    messages = MessageLog()
    messages.attach(ctx.messages)
    widget = BookingsTab(ctx)
    qtbot.addWidget(widget)
    assert widget.results.rows == [] and "not allowed" in messages.errors[0]


def test_a_manager_cancels_onto_a_new_gift_voucher(
    tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    from boxoffice.gui.vouchers.issued_dialog import VoucherIssuedDialog
    from boxoffice.services.sales import vouchers

    reference = _book(manager_ctx, "jade", seats=2)
    detail = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    _open(tab, reference)
    tab.detail.cancel_booking_button.click()
    assert tab.detail.confirm.option.isVisibleTo(tab)
    tab.detail.confirm.option.setChecked(True)
    tab.detail.confirm.yes.click()
    paid = format_money(detail.paid)
    assert manager_messages.infos == [
        f"{reference}: cancelled, {paid} refunded onto a new gift voucher."
    ]
    after = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    assert {r.method for r in after.refunds} == {"voucher"}
    [number] = {r.voucher for r in after.refunds}
    info = vouchers.voucher_info(manager_ctx.db, manager_ctx.actor, number)
    assert info.balance == detail.paid
    shown = getattr(tab, "voucher_dialog", None)
    assert isinstance(shown, VoucherIssuedDialog) and number in shown.outcome.text()
    shown.accept()


def test_a_manager_refunds_a_card_booking_in_cash_with_a_reason(
    qtbot: QtBot, tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    from boxoffice.domain.tender import CardTender
    from boxoffice.gui.manager.bookings.detail_panel import BookingDetailPanel
    from boxoffice.services.till import open_session

    who = customers.find_customers(manager_ctx.db, manager_ctx.actor, "hana")[0]
    event = next(
        e
        for e in catalog.search_events(
            manager_ctx.db, manager_ctx.actor, catalog.EventQuery(text="Hamlet")
        )
    )
    hold = holds.best_available(manager_ctx.db, manager_ctx.actor, event.id, 2, None)
    card = CardTender(hold.total, "4242424242424242", 12, 2035, "123", "Hana Sato")
    reference = checkout.checkout(
        manager_ctx.db, manager_ctx.actor, hold.hold_id, [card], str(uuid.uuid4()), who.id
    ).reference
    open_session(manager_ctx.db, manager_ctx.actor, {"20": 10})
    _open(tab, reference)
    tab.detail.cancel_booking_button.click()
    confirm = tab.detail.confirm
    assert confirm.choice_box.isVisibleTo(tab) and confirm.choice.count() == 2
    confirm.choice.setCurrentIndex(1)  # cash from this till
    assert "required" in confirm.reason.placeholderText()
    confirm.yes.click()  # no reason: nothing happens, the bar waits for one
    assert confirm.isVisibleTo(tab) and manager_messages.infos == []
    confirm.reason.setText("card reported stolen")
    confirm.yes.click()
    after = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    assert after.status == "cancelled"
    assert {r.method for r in after.refunds} == {"cash"}
    assert sum(r.amount for r in after.refunds) == hold.total
    assert manager_messages.errors == []
    tab.grab().save("/tmp/refunds-override.png")
    clerk_panel = BookingDetailPanel()  # a clerk's (no MANAGE_BOOKINGS): no "Refund by"
    qtbot.addWidget(clerk_panel)
    clerk_panel.show_detail(bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference))
    clerk_panel.ask_cancel_booking()
    assert clerk_panel.confirm.isVisibleTo(clerk_panel)
    assert not clerk_panel.confirm.choice_box.isVisibleTo(clerk_panel)
