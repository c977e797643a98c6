"""The stage in the venue designer: typed in the Stage boxes or dragged in the preview, saved
through ``venues.set_stage`` off the GUI thread, refused values explained in the tab."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.seatmap import Stage
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.venues import VenueDesignerTab
from boxoffice.gui.manager.venues.preview import BLOCK, SCALE
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventQuery
from boxoffice.services.venues import layouts as venues
from tests.gui.conftest import MessageLog
from tests.gui.manager.venues.test_venue_designer import choose_venue, designer, send_mouse  # noqa: F401

pytestmark = pytest.mark.gui


def stored_stage(ctx: AppContext, tab: VenueDesignerTab) -> Stage:
    assert tab.layout_detail is not None
    return venues.get_layout(ctx.db, ctx.actor, tab.layout_detail.id).stage


def stage_point(tab: VenueDesignerTab) -> QPoint:
    item = tab.preview.stage_item
    assert item is not None
    return tab.preview.mapFromScene(item.pos())


def drag(tab: VenueDesignerTab, start: QPoint, end: QPoint) -> None:
    send_mouse(tab.preview, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    send_mouse(tab.preview, QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton)
    send_mouse(tab.preview, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def test_type_the_stage_place_and_size_then_apply(
    designer: VenueDesignerTab,  # noqa: F811
    manager_ctx: AppContext,
) -> None:
    log = MessageLog()
    log.attach(manager_ctx.messages)
    choose_venue(designer, "Royal Court Theatre")
    before = stored_stage(manager_ctx, designer)
    editor = designer.stage_editor
    assert designer.stage_box.isEnabled()
    assert editor.stage() == before  # the saved stage is shown
    assert not editor.apply_button.isEnabled() and not editor.revert_button.isEnabled()

    editor.pos_x.setValue(before.x + 4)
    editor.pos_y.setValue(before.y - 3)
    editor.width_box.setValue(12)
    editor.depth_box.setValue(2.5)
    wanted = Stage(before.x + 4, before.y - 3, 12.0, 2.5)
    item = designer.preview.stage_item
    assert item is not None and item.unsaved and item.stage == wanted  # previewed at once
    assert item.pos() == QPointF(wanted.x * SCALE, wanted.y * SCALE)
    assert stored_stage(manager_ctx, designer) == before  # nothing saved before Apply
    assert editor.apply_button.isEnabled()

    editor.apply_button.click()

    assert designer.error_text == ""
    assert stored_stage(manager_ctx, designer) == wanted
    assert designer.layout_detail is not None and designer.layout_detail.stage == wanted
    redrawn = designer.preview.stage_item
    assert redrawn is not None and redrawn is not item  # drawn again from the saved layout
    assert redrawn.stage == wanted and not redrawn.unsaved
    assert not editor.dirty and not editor.apply_button.isEnabled()
    assert log.infos[-1] == f"Stage saved: centre {wanted.x:g}, {wanted.y:g}; 12 × 2.5."
    # The clerk's seat map of an event in this theatre draws the stage there too.
    hamlet = next(
        e for e in catalog.search_events(manager_ctx.db, manager_ctx.actor, EventQuery("Hamlet"))
    )
    assert catalog.seat_map(manager_ctx.db, manager_ctx.actor, hamlet.id).stage == wanted


def test_drag_the_stage_to_move_it(
    designer: VenueDesignerTab,  # noqa: F811
    manager_ctx: AppContext,
) -> None:
    choose_venue(designer, "Riverside Arena")
    before = stored_stage(manager_ctx, designer)
    start = stage_point(designer)
    scale = designer.preview.transform().m11()
    end = start + QPoint(round(2 * SCALE * scale), round(-1 * SCALE * scale))

    drag(designer, start, end)

    assert designer.error_text == ""
    after = stored_stage(manager_ctx, designer)
    assert after == Stage(before.x + 2, before.y - 1, before.w, before.h)
    editor = designer.stage_editor
    assert editor.stage() == after and not editor.dirty
    item = designer.preview.stage_item
    assert item is not None and item.stage == after and not item.unsaved


def test_the_stage_does_not_move_in_seat_modes(
    designer: VenueDesignerTab,  # noqa: F811
    manager_ctx: AppContext,
) -> None:
    choose_venue(designer, "Riverside Arena")
    before = stored_stage(manager_ctx, designer)
    designer.set_mode(BLOCK)
    start = stage_point(designer)
    drag(designer, start, start + QPoint(60, 30))
    assert stored_stage(manager_ctx, designer) == before
    item = designer.preview.stage_item
    assert item is not None and item.stage == before


def test_a_refused_stage_is_explained_and_can_be_reverted(
    designer: VenueDesignerTab,  # noqa: F811
    manager_ctx: AppContext,
) -> None:
    choose_venue(designer, "Royal Court Theatre")
    before = stored_stage(manager_ctx, designer)
    editor = designer.stage_editor
    editor.width_box.setValue(0)
    editor.apply_button.click()
    assert designer.error_text == "The stage needs a width and a depth greater than 0."
    assert stored_stage(manager_ctx, designer) == before
    assert editor.dirty and editor.width_box.value() == 0  # the edit stays, to be corrected

    editor.revert_button.click()
    assert editor.stage() == before and not editor.dirty
    item = designer.preview.stage_item
    assert item is not None and item.stage == before and not item.unsaved

    # An edit not applied yet survives another change to the layout (a section moved).
    editor.pos_y.setValue(before.y - 2)
    layout = designer.layout_detail
    assert layout is not None
    circle = layout.sections[1]
    designer.move_section(circle.id, circle.spec.origin_x, circle.spec.origin_y + 1)
    assert designer.error_text == ""
    assert editor.dirty and editor.pos_y.value() == before.y - 2
    assert item is not designer.preview.stage_item
    shown = designer.preview.stage_item
    assert shown is not None and shown.unsaved and shown.stage.y == before.y - 2
    editor.apply_button.click()
    assert stored_stage(manager_ctx, designer) == Stage(before.x, before.y - 2, before.w, before.h)


def test_saving_runs_on_a_worker_thread(qtbot: QtBot, make_ctx: Callable[..., AppContext]) -> None:
    ctx = make_ctx("manager", threaded=True)
    tab = VenueDesignerTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 860)
    tab.show()
    qtbot.waitUntil(lambda: tab.layout_detail is not None, timeout=10_000)
    before = tab.layout_detail.stage  # type: ignore[union-attr]
    tab.stage_editor.depth_box.setValue(before.h + 1)
    tab.stage_editor.apply_button.click()
    qtbot.waitUntil(lambda: not tab.stage_editor.dirty, timeout=10_000)
    assert stored_stage(ctx, tab) == Stage(before.x, before.y, before.w, before.h + 1)


def test_a_clerk_cannot_move_the_stage(qtbot: QtBot, make_ctx: Callable[..., AppContext]) -> None:
    manager = make_ctx("manager")
    tab = VenueDesignerTab(manager)
    qtbot.addWidget(tab)
    choose_venue(tab, "Royal Court Theatre")
    before = stored_stage(manager, tab)
    tab.ctx = make_ctx("clerk")  # signed in as a clerk at this desk instead
    tab.stage_editor.pos_x.setValue(before.x + 1)
    tab.stage_editor.apply_button.click()
    assert "not allowed to manage venues" in tab.error_text
    assert stored_stage(manager, tab) == before
