"""The Sell tab against the demo database: map clicks, best N, GA, live refresh, expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.clock import utcnow
from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.context import AppContext
from boxoffice.gui.sale.cart_model import PRICE, QTY, TIER
from boxoffice.services.sales import catalog, holds
from tests.gui.conftest import MessageLog, sign_in
from tests.gui.sale.sale_support import available_seats, click_seat, open_event, sell_tab

pytestmark = pytest.mark.gui


def test_clicking_seats_holds_them_and_fills_the_cart(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    assert tab.map_stack.currentWidget() is not tab.ga_panel
    first, second = available_seats(tab, 2, "Premium")
    click_seat(qtbot, tab, first)
    click_seat(qtbot, tab, second)
    hold = tab.controller.hold
    assert hold is not None and set(hold.seat_ids) == {first, second}
    # One hold for both clicks, seen by the service too.
    assert holds.get_hold(ctx.db, ctx.actor, hold.hold_id) is not None
    cart = tab.cart.model
    assert [cart.index(r, TIER).data() for r in range(cart.rowCount())] == ["Premium", "Premium"]
    assert [cart.index(r, PRICE).data() for r in range(cart.rowCount())] == ["€65.00", "€65.00"]
    assert tab.cart.total_label.text() == "€130.00"
    assert tab.cart.countdown.text().startswith("Seats held for 9:") or "10:00" in (
        tab.cart.countdown.text()
    )
    assert tab.seat_map.state(first) is SeatState.HELD_MINE
    assert tab.seat_map.selected_ids() == []  # selection only shows seats on their way in
    # Clicking a held seat gives it back.
    click_seat(qtbot, tab, first)
    assert tab.controller.hold is not None and tab.controller.hold.seat_ids == (second,)
    assert tab.seat_map.state(first) is SeatState.AVAILABLE
    assert tab.cart.total_label.text() == "€65.00"


def test_rubber_band_holds_every_available_seat_inside(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    a, b = available_seats(tab, 2)
    pa, pb = tab.seat_map.seat_view_pos(a), tab.seat_map.seat_view_pos(b)
    assert pa is not None and pb is not None
    viewport = tab.seat_map.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=pa - pa.__class__(6, 6))
    qtbot.mouseMove(viewport, pos=pb + pb.__class__(6, 6))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pb + pb.__class__(6, 6))
    hold = tab.controller.hold
    assert hold is not None and {a, b} <= set(hold.seat_ids)


def test_best_n_seats_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    assert tab.best.quantity.hasFocus()  # choosing the event moves to the quantity
    qtbot.keyClicks(tab.best.quantity, "3")
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_Return)
    hold = tab.controller.hold
    assert hold is not None and hold.quantity == 3
    assert {line.tier_name for line in hold.lines} == {"Premium"}  # best zone first
    rows = {line.label.rsplit(" ", 1)[1][0] for line in hold.lines}
    assert len(rows) == 1  # side by side in one row
    assert tab.cart.total_label.text() == "€195.00"


def test_best_n_seats_in_a_chosen_tier(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.best.tier.setCurrentIndex(tab.best.tier.findText("Circle — €30.00"))
    tab.best.quantity.setValue(4)
    qtbot.mouseClick(tab.best.button, Qt.MouseButton.LeftButton)
    hold = tab.controller.hold
    assert hold is not None and [line.tier_name for line in hold.lines] == ["Circle"] * 4
    assert hold.total == Decimal("120.00")


def test_general_admission_sells_a_tier_and_quantity(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Indie Showcase")
    assert tab.map_stack.currentWidget() is tab.ga_panel
    assert tab.best.button.text() == "Add places"
    assert tab.best.tier.currentText().startswith("Standing — €22.00")
    qtbot.keyClicks(tab.best.quantity, "2")
    qtbot.keyClick(tab.best.quantity, Qt.Key.Key_Return)
    hold = tab.controller.hold
    assert hold is not None and hold.quantity == 2 and hold.seat_ids == ()
    assert tab.cart.model.index(0, 0).data() == "General admission"
    assert tab.cart.model.index(0, QTY).data() == "2"
    assert tab.cart.total_label.text() == "€44.00"


def test_another_desks_hold_shows_up_within_a_poll(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    (seat,) = available_seats(tab, 1)
    other = sign_in(ctx.db, "clerk2")
    event_id = tab.controller.event_detail.id  # type: ignore[union-attr]
    holds.hold_seats(ctx.db, other, event_id, [seat])
    assert tab.seat_map.state(seat) is SeatState.AVAILABLE  # not yet polled
    assert tab.controller.poller.active
    qtbot.waitUntil(lambda: tab.seat_map.state(seat) is SeatState.HELD_OTHER, timeout=3000)
    assert seat in tab.seat_map.flashing_ids()  # other desks' changes flash briefly


def test_a_poll_is_skipped_while_the_previous_fetch_runs(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    poller = tab.controller.poller
    poller.busy = True  # a fetch still out
    polls = poller.polls
    poller.tick()
    assert poller.polls == polls and poller.skipped == 1
    poller.busy = False
    poller.tick()
    assert poller.polls == polls + 1


def test_taken_seat_gives_a_clear_message_and_keeps_the_cart(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    mine, contested = available_seats(tab, 2)
    click_seat(qtbot, tab, mine)
    # The other desk wins before this desk's next poll (no event loop runs in between).
    event_id = tab.controller.event_detail.id  # type: ignore[union-attr]
    holds.hold_seats(ctx.db, sign_in(ctx.db, "clerk2"), event_id, [contested])
    assert tab.seat_map.state(contested) is SeatState.AVAILABLE
    click_seat(qtbot, tab, contested)
    assert "no longer available" in messages.warnings[-1]
    assert tab.controller.hold is not None and tab.controller.hold.seat_ids == (mine,)
    assert tab.seat_map.state(contested) is SeatState.HELD_OTHER


def test_hold_expiry_warns_then_releases_and_offers_to_hold_again(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    seats = available_seats(tab, 2)
    for seat in seats:
        click_seat(qtbot, tab, seat)
    hold = tab.controller.hold
    assert hold is not None
    countdown = tab.countdown
    countdown.now = lambda: hold.expires_at - timedelta(seconds=45)
    countdown.update()
    assert tab.cart.countdown.text() == "Seats held for 0:45"
    assert tab.cart.countdown.property("level") == "warning"
    assert any("held for only 0:45" in w for w in messages.warnings)
    countdown.now = lambda: hold.expires_at + timedelta(seconds=1)
    countdown.update()
    assert tab.controller.hold is None
    assert "expired" in tab.cart.countdown.text()
    assert tab.cart.hold_again.isVisible() and not tab.cart.cash_button.isEnabled()
    assert tab.cart.model.rowCount() == 2  # the lapsed lines stay on show, greyed
    # Released in the database at once, not only when the hold time passes.
    event_id = hold.event_id
    states = catalog.seat_map(ctx.db, sign_in(ctx.db, "clerk2"), event_id).states
    assert all(states[s] is SeatState.AVAILABLE for s in seats)
    countdown.now = utcnow  # back to real time for the new hold
    qtbot.mouseClick(tab.cart.hold_again, Qt.MouseButton.LeftButton)
    again = tab.controller.hold
    assert again is not None and set(again.seat_ids) == set(seats)
    assert again.hold_id != hold.hold_id
    assert not tab.cart.hold_again.isVisible() and tab.cart.cash_button.isEnabled()


def test_release_button_gives_everything_back(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    hold = tab.controller.hold
    assert hold is not None
    qtbot.mouseClick(tab.cart.release_button, Qt.MouseButton.LeftButton)
    assert tab.controller.hold is None
    assert holds.get_hold(ctx.db, ctx.actor, hold.hold_id) is None
    assert tab.cart.empty.isVisible() and tab.cart.total_label.text() == "€0.00"


def test_switching_event_releases_the_old_hold(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.best.submit()
    hold = tab.controller.hold
    assert hold is not None
    open_event(qtbot, tab, "The Nutcracker")
    assert tab.controller.hold is None
    assert "Released the 2 seats held for Hamlet." in messages.infos
    assert holds.get_hold(ctx.db, ctx.actor, hold.hold_id) is None


def test_threaded_desk_holds_best_seats_without_blocking(
    qtbot: QtBot, threaded_ctx: AppContext
) -> None:
    tab = sell_tab(qtbot, threaded_ctx)
    qtbot.waitUntil(lambda: tab.browser.model.rowCount() > 0, timeout=10_000)
    qtbot.keyClicks(tab.browser.filters.search, "Polar")
    qtbot.keyClick(tab.browser.filters.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.controller.seat_map is not None, timeout=10_000)
    assert tab.seat_map.seat_map() is not None  # 5,000-seat arena drawn
    tab.best.quantity.setValue(4)
    tab.best.submit()
    assert tab.controller.busy  # the hold is on the writer thread
    qtbot.waitUntil(lambda: tab.controller.hold is not None, timeout=10_000)
    hold = tab.controller.hold
    assert hold is not None and hold.quantity == 4
    assert {line.tier_name for line in hold.lines} == {"Floor"}
    qtbot.waitUntil(
        lambda: all(tab.seat_map.state(s) is SeatState.HELD_MINE for s in hold.seat_ids),
        timeout=5000,
    )
    tab.shutdown()


def test_share_the_chosen_event_by_e_mail(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    share = tab.actions_by_name["share"]
    assert not share.isEnabled()  # nothing to share before an event is chosen
    open_event(qtbot, tab, "Hamlet")
    assert share.isEnabled() and tab.share_button.isEnabled()
    qtbot.mouseClick(tab.share_button, Qt.MouseButton.LeftButton)
    dialog = tab.share_dialog
    assert dialog is not None and dialog.event_id == tab.controller.event_detail.id  # type: ignore[attr-defined, union-attr]
    assert "Hamlet" in dialog.heading.text()  # type: ignore[attr-defined]


def test_a_failing_poll_is_reported_once_not_every_second(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    poller = tab.controller.poller
    poller.event_id = 987654  # an event the server no longer knows: every poll fails alike
    poller.version = -1
    for _ in range(3):
        poller.fetch_now()
    assert len(messages.errors) == 1
