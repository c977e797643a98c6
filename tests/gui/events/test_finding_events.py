"""Finding an event fast (issue 15.2): genre column, filter and search; date presets; a
calendar that opens at today; a list that shows several rows and remembers its splitters and
column widths; a door list that reaches past the end of the year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, QSettings, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from boxoffice.domain.clock import utcnow
from boxoffice.gui.checkin import CheckInTab
from boxoffice.gui.context import AppContext
from boxoffice.gui.events.browser import EventBrowser
from boxoffice.gui.events.filters import ANY_DATE, preset_range
from boxoffice.gui.events.model import GENRE, VENUE
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.sell_tab import SellTab

pytestmark = pytest.mark.gui


def titles(widget: EventBrowser) -> list[str]:
    proxy = widget.proxy
    return [proxy.index(r, 1).data() for r in range(proxy.rowCount())]


def search(qtbot: QtBot, widget: EventBrowser, text: str) -> None:
    widget.filters.search.selectAll()
    qtbot.keyClick(widget.filters.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget.filters.search, text)
    widget.filters.emit_now()


def test_genre_column_filter_and_search(qtbot: QtBot, ctx: AppContext) -> None:
    browser = EventBrowser(ctx)
    qtbot.addWidget(browser)
    assert browser.model.headerData(GENRE, Qt.Orientation.Horizontal) == "Genre"
    genres = {
        browser.proxy.index(r, 1).data(): browser.proxy.index(r, GENRE).data()
        for r in range(browser.proxy.rowCount())
    }
    assert genres["Hamlet"] == "Theatre" and genres["Techno Marathon"] == "Club night"

    search(qtbot, browser, "concert")  # typed in the search box: finds the genre
    assert set(titles(browser)) == {
        "Polar Lights Tour",
        "Symphony of Games",
        "Indie Showcase",
        "Jazz at the Court",
        "Rock Legends",
    }
    search(qtbot, browser, "")
    combo = browser.filters.genre
    combo.setCurrentIndex(combo.findData("Theatre"))
    browser.filters.emit_now()
    assert titles(browser) == ["Hamlet"]


@pytest.mark.parametrize(
    ("today", "preset", "first", "last"),
    [
        (date(2026, 12, 3), "Today", date(2026, 12, 3), date(2026, 12, 3)),  # a Thursday
        (date(2026, 12, 3), "This weekend", date(2026, 12, 5), date(2026, 12, 6)),
        (date(2026, 12, 5), "This weekend", date(2026, 12, 5), date(2026, 12, 6)),
        (date(2026, 12, 6), "This weekend", date(2026, 12, 6), date(2026, 12, 6)),
        (date(2026, 12, 28), "Next 7 days", date(2026, 12, 28), date(2027, 1, 3)),
        (date(2026, 12, 3), "This month", date(2026, 12, 3), date(2026, 12, 31)),
        (date(2027, 2, 10), "This month", date(2027, 2, 10), date(2027, 2, 28)),
    ],
)
def test_date_presets(today: date, preset: str, first: date, last: date) -> None:
    assert preset_range(preset, today) == (first, last)


def test_a_preset_sets_both_dates_and_any_day_clears_them(qtbot: QtBot, ctx: AppContext) -> None:
    browser = EventBrowser(ctx)
    qtbot.addWidget(browser)
    bar = browser.filters
    bar.preset_actions["Next 7 days"].trigger()
    today = QDate.currentDate()
    assert (bar.date_from.date(), bar.date_to.date()) == (today, today.addDays(6))
    query = bar.query()
    assert query.start is not None and query.end is not None
    assert query.end - query.start >= timedelta(days=6, hours=23)
    assert all(utcnow() <= e.starts_at < query.end for e in browser.model.rows)
    assert bar.presets.text() == "Next 7 days"
    bar.preset_actions["Any day"].trigger()
    assert bar.date_from.date() == ANY_DATE and bar.query().start is None


# A popup asks the offscreen platform to raise it and grab the keyboard, which it cannot.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_calendar_opens_at_today_and_shows_its_last_week(
    qtbot: QtBot, ctx: AppContext, styled: None
) -> None:
    browser = EventBrowser(ctx)
    qtbot.addWidget(browser)
    browser.show()
    edit = browser.filters.date_from
    assert edit.date() == ANY_DATE
    arrow = QPoint(edit.width() - 6, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)  # opens the calendar popup
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    view = calendar.findChild(QTableView)
    assert view is not None
    rows = sum(view.rowHeight(r) for r in range(7))  # day names and six weeks
    assert view.height() >= rows  # the last week is not cut off
    calendar.window().hide()


def test_the_sell_tab_shows_several_events_and_remembers_its_layout(
    qtbot: QtBot, ctx: AppContext, desk_settings: QSettings
) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    window.resize(1366, 708)  # a 1366×768 screen less the title bar and a panel
    window.show()
    qtbot.waitExposed(window)
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    table = sell.browser.table
    qtbot.waitUntil(lambda: sell.browser.proxy.rowCount() >= 6)
    rows_seen = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows_seen >= 5

    split, lower = sell.splitters
    split.setSizes([400, 300])
    split.splitterMoved.emit(400, 1)
    lower.setSizes([700, 600])
    lower.splitterMoved.emit(700, 1)
    table.horizontalHeader().resizeSection(VENUE, 260)
    saved = (split.sizes(), lower.sizes())

    again = SellTab(ctx)
    qtbot.addWidget(again)
    again.resize(window.pages["sell"].size())
    again.show()
    assert (again.splitters[0].sizes(), again.splitters[1].sizes()) == saved
    assert again.browser.table.columnWidth(VENUE) == 260


def test_the_door_lists_next_years_events(qtbot: QtBot, ctx: AppContext) -> None:
    tab = CheckInTab(ctx)
    qtbot.addWidget(tab)
    listed = {tab.event_combo.itemData(i) for i in range(tab.event_combo.count())}
    upcoming = EventBrowser(ctx)
    qtbot.addWidget(upcoming)
    far = [e for e in upcoming.model.rows if e.starts_at - utcnow() > timedelta(days=40)]
    assert far and all(e.id in listed for e in far)
