"""The event browser over 100,000 events: a page at a time, never the whole list.

Timing is the benchmarks' business; this checks the model stays paged (100 rows loaded of
100,012 counted), fetches the next page on demand and that a filter change resets to one page.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from boxoffice.db.models import Event, Venue
from boxoffice.domain.clock import utcnow
from boxoffice.gui.context import AppContext
from boxoffice.gui.events.browser import EventBrowser

pytestmark = [pytest.mark.gui, pytest.mark.slow]

MANY = 100_000


def add_events(ctx: AppContext, count: int) -> None:
    """*count* general-admission events at the Cellar Club, one every ten minutes."""
    now = utcnow().replace(microsecond=0)
    with ctx.db.session() as s:
        club = s.scalar(select(Venue.id).where(Venue.name == "The Cellar Club"))
        rows = [
            dict(
                title=f"Open mic {n:06d}",
                description="",
                venue_id=club,
                layout_id=None,
                starts_at=now + timedelta(days=1, minutes=10 * n),
                ends_at=now + timedelta(days=1, minutes=10 * n + 60),
                sales_open_at=now - timedelta(days=1),
                sales_close_at=now + timedelta(days=1, minutes=10 * n),
                status="scheduled",
                ga_capacity=100,
                min_price=Decimal("5.00"),
                max_price=Decimal("5.00"),
                capacity=100,
                sold_count=n % 101,
                seat_version=0,
                created_at=now,
                updated_at=now,
            )
            for n in range(count)
        ]
        for start in range(0, count, 10_000):
            s.execute(insert(Event), rows[start : start + 10_000])


def test_a_hundred_thousand_events_load_one_page_at_a_time(qtbot: QtBot, ctx: AppContext) -> None:
    add_events(ctx, MANY)
    widget = EventBrowser(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    model = widget.model
    assert model.total == MANY + 12 and model.rowCount() == 100
    assert widget.status.text() == f"100 of {MANY + 12:,} events loaded — scroll for more"
    bar = widget.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # scrolled to the end: the view asks for the next page itself
    qtbot.waitUntil(lambda: model.rowCount() == 200)
    assert model.canFetchMore(QModelIndex())
    qtbot.keyClicks(widget.filters.search, "mic 01234")  # 012340-012349 and 001234
    qtbot.waitUntil(lambda: not widget.filters.pending() and model.total == 11)
    assert model.rowCount() == 11 and not model.canFetchMore(QModelIndex())
    widget.filters.search.clear()
    widget.filters.available.setChecked(True)  # every 101st event is sold out
    qtbot.waitUntil(lambda: not widget.filters.pending() and not model.loading)
    assert model.total == MANY + 12 - len(range(100, MANY, 101))
    assert model.rowCount() in (100, 200)  # a page (two if the view was still scrolled down)
