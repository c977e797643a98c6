"""Seat monitor tab: watched events, live changes highlighted, skipped ticks, the timer's life."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.manager.monitor import MonitorTab
from boxoffice.gui.manager.monitor.event_model import EventChoiceModel
from boxoffice.gui.manager.reports import ReportsTab
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.sales import catalog, holds, monitor
from tests.gui.conftest import MessageLog, sign_in

pytestmark = pytest.mark.gui


class DeferredRunner(SyncTaskRunner):
    """Holds each job until the test lets it finish: a poll that is "still running"."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[Callable[[], None]] = []

    def run(
        self, fn: Callable[..., Any], *args: Any, on_done: Any = None, on_error: Any = None
    ) -> None:
        self.jobs.append(
            lambda: SyncTaskRunner.run(self, fn, *args, on_done=on_done, on_error=on_error)
        )

    def finish_all(self) -> None:
        jobs, self.jobs = self.jobs, []
        for job in jobs:
            job()


def _ids(ctx: AppContext, *titles: str) -> list[int]:
    events = {e.title: e.id for e in monitor.monitor_events(ctx.db, ctx.actor)}
    return [events[t] for t in titles]


def _free(ctx: AppContext, event_id: int, n: int) -> list[int]:
    states = catalog.seat_map(ctx.db, ctx.actor, event_id).states
    return [i for i, s in sorted(states.items()) if s is SeatState.AVAILABLE][:n]


@pytest.fixture
def tab(qtbot: QtBot, manager_ctx: AppContext) -> MonitorTab:
    widget = MonitorTab(manager_ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    return widget


def test_event_model_passes_the_model_tester(
    qtmodeltester: ModelTester, manager_ctx: AppContext
) -> None:
    model = EventChoiceModel(limit=2)
    events = monitor.monitor_events(manager_ctx.db, manager_ctx.actor)
    model.set_events(events[:5])
    qtmodeltester.check(model, force_py=True)
    assert model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    model.add_event(events[6])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 6 and model.checked == [events[0].id]


def test_watching_events_opens_a_panel_each(tab: MonitorTab, manager_ctx: AppContext) -> None:
    hamlet, indie = _ids(manager_ctx, "Hamlet", "Indie Showcase")
    tab.events.set_checked(hamlet, True)
    tab.events.set_checked(indie, True)
    assert list(tab.panels) == [hamlet, indie]
    assert tab.placeholder.isHidden() and not tab.rows.isHidden()
    counts = monitor.seat_counts(manager_ctx.db, manager_ctx.actor, [hamlet, indie])
    for event_id in (hamlet, indie):
        panel = tab.panels[event_id]
        c = counts[event_id]
        assert panel.strip.numbers() == (c.sold, c.held, c.available)
        assert tab.poller.known[event_id] == panel.version
    assert tab.panels[hamlet].view is not None and tab.panels[hamlet].view.is_read_only()
    assert tab.panels[indie].view is None and tab.panels[indie].ga_label is not None
    assert f"{counts[indie].available:,}</div>" in tab.panels[indie].ga_label.text()
    tab.events.set_checked(indie, False)
    assert list(tab.panels) == [hamlet] and indie not in tab.poller.known


def test_a_sale_elsewhere_shows_up_highlighted(
    tab: MonitorTab, manager_ctx: AppContext, make_ctx: Callable[..., AppContext]
) -> None:
    (hamlet,) = _ids(manager_ctx, "Hamlet")
    tab.events.set_checked(hamlet, True)
    panel = tab.panels[hamlet]
    before = panel.strip.numbers()
    seats = _free(manager_ctx, hamlet, 3)
    clerk = sign_in(manager_ctx.db, "clerk")
    holds.hold_seats(manager_ctx.db, clerk, hamlet, seats)
    tab.poller.tick()
    assert panel.view is not None
    assert [panel.view.state(s) for s in seats] == [SeatState.HELD_OTHER] * 3
    assert set(seats) <= set(panel.view.flashing_ids())
    assert panel.strip.numbers() == (before[0], before[1] + 3, before[2] - 3)
    assert "3 seats changed" in panel.last_change.full_text()
    version = tab.poller.known[hamlet]
    tab.poller.tick()  # nothing new: nothing changes
    assert tab.poller.known[hamlet] == version and panel.changes_seen == 1


def test_a_tick_is_skipped_while_a_poll_is_running(qtbot: QtBot, manager_ctx: AppContext) -> None:
    runner = DeferredRunner()
    ctx = AppContext(
        manager_ctx.db, manager_ctx.actor, runner, manager_ctx.messages, manager_ctx.settings
    )
    widget = MonitorTab(ctx)
    qtbot.addWidget(widget)
    runner.finish_all()  # the event list
    (hamlet,) = _ids(ctx, "Hamlet")
    widget.events.set_checked(hamlet, True)
    runner.finish_all()  # the seat map
    assert widget.panels[hamlet].loaded
    widget.poller.tick()
    widget.poller.tick()
    widget.poller.tick()
    assert len(runner.jobs) == 1 and widget.poller.skipped == 2 and widget.poller.busy
    runner.finish_all()
    assert not widget.poller.busy and widget.poller.polls == 1
    widget.poller.tick()
    assert len(runner.jobs) == 1
    runner.finish_all()
    assert widget.poller.polls == 2
    assert "2 ticks skipped" in widget.status.text()


def test_the_timer_polls_while_shown_and_stops_when_hidden(
    qtbot: QtBot, make_ctx: Callable[..., AppContext]
) -> None:
    ctx = make_ctx("manager", threaded=True)
    widget = MonitorTab(ctx, interval_ms=50)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: bool(widget.events.events), timeout=10_000)
    (hamlet,) = _ids(ctx, "Hamlet")
    widget.events.set_checked(hamlet, True)
    qtbot.waitUntil(lambda: widget.panels[hamlet].loaded, timeout=10_000)
    assert not widget.poller.is_active()
    widget.show()
    assert widget.poller.is_active()
    seats = _free(ctx, hamlet, 2)
    holds.hold_seats(ctx.db, sign_in(ctx.db, "clerk2"), hamlet, seats)
    view = widget.panels[hamlet].view
    assert view is not None
    qtbot.waitUntil(lambda: view.state(seats[0]) is SeatState.HELD_OTHER, timeout=10_000)
    assert widget.poller.polls >= 1
    widget.hide()
    assert not widget.poller.is_active()


