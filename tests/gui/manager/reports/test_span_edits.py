"""The from/to pair the shift and till pages share: "today" and the UTC span they request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.manager.reports.shift_page import ShiftPage
from boxoffice.gui.manager.reports.span_edits import today_span
from boxoffice.gui.manager.reports.till_page import TillPage

pytestmark = pytest.mark.gui

NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)


def test_today_runs_from_local_midnight_to_the_next_minute() -> None:
    start, end = today_span(NOW)
    local = NOW.astimezone()
    assert (start.hour, start.minute, start.date()) == (0, 0, local.date())
    assert end - timedelta(minutes=1) == local.replace(second=0, microsecond=0)


@pytest.mark.parametrize("page_class", [ShiftPage, TillPage])
def test_both_pages_request_today_in_utc(qtbot: QtBot, page_class: type) -> None:
    page = page_class(0, NOW)
    qtbot.addWidget(page)
    start, end = page.request().args[:2]
    assert (start, end) == tuple(t.astimezone(UTC) for t in today_span(NOW))
    assert start.tzinfo is UTC and end.tzinfo is UTC
