"""The Venues tab driven like a manager would: sections, drag, rotate, seat clicks, JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.venues import VenueDesignerTab
from boxoffice.gui.manager.venues import tab as tab_module
from boxoffice.gui.manager.venues.preview import ACCESS, BLOCK, SCALE, LayoutPreview
from boxoffice.services.venues import layouts as venues
from tests.gui.conftest import MessageLog

pytestmark = pytest.mark.gui


@pytest.fixture
def designer(qtbot: QtBot, manager_ctx: AppContext) -> VenueDesignerTab:
    tab = VenueDesignerTab(manager_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 860)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def choose_venue(tab: VenueDesignerTab, name: str) -> None:
    tab.venue_combo.setCurrentIndex(tab.venue_combo.findText(name))


def view_point(view: LayoutPreview, scene: QPointF) -> QPoint:
    return view.mapFromScene(scene)


def send_mouse(view: LayoutPreview, kind: QEvent.Type, at: QPoint, buttons: Qt.MouseButton) -> None:
    """A real mouse event on the viewport (QTest's moves carry no buttons, so drags need this)."""
    event = QMouseEvent(
        kind,
        QPointF(at),
        QPointF(view.viewport().mapToGlobal(at)),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), event)


def click(view: LayoutPreview, at: QPoint) -> None:
    send_mouse(view, QEvent.Type.MouseButtonPress, at, Qt.MouseButton.LeftButton)
    send_mouse(view, QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.NoButton)


def seat_point(tab: VenueDesignerTab, seat_id: int) -> QPoint:
    layout = tab.layout_detail
    assert layout is not None
    seat = next(x for x in layout.seats if x.id == seat_id)
    return view_point(tab.preview, QPointF(seat.x * SCALE, seat.y * SCALE))


def test_build_a_layout_from_scratch(
    designer: VenueDesignerTab, manager_ctx: AppContext, qtmodeltester: ModelTester
) -> None:
    designer.create_venue("Studio Theatre", "2 Side Street")
    assert designer.venue_combo.currentText() == "Studio Theatre"
    assert designer.layout_detail is None and not designer.add_button.isEnabled()
    designer.create_layout("Thrust")
    assert designer.layout_detail is not None and designer.layout_detail.name == "Thrust"

    designer.begin_add()
    props = designer.properties
    props.name.setText("Front")
    props.rows.setValue(4)
    props.seats.setValue(12)
    props.curve.setValue(0.5)
    assert designer.preview.preview_item is not None
    assert len(designer.preview.preview_item.dots) == 48  # previewed before saving
    designer.apply()

    designer.begin_add()
    props.name.setText("Back")
    props.first_row.setValue(4)
    props.labels.setCurrentIndex(props.labels.findData("numbers"))
    designer.apply()

    layout = designer.layout_detail
    assert layout is not None and designer.error_text == ""
    assert [(s.name, s.seats) for s in layout.sections] == [("Front", 48), ("Back", 50)]
    back = {x.row_label for x in layout.seats if x.section_id == layout.sections[1].id}
    assert back == {"5", "6", "7", "8", "9"}
    assert designer.sections.rowCount() == 2
    qtmodeltester.check(designer.sections)
    assert designer.layout_combo.currentText() == "Thrust (98 seats)"
    stored = venues.get_layout(manager_ctx.db, manager_ctx.actor, layout.id)
    assert len(stored.seats) == 98


def test_errors_are_shown_in_the_tab(designer: VenueDesignerTab) -> None:
    choose_venue(designer, "Royal Court Theatre")
    designer.select_section(designer.layout_detail.sections[0].id)  # type: ignore[union-attr]
    designer.properties.seats.setValue(20)  # the theatre has bookings: counts are fixed
    assert not designer.properties.seats.isEnabled()
    designer.apply()
    assert "which has bookings, so seats cannot be added" in designer.error_text
    assert not designer.add_button.isEnabled() and not designer.delete_button.isEnabled()


