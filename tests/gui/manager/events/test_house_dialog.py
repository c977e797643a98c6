"""The House set-up: a manager picks seats on the map (click, drag, whole rows or sections),
holds them for a named type, sees them in its colour and counted; clerks cannot sell them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.models import Event, EventSeat
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import SeatUnavailable
from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.house_dialog import HouseDialog
from boxoffice.services.sales import holds
from tests.gui.screens import save

pytestmark = pytest.mark.gui


def seated_event(ctx: AppContext) -> tuple[int, str, datetime]:
    """The demo's smallest seated upcoming event on sale."""

    def work(s: Session) -> tuple[int, str, datetime]:
        now = utcnow()
        row = s.execute(
            select(Event.id, Event.title, Event.starts_at)
            .join(EventSeat, EventSeat.event_id == Event.id)
            .where(
                Event.sales_open_at <= now, Event.sales_close_at > now, Event.status == "scheduled"
            )
            .group_by(Event.id, Event.title, Event.starts_at)
            .order_by(func.count(), Event.id)
            .limit(1)
        ).one()
        return int(row[0]), str(row[1]), row[2]

    return ctx.db.run(work)


def test_a_manager_holds_whole_rows_and_releases_seats(
    qtbot: QtBot, manager_ctx: AppContext, ctx: AppContext
) -> None:
    event_id, title, starts = seated_event(manager_ctx)
    dialog = HouseDialog(manager_ctx, event_id, title, starts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.kind.count() >= 4
    dialog.kind.setCurrentIndex(dialog.kind.findData(dialog.types[0].id))  # House
    free = [
        p for p in dialog.view.model_places() if dialog.view.state(p.seat_id) is SeatState.AVAILABLE
    ]
    first = free[0]
    dialog.view.set_selected([first.seat_id])
    row = dialog.scope_ids("rows")
    assert len(row) > 1 and first.seat_id in row
    dialog.timed.setChecked(True)
    dialog.place_rows.click()
    assert "Held" in dialog.status.text()
    assert dialog.view.state(first.seat_id) is SeatState.HOUSE
    assert any(t.startswith("House · ") for t in dialog.legend.texts())
    with pytest.raises(SeatUnavailable):
        holds.hold_seats(ctx.db, ctx.actor, event_id, [first.seat_id])
    # A kill on the next seat; the timed box does not apply to kills.
    kill = dialog.kind.findText("Production kill (kill)")
    dialog.kind.setCurrentIndex(kill)
    assert not dialog.timed.isEnabled()
    dialog.grab().save("/tmp/invholds-house.png")
    # Released: a clerk may sell it again.
    dialog.kind.setCurrentIndex(dialog.kind.findData(dialog.types[0].id))
    dialog.view.set_selected([first.seat_id])
    assert dialog.view.selected_ids() == [first.seat_id]  # house seats are pickable here
    dialog.release.click()
    assert "Released 1" in dialog.status.text()
    holds.hold_seats(ctx.db, ctx.actor, event_id, [first.seat_id])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_house_set_up_screenshot(
    qtbot: QtBot, manager_ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    """docs/house.png: house seats on the front row, press seats, a kill behind the desk."""
    event_id, title, starts = seated_event(manager_ctx)
    dialog = HouseDialog(manager_ctx, event_id, title, starts)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    places = [
        p for p in dialog.view.model_places() if dialog.view.state(p.seat_id) is SeatState.AVAILABLE
    ]
    by_row: dict[tuple[str, str], list[int]] = {}
    for p in places:
        by_row.setdefault((p.section, p.row), []).append(p.seat_id)
    rows = sorted(by_row)
    plan = [("House", by_row[rows[0]], True), ("Press", by_row[rows[1]][:6], False)]
    plan.append(("Production kill (kill)", by_row[rows[-1]][-4:], False))
    plan.append(("Allocation", by_row[rows[-2]][:8], True))
    for name, ids, timed in plan:
        dialog.kind.setCurrentIndex(dialog.kind.findText(name))
        dialog.label.setText("Phone" if dialog.label.isEnabled() else "")
        dialog.timed.setChecked(timed)
        dialog.view.set_selected(ids)
        dialog.place_seats.click()
    dialog.view.set_selected(by_row[rows[2]][:3])
    qtbot.wait(100)
    texts = " ".join(dialog.legend.texts())
    assert "House ·" in texts and "Press · 6 held" in texts and "Production kill · 4 kill" in texts
    assert "Allocation · 8 held" in texts
    save(dialog, screens_folder / "house.png", min_width=1000, step=17, min_colours=12)
