"""The event browser: paged model (qtmodeltester), search as you type and every filter, against
the demo events on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.clock import utcnow
from boxoffice.gui.context import AppContext
from boxoffice.gui.events.browser import EventBrowser
from boxoffice.gui.events.model import EVENT_ROLE, SEATS, EventTableModel
from boxoffice.services.sales.catalog import EventQuery

pytestmark = pytest.mark.gui

DEMO_EVENTS = 12


def browser(qtbot: QtBot, ctx: AppContext) -> EventBrowser:
    widget = EventBrowser(ctx)
    qtbot.addWidget(widget)
    return widget


def titles(widget: EventBrowser) -> list[str]:
    proxy = widget.proxy
    return [proxy.index(r, 1).data() for r in range(proxy.rowCount())]


def settle(qtbot: QtBot, widget: EventBrowser) -> None:
    """Let the debounce timer fire (the search itself is synchronous under SyncTaskRunner)."""
    qtbot.waitUntil(lambda: not widget.filters.pending() and not widget.model.loading)


def test_model_pages_with_inclusive_last_row_and_passes_qtmodeltester(
    qtbot: QtBot, ctx: AppContext, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    model = EventTableModel(ctx, page_size=5)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.set_query(EventQuery())
    assert model.rowCount() == 5 and model.total == DEMO_EVENTS
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert inserted == [(5, 9)]  # five rows: 5..9 inclusive
    qtmodeltester.check(model)  # also fetches the rest through canFetchMore/fetchMore
    assert model.rowCount() == DEMO_EVENTS
    assert not model.canFetchMore(QModelIndex())
    starts = [e.starts_at for e in model.rows]
    assert starts == sorted(starts)


def test_columns_show_local_date_price_range_and_seats_left(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    model = widget.model
    hamlet = next(r for r, e in enumerate(model.rows) if e.title == "Hamlet")
    event = model.rows[hamlet]
    cells = [model.index(hamlet, c).data() for c in range(model.columnCount())]
    local = event.starts_at.astimezone()
    assert cells[0] == f"{local:%a}, {local:%b} {local.day}, {local:%Y}, {local:%H:%M}"  # CLDR en
    assert cells[1:4] == ["Hamlet", "Theatre", "Royal Court Theatre"]
    assert cells[4] == "Premium, Standard, Circle"
    assert cells[5] == "€30.00–€65.00"
    assert cells[6] == f"{event.available:,} of 204"
    assert widget.status.text() == f"{DEMO_EVENTS} events"


def test_search_as_you_type_narrows_at_once_then_asks_the_server(
    qtbot: QtBot, ctx: AppContext
) -> None:
    widget = browser(qtbot, ctx)
    queries: list[EventQuery] = []
    widget.filters.query_changed.connect(queries.append)
    qtbot.keyClicks(widget.filters.search, "haml")
    # The proxy narrows the loaded rows on each key; the server query waits for a pause.
    assert titles(widget) == ["Hamlet"]
    assert queries == []
    settle(qtbot, widget)
    assert [q.text for q in queries] == ["haml"]  # one query for four keys
    assert [e.title for e in widget.model.rows] == ["Hamlet"]


def test_search_matches_the_venue_too(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    qtbot.keyClicks(widget.filters.search, "cellar")
    settle(qtbot, widget)
    assert sorted(titles(widget)) == ["Indie Showcase", "Techno Marathon"]


def test_venue_multi_select(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    actions = {a.text(): a for a in widget.filters.venue_actions.values()}
    assert set(actions) == {"Royal Court Theatre", "Riverside Arena", "The Cellar Club"}
    actions["The Cellar Club"].setChecked(True)
    settle(qtbot, widget)
    assert widget.model.total == 2
    assert widget.filters.venue_button.text() == "The Cellar Club"
    actions["Riverside Arena"].setChecked(True)
    settle(qtbot, widget)
    assert widget.model.total == 6
    assert widget.filters.venue_button.text() == "2 venues"
    widget.filters.clear_venues()
    settle(qtbot, widget)
    assert widget.model.total == DEMO_EVENTS


def test_price_range(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    qtbot.keyClicks(widget.filters.max_price, "20")
    settle(qtbot, widget)
    assert sorted(titles(widget)) == ["Indie Showcase", "Techno Marathon"]  # €15 early bird
    widget.filters.max_price.clear()
    qtbot.keyClicks(widget.filters.min_price, "100")
    settle(qtbot, widget)
    assert {e.venue for e in widget.model.rows} == {"Riverside Arena"}  # €120 floor
    assert widget.model.total == 4


def test_date_range(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    in_five_days = (utcnow() + timedelta(days=5)).astimezone().date()
    widget.filters.date_to.setDate(QDate(in_five_days.year, in_five_days.month, in_five_days.day))
    settle(qtbot, widget)
    assert sorted(titles(widget)) == ["Hamlet", "Indie Showcase"]  # 3 and 4 days ahead
    widget.filters.date_to.setDate(widget.filters.date_to.minimumDate())  # "any day"
    settle(qtbot, widget)
    assert widget.model.total == DEMO_EVENTS


def test_only_available_is_sent_to_the_server(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    queries: list[EventQuery] = []
    widget.filters.query_changed.connect(queries.append)
    widget.filters.available.setChecked(True)
    settle(qtbot, widget)
    assert queries[-1].only_available
    assert widget.model.total == DEMO_EVENTS  # nothing in the demo is sold out


def test_enter_in_the_search_picks_the_top_event(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    widget.show()
    qtbot.keyClicks(widget.filters.search, "nutcracker")
    with qtbot.waitSignal(widget.event_chosen) as chosen:
        qtbot.keyClick(widget.filters.search, Qt.Key.Key_Return)  # before the debounce fired
    assert chosen.args[0].title == "The Nutcracker"


def test_down_then_enter_picks_from_the_list(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    widget.show()
    qtbot.keyClick(widget.filters.search, Qt.Key.Key_Down)
    qtbot.keyClick(widget.table, Qt.Key.Key_Down)
    second = widget.proxy.index(1, 0).data(EVENT_ROLE)
    with qtbot.waitSignal(widget.event_chosen) as chosen:
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert chosen.args[0] == second


def test_a_bad_filter_shows_the_services_message(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    widget.show()
    qtbot.keyClicks(widget.filters.min_price, "90")
    qtbot.keyClicks(widget.filters.max_price, "10")
    settle(qtbot, widget)
    assert widget.error.isVisible()
    assert "lowest price" in widget.error.text()


def test_threaded_loading_keeps_the_gui_free(qtbot: QtBot, threaded_ctx: AppContext) -> None:
    widget = browser(qtbot, threaded_ctx)
    assert widget.model.loading  # the first page is on a worker thread
    qtbot.waitUntil(lambda: widget.model.rowCount() == DEMO_EVENTS, timeout=10_000)
    qtbot.keyClicks(widget.filters.search, "arena")
    qtbot.waitUntil(lambda: widget.model.total == 4 and not widget.model.loading, timeout=10_000)
    assert {e.venue for e in widget.model.rows} == {"Riverside Arena"}


def _sell_elsewhere(ctx: AppContext, event_id: int, quantity: int) -> None:
    """Another desk sells *quantity* seats of the event (straight through the services)."""
    import uuid

    from boxoffice.domain.tender import CashTender
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    hold = holds.best_available(ctx.db, ctx.actor, event_id, quantity)
    tender = CashTender(hold.total, hold.total)
    checkout.checkout(ctx.db, ctx.actor, hold.hold_id, [tender], str(uuid.uuid4()))


def test_seats_left_follow_other_desks_without_losing_the_selection(
    qtbot: QtBot, ctx: AppContext
) -> None:
    widget = browser(qtbot, ctx)
    model = widget.model
    row = next(r for r, e in enumerate(model.rows) if e.title == "Hamlet")
    before = model.rows[row]
    widget.select_row(widget.proxy.mapFromSource(model.index(row, 0)).row())
    _sell_elsewhere(ctx, before.id, 3)
    assert model.index(row, SEATS).data() == f"{before.available:,} of 204"  # not yet

    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    widget.refresh_counts()
    assert model.index(row, SEATS).data() == f"{before.available - 3:,} of 204"
    assert changed == [row]  # only the row that changed is repainted
    assert widget.current_event() is not None and widget.current_event().id == before.id


def test_the_timer_refreshes_while_the_list_is_shown(qtbot: QtBot, ctx: AppContext) -> None:
    widget = browser(qtbot, ctx)
    widget.counts_timer.setInterval(20)
    widget.show()
    qtbot.waitExposed(widget)
    model = widget.model
    row = next(r for r, e in enumerate(model.rows) if e.title == "Hamlet")
    left = model.rows[row].available
    _sell_elsewhere(ctx, model.rows[row].id, 2)
    qtbot.waitUntil(lambda: model.index(row, SEATS).data() == f"{left - 2:,} of 204", timeout=3000)