def test_at_most_four_events(tab: MonitorTab, manager_ctx: AppContext) -> None:
    log = MessageLog()
    log.attach(manager_ctx.messages)
    ids = [e.id for e in tab.events.events]
    for event_id in ids[:5]:
        tab.events.set_checked(event_id, True)
    assert len(tab.panels) == 4 and ids[4] not in tab.panels
    assert log.warnings == ["The monitor shows at most 4 events at once."]
    assert tab.rows.count() == 2  # two rows of two


def test_close_button_stops_watching(
    qtbot: QtBot, tab: MonitorTab, manager_ctx: AppContext
) -> None:
    (hamlet,) = _ids(manager_ctx, "Hamlet")
    tab.events.set_checked(hamlet, True)
    with qtbot.waitSignal(tab.watching_changed) as changed:
        tab.panels[hamlet].findChild(object, "closePanel").click()  # type: ignore[union-attr]
    assert changed.args == [[]] and tab.events.checked == [] and not tab.panels


def test_watch_loads_events_that_are_not_listed(tab: MonitorTab, manager_ctx: AppContext) -> None:
    (rock,) = _ids(manager_ctx, "Rock Legends")
    tab.events.set_events([e for e in tab.events.events if e.id != rock])
    tab.watch(rock)
    assert rock in tab.panels and tab.panels[rock].loaded
    assert tab.events.find(rock) is not None


def test_a_failed_poll_shows_in_the_status_line(tab: MonitorTab) -> None:
    tab.poller.busy = True
    tab.poller._error(DatabaseUnavailable("Cannot reach the database server."))
    assert not tab.poller.busy
    assert tab.status.text() == "Monitor paused a moment: Cannot reach the database server."


def test_show_seats_in_reports_opens_the_monitor(qtbot: QtBot, manager_ctx: AppContext) -> None:
    window = MainWindow(manager_ctx, "test")
    qtbot.addWidget(window)
    report = window.page("reports")
    assert isinstance(report, ReportsTab)
    (hockey,) = _ids(manager_ctx, "Ice Hockey Final")
    report.show_seats(hockey)
    monitor_tab = window.page("monitor")
    assert isinstance(monitor_tab, MonitorTab)
    assert window.tabs.currentWidget().isAncestorOf(monitor_tab)
    assert list(monitor_tab.panels) == [hockey] and monitor_tab.panels[hockey].loaded
