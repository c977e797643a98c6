"""SeatMapView driven like a clerk would: clicks, rubber band, keys, wheel, tooltips, recolours."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from boxoffice.domain.seatmap import SeatChanges, SeatMap, SeatState
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.gui.seatmap.palette import MINE, PITCH, SOLD_FILL
from boxoffice.gui.seatmap.samples import theatre_map

pytestmark = pytest.mark.gui


def seat_id(seat_map: SeatMap, label: str) -> int:
    return next(p.seat_id for p in seat_map.seats if p.label == label)


def pos(view: SeatMapView, sid: int) -> QPoint:
    point = view.seat_view_pos(sid)
    assert point is not None
    return point


def zoom_on(view: SeatMapView, sid: int, seat_px: float) -> None:
    """Show seats *seat_px* pixels wide, centred on seat *sid*."""
    place = view.seat(sid)
    assert place is not None
    view.setTransform(QTransform.fromScale(seat_px / PITCH, seat_px / PITCH))
    view.centerOn(place.x * PITCH, place.y * PITCH)


def colour_at(view: SeatMapView, point: QPoint) -> QColor:
    return view.viewport().grab().toImage().pixelColor(point)


def close(a: QColor, b: QColor | str, tolerance: int = 12) -> bool:
    b = QColor(b)
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


# --- clicking -----------------------------------------------------------------------------------


def test_click_toggles_an_available_seat_and_emits(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls E9")
    assert view.state(sid) == SeatState.AVAILABLE
    with (
        qtbot.waitSignal(view.seat_toggled) as toggled,
        qtbot.waitSignal(view.selection_changed) as changed,
    ):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))
    assert toggled.args == [sid]
    assert changed.args == [[sid]]
    assert view.is_selected(sid) and view.selected_ids() == [sid]
    with qtbot.waitSignal(view.seat_toggled) as toggled:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))
    assert toggled.args == [sid]
    assert view.selected_ids() == []


@pytest.mark.parametrize(
    ("label", "state"),
    [
        ("Stalls F3", SeatState.HELD_OTHER),
        ("Stalls K1", SeatState.BLOCKED),
    ],
)
def test_seats_of_others_do_not_toggle(qtbot, make_view, theatre, label, state) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, label)
    assert view.state(sid) == state
    with qtbot.assertNotEmitted(view.seat_toggled), qtbot.assertNotEmitted(view.selection_changed):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))
    assert view.selected_ids() == []


def test_sold_seats_do_not_toggle(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sold = [p.seat_id for p in theatre.seats if theatre.states[p.seat_id] == SeatState.SOLD]
    assert len(sold) > 20
    with qtbot.assertNotEmitted(view.seat_toggled):
        for sid in sold[:20]:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))
    assert view.selected_ids() == []


def test_seats_held_by_this_desk_are_selectable(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls C7")
    assert view.state(sid) == SeatState.HELD_MINE
    with qtbot.waitSignal(view.seat_toggled):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))
    assert view.selected_ids() == [sid]


def test_click_between_seats_selects_nothing(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    stage = view.mapFromScene(QPointF(0, -2 * PITCH))  # on the stage, far from any seat
    assert view.seat_at(stage) is None
    with qtbot.assertNotEmitted(view.selection_changed):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=stage)


def test_every_seat_is_hit_where_it_is_drawn(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    for place in theatre.seats:
        assert view.seat_at(pos(view, place.seat_id)) == place.seat_id


# --- rubber band --------------------------------------------------------------------------------


def drag(qtbot: QtBot, view: SeatMapView, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    middle = (start + end) / 2
    qtbot.mouseMove(viewport, QPoint(int(middle.x()), int(middle.y())))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_rubber_band_selects_the_free_seats_inside(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    corner_a, corner_b = (
        pos(view, seat_id(theatre, "Stalls A1")),
        pos(view, seat_id(theatre, "Stalls D6")),
    )
    start, end = corner_a - QPoint(12, 14), corner_b + QPoint(6, 6)
    box = view.mapToScene(start).x() / PITCH, view.mapToScene(end).x() / PITCH
    top, bottom = view.mapToScene(start).y() / PITCH, view.mapToScene(end).y() / PITCH
    inside = [p.seat_id for p in theatre.seats if box[0] <= p.x <= box[1] and top <= p.y <= bottom]
    expected = sorted(
        s for s in inside if theatre.states[s] in (SeatState.AVAILABLE, SeatState.HELD_MINE)
    )
    assert len(expected) >= 5 and len(inside) > len(expected)  # some sold seats inside too
    with qtbot.waitSignal(view.selection_changed) as changed:
        drag(qtbot, view, start, end)
    assert changed.args == [expected]
    assert view.selected_ids() == expected


def test_rubber_band_adds_to_the_selection(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    first = seat_id(theatre, "Circle L1")
    view.set_selected([first])
    start = pos(view, seat_id(theatre, "Stalls A1")) - QPoint(12, 14)
    end = pos(view, seat_id(theatre, "Stalls B3")) + QPoint(6, 6)
    drag(qtbot, view, start, end)
    assert first in view.selected_ids()
    assert len(view.selected_ids()) > 1


# --- read-only ----------------------------------------------------------------------------------


def test_read_only_selects_nothing_and_drag_pans(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls E9")
    view.set_selected([sid])
    with qtbot.waitSignal(view.selection_changed) as changed:
        view.set_read_only(True)
    assert changed.args == [[]]
    with qtbot.assertNotEmitted(view.seat_toggled), qtbot.assertNotEmitted(view.selection_changed):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))
        view.zoom_by(3.0)
        before = view.mapToScene(view.viewport().rect().center())
        drag(qtbot, view, QPoint(400, 300), QPoint(300, 250))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() > before.x() and after.y() > before.y()  # the map moved with the hand
    assert view.selected_ids() == []


# --- state changes ------------------------------------------------------------------------------


@pytest.mark.parametrize("seat_px", [20.0, 10.0, 3.0])  # stamped sprites; cached tile images
def test_apply_changes_recolours_the_seat(qtbot, make_view, theatre, seat_px) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls E9")
    zoom_on(view, sid, seat_px)
    at = pos(view, sid)
    premium = next(t for t in theatre.tiers if t.name == "Standard")
    assert close(colour_at(view, at), premium.colour)
    with qtbot.waitSignal(view.states_changed):
        view.apply_changes(SeatChanges(theatre.event_id, 2, {sid: SeatState.SOLD}))
    assert view.state(sid) == SeatState.SOLD
    assert close(colour_at(view, at), SOLD_FILL)
    view.apply_changes(SeatChanges(theatre.event_id, 3, {sid: SeatState.HELD_MINE}))
    off = round(seat_px * 0.2)  # beside the tick drawn in the middle of a seat held here
    assert close(colour_at(view, at - QPoint(off, off)), MINE)


def test_selected_seat_taken_elsewhere_leaves_the_selection(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    a, b = seat_id(theatre, "Stalls E9"), seat_id(theatre, "Stalls E10")
    view.set_selected([a, b])
    with qtbot.waitSignal(view.selection_changed) as changed:
        view.apply_changes(SeatChanges(theatre.event_id, 2, {a: SeatState.HELD_OTHER}))
    assert changed.args == [[b]]


def test_stale_or_foreign_changes_are_ignored(make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls E9")
    view.apply_changes(SeatChanges(theatre.event_id, 5, {}))
    view.apply_changes(SeatChanges(theatre.event_id, 4, {sid: SeatState.SOLD}))  # older poll
    view.apply_changes(SeatChanges(theatre.event_id + 1, 9, {sid: SeatState.SOLD}))  # other event
    assert view.state(sid) == SeatState.AVAILABLE
    assert view.version == 5


def test_expired_holds_are_drawn_and_sold_as_available(qtbot, make_view, theatre) -> None:
    sid = seat_id(theatre, "Stalls E9")
    states = {**theatre.states, sid: SeatState.HELD_OTHER}
    stale = SeatMap(
        theatre.event_id,
        theatre.stage,
        theatre.tiers,
        theatre.seats,
        states,
        1,
        {sid: time.time() - 5},
    )
    view = make_view(stale)
    zoom_on(view, sid, 20)
    assert view.state(sid) == SeatState.AVAILABLE
    standard = next(t for t in theatre.tiers if t.name == "Standard")
    assert close(colour_at(view, pos(view, sid)), standard.colour)
    with qtbot.waitSignal(view.seat_toggled):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos(view, sid))


def test_a_hold_lapsing_while_shown_turns_available(qtbot, make_view, theatre) -> None:
    sid = seat_id(theatre, "Stalls E9")
    view = make_view(theatre)
    view.apply_changes(
        SeatChanges(theatre.event_id, 2, {sid: SeatState.HELD_OTHER}, {sid: time.time() + 0.3})
    )
    assert view.state(sid) == SeatState.HELD_OTHER
    with qtbot.waitSignal(view.states_changed, timeout=3000):
        pass
    assert view.state(sid) == SeatState.AVAILABLE


def test_set_selected_keeps_only_selectable_seats(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    free, sold = seat_id(theatre, "Stalls E9"), seat_id(theatre, "Stalls K1")
    with qtbot.waitSignal(view.selection_changed) as changed:
        view.set_selected([free, sold, 999_999])
    assert changed.args == [[free]]
    with qtbot.waitSignal(view.selection_changed) as changed:
        view.clear_selection()
    assert changed.args == [[]]
    with qtbot.assertNotEmitted(view.selection_changed):
        view.clear_selection()


def test_reloading_the_same_event_keeps_selection_and_zoom(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls E9")
    view.set_selected([sid])
    view.zoom_by(2.0)
    scale = view.transform().m11()
    with qtbot.assertNotEmitted(view.selection_changed):
        view.set_map(theatre)
    assert view.selected_ids() == [sid]
    assert view.transform().m11() == pytest.approx(scale)
    other = theatre_map(event_id=theatre.event_id + 1)
    with qtbot.waitSignal(view.selection_changed) as changed:
        view.set_map(other)
    assert changed.args == [[]]


# --- zoom and pan -------------------------------------------------------------------------------


def test_zoom_keys_change_the_transform(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    view.setFocus()
    fitted = view.transform().m11()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.transform().m11() == pytest.approx(fitted / 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.transform().m11() == pytest.approx(fitted)


def test_ctrl_arrow_keys_pan(qtbot, make_view, theatre) -> None:
    """Plain arrows move the seat cursor (test_seat_cursor.py); Ctrl+arrows pan."""
    view = make_view(theatre)
    fitted = view.transform().m11()
    view.zoom_by(3.0)
    centre = view.mapToScene(view.viewport().rect().center())
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view, Qt.Key.Key_Right, ctrl)
    qtbot.keyClick(view, Qt.Key.Key_Down, ctrl)
    moved = view.mapToScene(view.viewport().rect().center())
    assert moved.x() > centre.x() and moved.y() > centre.y()
    assert view.cursor_seat() is None
    qtbot.keyClick(view, Qt.Key.Key_Left, ctrl)
    qtbot.keyClick(view, Qt.Key.Key_Up, ctrl)
    back = view.mapToScene(view.viewport().rect().center())
    assert back.x() == pytest.approx(centre.x(), abs=1) and back.y() == pytest.approx(
        centre.y(), abs=1
    )
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.transform().m11() == pytest.approx(fitted)


def test_wheel_zooms_around_the_cursor(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Circle L1")
    cursor = pos(view, sid)
    scene_before = view.mapToScene(cursor)
    scale = view.transform().m11()
    wheel = QWheelEvent(
        QPointF(cursor),
        QPointF(view.viewport().mapToGlobal(cursor)),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.transform().m11() > scale * 1.3
    scene_after = view.mapToScene(cursor)
    assert abs(scene_after.x() - scene_before.x()) < PITCH / 4
    assert abs(scene_after.y() - scene_before.y()) < PITCH / 4
    assert view.seat_at(cursor) == sid


def test_zoom_is_bounded(make_view, theatre) -> None:
    view = make_view(theatre)
    for _ in range(40):
        view.zoom_by(1.5)
    assert view.transform().m11() * PITCH <= 96.0 + 1e-6
    for _ in range(80):
        view.zoom_by(1 / 1.5)
    assert view.transform().m11() > 0


def test_middle_drag_pans(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    view.zoom_by(3.0)
    before = view.mapToScene(view.viewport().rect().center())
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(400, 300))
    qtbot.mouseMove(viewport, QPoint(300, 300))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(300, 300))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() - before.x() == pytest.approx(100 / view.transform().m11(), abs=2)


def test_ensure_visible_brings_seats_into_view(make_view, theatre) -> None:
    view = make_view(theatre)
    view.zoom_by(4.0)
    far = [seat_id(theatre, "Circle P16"), seat_id(theatre, "Circle P15")]
    assert not view.viewport().rect().contains(pos(view, far[0]))
    view.ensure_visible(far)
    assert all(view.viewport().rect().contains(pos(view, s)) for s in far)


# --- tooltips, legend, flashes ------------------------------------------------------------------


@pytest.mark.qt_log_ignore("does not support raise")  # offscreen platform, showing the tip
def test_tooltip_tells_seat_tier_price_and_state(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls A1")
    text = view.seat_tooltip(sid)
    assert text.splitlines() == [
        "Stalls · Row A · Seat 1",
        "Premium — €65.00",
        "Available",
        "Wheelchair space",
    ]
    held = view.seat_tooltip(seat_id(theatre, "Stalls C7"))
    assert "Held by you until" in held
    at = pos(view, sid)
    event = QHelpEvent(QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == text
    QToolTip.hideText()


def test_legend_lists_tiers_with_price_and_seats_left(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    legend = SeatLegend(view)
    qtbot.addWidget(legend)
    texts = legend.texts()
    premium_left = sum(
        1
        for p in theatre.seats
        if p.tier_id == 1 and theatre.states[p.seat_id] == SeatState.AVAILABLE
    )
    assert f"Premium €65.00 · {premium_left} left" in texts
    assert {
        "Sold",
        "Held by you",
        "Held at another desk",
        "Not for sale",
        "Wheelchair space",
    } <= set(texts)
    free = next(
        p.seat_id
        for p in theatre.seats
        if p.tier_id == 1 and theatre.states[p.seat_id] == SeatState.AVAILABLE
    )
    view.apply_changes(SeatChanges(theatre.event_id, 2, {free: SeatState.SOLD}))
    assert f"Premium €65.00 · {premium_left - 1} left" in legend.texts()


def test_recent_changes_flash_then_fade(qtbot, make_view, theatre) -> None:
    view = make_view(theatre)
    sid = seat_id(theatre, "Stalls E9")
    plain = view.viewport().grab().toImage()
    view.highlight_recent([sid], seconds=0.3)
    assert view.flashing_ids() == [sid]
    assert view.viewport().grab().toImage() != plain  # a ring is drawn around the seat
    qtbot.waitUntil(lambda: view.flashing_ids() == [], timeout=3000)
    assert view.viewport().grab().toImage() == plain
