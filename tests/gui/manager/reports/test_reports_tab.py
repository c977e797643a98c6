"""Reports tab: figures match the services, filters reload, actions switch pages, exports write."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from boxoffice.domain.money import format_money
from boxoffice.domain.tender import CashTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.manager.reports import ReportsTab
from boxoffice.gui.manager.reports.report_model import VALUE_ROLE, ReportModel
from boxoffice.gui.manager.reports.tab import SALES, SHIFT, STATS, file_name
from boxoffice.gui.tasks import TaskRunner
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports import shift as reports_shift
from boxoffice.services.reports.export import daily_table, shift_table, stats_table
from boxoffice.services.reports.period import preset
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.gui.conftest import MessageLog, sign_in

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot: QtBot, manager_ctx: AppContext) -> ReportsTab:
    widget = ReportsTab(manager_ctx, utc_offset_minutes=60)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    return widget


def test_report_models_pass_the_model_tester(
    qtmodeltester: ModelTester, manager_ctx: AppContext
) -> None:
    db, actor = manager_ctx.db, manager_ctx.actor
    now = datetime.now(UTC)
    for table in (
        daily_table(reports.sales_report(db, actor, preset("30d"))),
        stats_table(reports.event_statistics(db, actor)),
        shift_table(reports_shift.shift_reports(db, actor, now - timedelta(days=40), now)),
    ):
        model = ReportModel()
        model.set_table(table)
        qtmodeltester.check(model, force_py=True)
        model.sort(1, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model, force_py=True)
    empty = ReportModel()
    qtmodeltester.check(empty, force_py=True)


def test_sorting_keeps_totals_last_and_compares_values(manager_ctx: AppContext) -> None:
    rows = reports.event_statistics(manager_ctx.db, manager_ctx.actor)
    model = ReportModel()
    model.set_table(stats_table(rows))
    revenue = 7
    model.sort(revenue, Qt.SortOrder.DescendingOrder)
    shown = [model.index(r, revenue).data(VALUE_ROLE) for r in range(len(rows))]
    assert shown == sorted((r.revenue for r in rows), reverse=True)  # by amount, not by text
    last = model.rowCount() - 1
    assert model.is_totals(last) and model.index(last, 0).data() == "Total"
    top = model.source_row(0)
    assert top is not None and rows[top].revenue == max(r.revenue for r in rows)


def test_sales_page_shows_the_service_figures(tab: ReportsTab, manager_ctx: AppContext) -> None:
    report = reports.sales_report(manager_ctx.db, manager_ctx.actor, preset("30d", 60))
    page = tab.sales
    assert page.report == report
    assert page.revenue_card.value.text() == format_money(report.net)
    assert page.sold_card.value.text() == f"{report.tickets_sold - report.tickets_cancelled:,}"
    assert page.daily_model.rowCount() == 31  # 30 days and the totals
    assert page.daily_chart.bar_heights() == [float(d.gross) for d in report.days]
    assert page.tier_chart.values == [float(t.net) for t in report.tiers]
    assert tab.filters.zone.text() == "Days in UTC+01:00"


def test_filters_reload_the_sales_report(
    qtbot: QtBot, tab: ReportsTab, manager_ctx: AppContext
) -> None:
    db, actor = manager_ctx.db, manager_ctx.actor
    with qtbot.waitSignal(tab.loaded):
        tab.filters.range.setCurrentIndex(tab.filters.range.findData("7d"))
    assert tab.sales.report is not None and tab.sales.report.period.day_count == 7

    arena = next(e for e in reports.report_events(db, actor) if e.title == "Polar Lights Tour")
    with qtbot.waitSignal(tab.loaded):
        tab.filters.event_box.setCurrentIndex(tab.filters.event_box.findData(arena.id))
    expected = reports.sales_report(db, actor, preset("7d", 60), arena.id)
    assert tab.sales.report == expected
    assert tab.sales.report.event_title == "Polar Lights Tour"

    first, last = date.today() - timedelta(days=20), date.today() - timedelta(days=11)
    with qtbot.waitSignal(tab.loaded):
        tab.filters.set_range("custom", first, last)
    assert tab.filters.first.isEnabled()
    got = tab.sales.report
    assert got is not None and (got.period.first_day, got.period.last_day) == (first, last)
    assert tab.sales.daily_model.rowCount() == 11


def test_custom_dates_cannot_run_backwards(tab: ReportsTab) -> None:
    tab.filters.set_range("custom", date(2026, 3, 10), date(2026, 3, 20))
    tab.filters.first.setDate(tab.filters.last.date().addDays(5))
    period = tab.filters.period()
    assert period.first_day <= period.last_day


def test_statistics_actions(qtbot: QtBot, tab: ReportsTab, manager_ctx: AppContext) -> None:
    with qtbot.waitSignal(tab.loaded):
        tab.pages.setCurrentIndex(STATS)
    assert tab.filters.isHidden()  # the event and period only steer the Sales page
    page = tab.stats
    assert len(page.rows) == 12 and not page.sales_button.isEnabled()
    hockey = next(r for r in page.rows if r.title == "Ice Hockey Final")
    page.select_event(hockey.event_id)
    assert page.selected() == hockey and page.seats_button.isEnabled()
    with qtbot.waitSignal(page.show_seats) as shown:
        page.seats_button.click()
    assert shown.args == [hockey.event_id]
    with qtbot.waitSignal(tab.loaded):
        page.sales_button.click()
    assert tab.pages.currentIndex() == SALES
    assert tab.filters.event_id() == hockey.event_id
    assert tab.sales.report is not None and tab.sales.report.event_id == hockey.event_id

    tab.pages.setCurrentIndex(STATS)
    with qtbot.waitSignal(tab.loaded):
        page.include_past.setChecked(True)
    assert len(page.rows) == 12


def test_end_of_shift_per_clerk(qtbot: QtBot, tab: ReportsTab, manager_ctx: AppContext) -> None:
    page = tab.shift
    with qtbot.waitSignal(tab.loaded):
        tab.pages.setCurrentIndex(SHIFT)
    now = datetime.now(UTC)
    with qtbot.waitSignal(tab.loaded):
        page.set_span(now - timedelta(days=40), now + timedelta(minutes=1))
    start, end = page.span()
    everyone = reports_shift.shift_reports(manager_ctx.db, manager_ctx.actor, start, end)
    assert (
        [r.username for r in page.reports] == ["clerk", "clerk2"] == [r.username for r in everyone]
    )
    total = sum((r.expected_cash for r in everyone), Decimal("0.00"))
    assert page.cash.text() == f"Expected cash {format_money(total)}"
    clerk2 = next(r for r in everyone if r.username == "clerk2")
    with qtbot.waitSignal(tab.loaded):
        page.select_clerk(clerk2.clerk_id)
    assert page.reports == [clerk2]
    assert page.cash.text() == f"Expected cash {format_money(clerk2.expected_cash)}"
    bold = [page.model.index(r, 0).data(Qt.ItemDataRole.FontRole) for r in range(3)]
    assert [f is not None and f.bold() for f in bold] == [False, False, True]


def test_exports_write_the_report_in_view(
    qtbot: QtBot, tab: ReportsTab, tmp_path: Path, manager_ctx: AppContext
) -> None:
    log = MessageLog()
    log.attach(manager_ctx.messages)
    tab.sales.tables.setCurrentIndex(1)  # per tier
    target = tmp_path / "tiers.csv"
    with qtbot.waitSignal(tab.exported):
        tab.export_csv(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    heading, rows = rows[:4], rows[4:]  # title, period, generated, empty line
    assert heading[1][0] == "Period" and heading[2][0] == "Generated" and heading[3] == []
    assert rows[0][0] == "Tier" and rows[-1][0] == "Total"
    assert len(rows) == 2 + len(tab.sales.report.tiers if tab.sales.report else [])
    pdf = tmp_path / "sales.pdf"
    with qtbot.waitSignal(tab.exported):
        tab.export_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert log.infos == [f"Saved {target}", f"Saved {pdf}"]
    tab.export_csv()  # no path and nobody to ask (headless): nothing happens
    assert len(log.infos) == 2


def test_a_bad_export_path_is_a_clear_error(
    qtbot: QtBot, tab: ReportsTab, tmp_path: Path, manager_ctx: AppContext
) -> None:
    log = MessageLog()
    log.attach(manager_ctx.messages)
    tab.export_csv(tmp_path / "missing-folder" / "x.csv")
    assert log.errors and log.errors[0].startswith("Could not save the file")


def test_stale_results_are_dropped(tab: ReportsTab) -> None:
    shown: list[object] = []
    tab._arrived(SALES, tab._tokens[SALES] - 1, shown.append, "old")
    assert shown == []
    tab._arrived(SALES, tab._tokens[SALES], shown.append, "new")
    assert shown == ["new"]


def test_a_clerk_cannot_read_reports(qtbot: QtBot, make_ctx: Callable[..., AppContext]) -> None:
    ctx = make_ctx("clerk")
    log = MessageLog()
    log.attach(ctx.messages)
    widget = ReportsTab(ctx)
    qtbot.addWidget(widget)
    assert widget.sales.report is None
    assert log.errors and all("not allowed" in e for e in log.errors)


# --- issue 15.4: never stale, never blank without a sign -------------------------------------


def test_a_read_shows_a_busy_state_and_the_figures_load_on_opening(
    qtbot: QtBot, manager_ctx: AppContext
) -> None:
    """With the real threaded runner: the busy bar shows until the figures arrive."""
    threaded = AppContext(
        db=manager_ctx.db,
        actor=sign_in(manager_ctx.db, "manager"),
        tasks=TaskRunner(),
        messages=manager_ctx.messages,
        settings=manager_ctx.settings,
    )
    widget = ReportsTab(threaded)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.busy.isVisibleTo(widget) and SALES in widget.reading
    assert widget.status.text() == "Reading the figures…"
    assert not widget.pdf_button.isEnabled()
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: not widget.reading)
    assert not widget.busy.isVisibleTo(widget) and widget.pdf_button.isEnabled()
    assert widget.sales.report is not None
    threaded.tasks.wait(10_000)


def test_shown_figures_refresh_by_timer_and_on_reopening(
    qtbot: QtBot, tab: ReportsTab, manager_ctx: AppContext
) -> None:
    tab.show()
    assert tab.timer.isActive()
    before = tab.sales.report
    assert before is not None
    _sell_two(manager_ctx)  # another desk sells meanwhile
    tab.timer.timeout.emit()
    assert tab.sales.report is not None
    assert tab.sales.report.tickets_sold == before.tickets_sold + 2
    tab.hide()
    assert not tab.timer.isActive()
    tab.generated[SALES] -= timedelta(minutes=5)  # long ago
    _sell_two(manager_ctx)
    tab.show()  # opening the tab again reads the figures again
    assert tab.sales.report.tickets_sold == before.tickets_sold + 4


def test_an_export_reads_the_figures_first_and_names_period_and_time(
    qtbot: QtBot, tab: ReportsTab, tmp_path: Path, manager_ctx: AppContext
) -> None:
    before = tab.sales.report
    assert before is not None
    _sell_two(manager_ctx)  # sold a minute before the export, at another desk
    target = tmp_path / "daily.csv"
    with qtbot.waitSignal(tab.exported):
        tab.export_csv(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[1] == ["Period", tab.sales.report.period.label]  # type: ignore[union-attr]
    generated = datetime.strptime(rows[2][1], "%b %d, %Y %H:%M")  # as CLDR writes it in English
    in_report_zone = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=60)  # the tab's
    assert abs(generated - in_report_zone) < timedelta(minutes=2)
    assert rows[-1][1] == str(before.tickets_sold + 2)  # the fresh total, not the one shown
    when = datetime(2026, 11, 28, 17, 13, tzinfo=UTC)
    name = file_name("Daily sales — All events", "pdf", "Last 30 days", when)
    local = when.astimezone()
    assert name == f"daily-sales-all-events-last-30-days-generated-{local:%Y-%m-%d-%H%M}.pdf"


def test_day_names_are_not_cut_off(qtbot: QtBot, manager_ctx: AppContext, styled: None) -> None:
    window = MainWindow(manager_ctx, "server")  # the tab as a 1366×768 desk shows it
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_tab("reports")
    tab = window.pages["reports"]
    assert isinstance(tab, ReportsTab)
    qtbot.waitUntil(lambda: tab.sales.report is not None)
    view = tab.sales.daily_view
    model = view.model()
    metrics = view.fontMetrics()
    assert model.rowCount() > 20
    for row in range(model.rowCount()):  # every row, the ones lower down too
        text = model.index(row, 0).data()
        assert metrics.horizontalAdvance(text) + 12 <= view.columnWidth(0), text


def _sell_two(ctx: AppContext) -> None:
    event = catalog.search_events(ctx.db, ctx.actor, catalog.EventQuery(text="Hamlet"))[0]
    hold = holds.best_available(ctx.db, ctx.actor, event.id, 2)
    checkout.checkout(
        ctx.db, ctx.actor, hold.hold_id, [CashTender(hold.total, hold.total)], str(uuid.uuid4())
    )
