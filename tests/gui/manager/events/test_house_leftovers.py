"""Issue 16 leftovers in the manager's Events tab: the hold-type editor, GA allocations (House…
of a general-admission event) and holds placed on every performance of a series."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.db.models import Event, EventSeat, HouseHold
from boxoffice.domain.seatmap import SeatState
from boxoffice.domain.series import Frequency, SeriesPattern
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events import EventEditorTab
from boxoffice.gui.manager.events.ga_allocations_dialog import GaAllocationsDialog
from boxoffice.gui.manager.events.hold_types_dialog import HoldTypesDialog
from boxoffice.gui.manager.events.house_dialog import HouseDialog
from boxoffice.services.common.local_time import local, venue_zone
from boxoffice.services.events import allocations, house
from boxoffice.services.events import series as event_series
from tests.gui.screens import save

pytestmark = pytest.mark.gui


def _event_id(ctx: AppContext, title: str) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(Event.id).where(Event.title == title)) or 0)


def test_a_manager_creates_recolours_and_retires_a_hold_type(
    qtbot: QtBot, editor: EventEditorTab, manager_ctx: AppContext, ctx: AppContext
) -> None:
    editor.open_hold_types()
    dialog = editor.hold_types_dialog
    assert isinstance(dialog, HoldTypesDialog)
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert "Production kill · kill" in names and "Allocation · allocation" in names
    dialog.start_new()
    dialog.name.setText("Sponsor")
    dialog.colour.setCurrentText("#2d004b")
    dialog.pattern.setCurrentIndex(dialog.pattern.findData("dots"))
    dialog.save_button.click()
    assert dialog.status.text() == "Saved Sponsor."
    assert dialog.current() is not None and dialog.current().name == "Sponsor"  # type: ignore[union-attr]
    # A tier-like colour is refused with the reason.
    dialog.colour.setCurrentText("#4e79a8")
    dialog.save_button.click()
    assert "too close" in dialog.status.text()
    dialog.colour.setCurrentText("#8c510a")
    dialog.name.setText("Sponsors")
    dialog.save_button.click()
    assert dialog.status.text() == "Saved Sponsors."
    dialog.retire_button.click()
    assert "retired" in dialog.status.text() and dialog.retire_button.text() == "Offer again"
    assert "Sponsors · retired" in [dialog.list.item(i).text() for i in range(dialog.list.count())]
    offered = [t.name for t in house.list_hold_types(ctx.db, ctx.actor)]
    assert "Sponsors" not in offered
    dialog.grab().save("/tmp/inventory-hold-types.png")
    dialog.retire_button.click()
    assert "Sponsors" in [t.name for t in house.list_hold_types(ctx.db, ctx.actor)]


def test_house_of_a_ga_event_allocates_and_returns_places(
    qtbot: QtBot, editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    event_id = _event_id(manager_ctx, "Techno Marathon")
    editor.open_event(event_id)
    assert editor.house_button.isEnabled()
    editor.open_house()
    dialog = editor.house_dialog
    assert isinstance(dialog, GaAllocationsDialog)
    shown = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert shown[0].startswith("Group: Students (Early bird): ")
    assert shown[1].startswith("Phone (Standing): 20 places, 0 sold, 20 left — returns ")
    dialog.tier.setCurrentIndex(dialog.tier.findText("Standing"))
    dialog.label.setText("Group: Scouts")
    dialog.quantity.setValue(12)
    dialog.allocate_button.click()
    assert dialog.status.text() == "Allocated 12 places to Group: Scouts (Standing)."
    assert dialog.current() is not None and dialog.current().label == "Group: Scouts"  # type: ignore[union-attr]
    dialog.quantity.setValue(5)
    dialog.return_some.click()
    assert dialog.status.text() == "Group: Scouts (Standing): 7 places left."
    dialog.grab().save("/tmp/inventory-ga-allocations.png")
    dialog.return_all.click()
    assert "0 places left" in dialog.status.text() and not dialog.return_all.isEnabled()
    found = {
        a.label: a
        for a in allocations.list_allocations(manager_ctx.db, manager_ctx.actor, event_id)
    }
    assert found["Group: Scouts"].returned and found["Phone"].remaining == 20
    dialog.quantity.setValue(100_000)
    dialog.allocate_button.click()
    assert "Only" in dialog.status.text()  # more than the tier has free: said, not raised


def test_a_hold_placed_on_every_performance_of_a_series(
    qtbot: QtBot, editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    with manager_ctx.db.session() as s:
        row = s.execute(select(Event.id, Event.starts_at).where(Event.title == "Hamlet")).one()
    first = local(row.starts_at, venue_zone()).date()
    info = manager_ctx.services.call(
        event_series.create_series,
        row.id,
        "Hamlet run",
        SeriesPattern(first, first + timedelta(days=2), Frequency.DAILY),
    )
    editor.open_event(info.event_ids[1])
    editor.open_house()
    dialog = editor.house_dialog
    assert isinstance(dialog, HouseDialog)
    qtbot.waitExposed(dialog)
    assert dialog.whole_series.isVisible()
    free = [
        p for p in dialog.view.model_places() if dialog.view.state(p.seat_id) is SeatState.AVAILABLE
    ]
    dialog.view.set_selected([free[0].seat_id, free[1].seat_id])
    dialog.kind.setCurrentIndex(dialog.kind.findText("Press"))
    dialog.timed.setChecked(True)
    dialog.whole_series.setChecked(True)
    dialog.place_seats.click()
    assert dialog.status.text().startswith("Held ") and "on 3 performances" in dialog.status.text()
    assert dialog.view.state(free[0].seat_id) is SeatState.HOUSE
    with manager_ctx.db.session() as s:
        placed = s.execute(
            select(HouseHold.event_id, HouseHold.release_at, Event.starts_at)
            .join(Event, Event.id == HouseHold.event_id)
            .where(Event.series_id == info.id)
        ).all()
        held = s.scalar(
            select(EventSeat.id)
            .where(EventSeat.event_id == info.event_ids[2], EventSeat.house_hold_id.is_not(None))
            .limit(1)
        )
    assert {p[0] for p in placed} == set(info.event_ids) and held is not None
    offsets = {p[2] - p[1] for p in placed}
    assert len(offsets) == 1  # each performance returns them as long before its own start
    dialog.view.set_selected([free[0].seat_id])
    dialog.release.click()
    assert dialog.status.text() == "Released 3 seats on 3 performances."


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_hold_types_screenshot(
    qtbot: QtBot, manager_ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    """docs/hold-types.png: the hold-type editor with the demo's types."""
    dialog = HoldTypesDialog(manager_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.list.setCurrentRow(1)  # Press
    save(dialog, screens_folder / "hold-types.png", min_width=600, step=9, min_colours=8)
