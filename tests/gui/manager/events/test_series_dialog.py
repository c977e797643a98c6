"""The event editor's "New series…": a weekly run from the event on screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from boxoffice.db.models import Event
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.series_dialog import NewSeriesDialog
from boxoffice.gui.manager.events.tab import EventEditorTab
from tests.gui.screens import save

pytestmark = pytest.mark.gui


def test_a_weekly_series_from_the_event_on_screen(
    qtbot: QtBot, manager_ctx: AppContext, styled: None, screens_folder: Path
) -> None:
    tab = EventEditorTab(manager_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 860)
    with manager_ctx.db.session() as s:
        event_id = s.scalar(select(Event.id).where(Event.title == "Hamlet"))
    assert event_id is not None
    tab.open_event(event_id)
    assert tab.edit is not None and tab.series_button.isEnabled()
    tab.new_series()
    dialog = tab.series_dialog
    assert isinstance(dialog, NewSeriesDialog)
    first = dialog.pattern().first
    assert all(box.isEnabled() for box in dialog.days)  # weekly: the days are chosen
    dialog.until.setDate(dialog.until.date().addDays(-27 + 14))  # three weeks of one weekday
    assert dialog.preview.text().startswith("3 performance(s)")
    dialog.skip.setText("nonsense")
    assert "not a date" in dialog.preview.text() and not dialog.create_button.isEnabled()
    dialog.skip.setText((first + timedelta(days=7)).isoformat())
    assert dialog.preview.text().startswith("2 performance(s)")
    save(dialog, screens_folder / "new-series.png", 400, 8, 4)
    dialog.create_button.click()
    with manager_ctx.db.session() as s:
        series_id = s.scalar(select(Event.series_id).where(Event.id == event_id))
        assert series_id is not None
        count = s.scalar(select(func.count()).where(Event.series_id == series_id))
    assert count == 2
    assert tab.series_filter.isVisibleTo(tab) and tab.series_filter.count() == 2
    tab.series_filter.setCurrentIndex(1)  # the new series only
    assert sorted(r.id for r in tab.list_model.rows)[0] == event_id
    assert len(tab.list_model.rows) == 2


def test_save_to_all_following_performances(qtbot: QtBot, manager_ctx: AppContext) -> None:
    from datetime import timedelta as days

    from boxoffice.domain.series import Frequency, SeriesPattern
    from boxoffice.services.common.local_time import local, venue_zone
    from boxoffice.services.events import series as event_series

    tab = EventEditorTab(manager_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 860)
    with manager_ctx.db.session() as s:
        row = s.execute(select(Event.id, Event.starts_at).where(Event.title == "Hamlet")).one()
    first = local(row.starts_at, venue_zone()).date()
    info = manager_ctx.services.call(
        event_series.create_series,
        row.id,
        "Hamlet run",
        SeriesPattern(first, first + days(days=2), Frequency.DAILY),
    )
    tab.open_event(info.event_ids[1])
    assert tab.following_button.isVisibleTo(tab) and not tab.series_button.isEnabled()
    tab.form.title.setText("Hamlet (understudy)")
    tab.save_following()
    with manager_ctx.db.session() as s:
        titles = [s.get(Event, i).title for i in info.event_ids]  # type: ignore[union-attr]
    assert titles == ["Hamlet", "Hamlet (understudy)", "Hamlet (understudy)"]