def test_drag_a_section_to_move_it(designer: VenueDesignerTab, manager_ctx: AppContext) -> None:
    choose_venue(designer, "Royal Court Theatre")
    layout = designer.layout_detail
    assert layout is not None
    circle = layout.sections[1]
    item = designer.preview.items_by_id[circle.id]
    seat = next(x for x in layout.seats if x.section_id == circle.id)
    start = seat_point(designer, seat.id)
    # Three seats to the right and two back, in view pixels.
    scale = designer.preview.transform().m11()
    end = start + QPoint(round(3 * SCALE * scale), round(2 * SCALE * scale))

    send_mouse(designer.preview, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    send_mouse(designer.preview, QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton)
    send_mouse(designer.preview, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)

    assert designer.error_text == ""
    moved = venues.get_layout(manager_ctx.db, manager_ctx.actor, layout.id)
    spec = moved.section(circle.id).spec
    assert (spec.origin_x, spec.origin_y) == (circle.spec.origin_x + 3, circle.spec.origin_y + 2)
    after = next(x for x in moved.seats if x.id == seat.id)
    assert (after.x, after.y) == pytest.approx((seat.x + 3, seat.y + 2), abs=1e-3)
    assert designer.section_id == circle.id
    assert designer.properties.pos_y.value() == circle.spec.origin_y + 2
    assert item is not designer.preview.items_by_id[circle.id]  # redrawn from the saved layout


def test_rotate_with_the_spinbox(designer: VenueDesignerTab, manager_ctx: AppContext) -> None:
    choose_venue(designer, "Riverside Arena")
    layout = designer.layout_detail
    assert layout is not None
    floor = layout.sections[0]
    designer.select_section(floor.id)
    designer.properties.rotation.setValue(15)
    preview = designer.preview.preview_item
    assert preview is not None and preview.preview
    designer.apply()
    rotated = venues.get_layout(manager_ctx.db, manager_ctx.actor, layout.id)
    assert rotated.section(floor.id).spec.rotation == 15.0
    assert [x.id for x in rotated.seats] == [x.id for x in layout.seats]  # same seats, moved
    assert designer.preview.preview_item is None


def test_click_seats_to_block_and_mark_accessible(
    designer: VenueDesignerTab, manager_ctx: AppContext
) -> None:
    choose_venue(designer, "Riverside Arena")
    layout = designer.layout_detail
    assert layout is not None
    seat = next(x for x in layout.seats if not x.blocked and not x.accessible)
    designer.set_mode(BLOCK)
    click(designer.preview, seat_point(designer, seat.id))
    blocked = venues.get_layout(manager_ctx.db, manager_ctx.actor, layout.id)
    assert next(x for x in blocked.seats if x.id == seat.id).blocked
    assert designer.error_text == ""

    click(designer.preview, seat_point(designer, seat.id))  # again: unblocked
    designer.set_mode(ACCESS)
    click(designer.preview, seat_point(designer, seat.id))
    final = venues.get_layout(manager_ctx.db, manager_ctx.actor, layout.id)
    flags = next(x for x in final.seats if x.id == seat.id)
    assert not flags.blocked and flags.accessible


def test_box_select_blocks_several_seats(designer: VenueDesignerTab) -> None:
    choose_venue(designer, "Royal Court Theatre")
    layout = designer.layout_detail
    assert layout is not None
    stalls = layout.sections[0].id
    row_a = sorted((x for x in layout.seats if x.section_id == stalls and x.row_label == "A"),
                   key=lambda x: x.x)[:3]  # fmt: skip
    designer.set_mode(BLOCK)
    points = [seat_point(designer, x.id) for x in row_a]  # the row curves: box them all
    corner_a = QPoint(min(p.x() for p in points) - 4, min(p.y() for p in points) - 4)
    corner_b = QPoint(max(p.x() for p in points) + 4, max(p.y() for p in points) + 4)
    send_mouse(designer.preview, QEvent.Type.MouseButtonPress, corner_a, Qt.MouseButton.LeftButton)
    send_mouse(designer.preview, QEvent.Type.MouseMove, corner_b, Qt.MouseButton.LeftButton)
    send_mouse(designer.preview, QEvent.Type.MouseButtonRelease, corner_b, Qt.MouseButton.NoButton)
    after = designer.layout_detail
    assert after is not None
    assert {x.id for x in after.seats if x.blocked} == {x.id for x in row_a}


def test_export_then_import_json(
    designer: VenueDesignerTab, manager_ctx: AppContext, tmp_path: Path
) -> None:
    choose_venue(designer, "Royal Court Theatre")
    layout = designer.layout_detail
    assert layout is not None
    path = tmp_path / "theatre.json"
    designer.export_file(str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "boxoffice-layout" and data["version"] == 1
    assert [s["name"] for s in data["sections"]] == ["Stalls", "Circle"]

    designer.import_file(str(path))

    assert designer.error_text == ""
    imported = designer.layout_detail
    assert imported is not None and imported.name == "Standard (2)"
    assert len(imported.seats) == len(layout.seats) == 204
    assert designer.layout_combo.currentText() == "Standard (2) (204 seats)"

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "boxoffice-layout", "version": 1, "name": "X", "sections": 3}')
    designer.import_file(str(bad))
    assert "sections: expected a list" in designer.error_text


def test_delete_a_section(
    designer: VenueDesignerTab, manager_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tab_module, "ask", lambda *a, **k: True)
    designer.create_venue("Pop-up")
    designer.create_layout("Only")
    for name in ("A block", "B block"):
        designer.begin_add()
        designer.properties.name.setText(name)
        designer.apply()
    layout = designer.layout_detail
    assert layout is not None and len(layout.sections) == 2
    designer.select_section(layout.sections[0].id)
    designer.delete_section()
    after = designer.layout_detail
    assert after is not None and [s.name for s in after.sections] == ["B block"]


def test_edit_and_delete_venues_and_layouts(
    designer: VenueDesignerTab,
    manager_ctx: AppContext,
    manager_messages: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ⋯ menus beside the pickers: rename a layout, edit a venue, delete both; what events
    use is refused with the reason, and a refused delete leaves everything as it was."""
    monkeypatch.setattr(tab_module, "ask", lambda *a, **k: True)
    designer.create_venue("Pop-up", "1 Old Road")
    designer.create_layout("First")
    designer.create_layout("Second")
    assert designer.layout_menu_button.isEnabled() and designer.venue_menu_button.isEnabled()
    designer.rename_layout("  Thrust  ")
    assert designer.layout_combo.currentText().startswith("Thrust")
    assert "Layout renamed “Thrust”." in manager_messages.infos

    designer.edit_venue("Pop-up Hall", "2 New Road")
    assert designer.venue_combo.currentText() == "Pop-up Hall"
    venue = next(
        v for v in venues.list_venues(manager_ctx.db, manager_ctx.actor) if v.name == "Pop-up Hall"
    )
    assert venue.address == "2 New Road" and len(venue.layouts) == 2

    designer.delete_layout()
    venue = next(
        v for v in venues.list_venues(manager_ctx.db, manager_ctx.actor) if v.id == venue.id
    )
    assert [x.name for x in venue.layouts] == ["First"]
    assert designer.layout_detail is not None and designer.layout_detail.name == "First"

    designer.delete_venue()
    names = [v.name for v in venues.list_venues(manager_ctx.db, manager_ctx.actor)]
    assert "Pop-up Hall" not in names
    assert designer.venue_combo.currentText() == names[0]

    # A venue with events: refused with the reason, nothing deleted.
    used = designer.venue_combo.currentText()
    designer.delete_venue()
    assert "cannot be deleted" in designer.error_text
    assert used in [v.name for v in venues.list_venues(manager_ctx.db, manager_ctx.actor)]
    designer.delete_layout()
    assert "cannot be deleted" in designer.error_text


def test_deleting_asks_first(designer: VenueDesignerTab, manager_ctx: AppContext) -> None:
    designer.create_venue("Kept")  # headless `ask` answers No
    designer.delete_venue()
    assert "Kept" in [v.name for v in venues.list_venues(manager_ctx.db, manager_ctx.actor)]
