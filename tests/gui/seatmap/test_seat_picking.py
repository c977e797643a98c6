"""Seats that are easy to hit and states that are easy to tell apart (issue 15.3): the nearest
seat within half a pitch takes a click, a double-click zooms to a section, state colours are
never a tier's and differ by pattern or outline, a new sale's flash is plain to see, and a
section's name is not drawn over seats when zoomed in."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QTransform
from pytestqt.qtbot import QtBot

from boxoffice.domain.colour_choices import TIER_COLOURS
from boxoffice.domain.layout import ROW_PITCH
from boxoffice.domain.seatmap import SeatMap, SeatPlace
from boxoffice.gui.context import AppContext
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.gui.seatmap.palette import (
    AVAILABLE,
    BLOCKED,
    FLASH,
    HELD_MINE,
    HELD_OTHER,
    PITCH,
    SOLD,
    SeatLook,
)
from boxoffice.gui.seatmap.samples import stadium_map, theatre_map
from boxoffice.gui.seatmap.sprites import swatch
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventQuery

pytestmark = pytest.mark.gui

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
STATE_ROLES = (
    "map_mine",
    "map_held_other_fill",
    "map_held_other_hatch",
    "map_held_other_flat",
    "map_sold",
    "map_blocked",
    "map_flash",
    "monitor_held",
    "monitor_sold",
)


def place_of(seat_map: SeatMap, label: str) -> SeatPlace:
    return next(p for p in seat_map.seats if p.label == label)


def at_units(view: SeatMapView, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x * PITCH, y * PITCH))


def zoom(view: SeatMapView, seat_px: float, x: float, y: float) -> None:
    view.setTransform(QTransform.fromScale(seat_px / PITCH, seat_px / PITCH))
    view.centerOn(x * PITCH, y * PITCH)


def test_a_click_between_rows_takes_the_nearest_seat(
    qtbot: QtBot, make_view: Callable[..., SeatMapView]
) -> None:
    theatre = theatre_map()
    view = make_view(theatre)
    e9, f9 = place_of(theatre, "Stalls E9"), place_of(theatre, "Stalls F9")
    assert math.isclose(math.dist((e9.x, e9.y), (f9.x, f9.y)), ROW_PITCH, rel_tol=0.2)
    zoom(view, 8.0, e9.x, e9.y)  # seats about seven pixels wide
    # 45 % of the way from E9 to F9: between the rows, nearer E9.
    x, y = e9.x + 0.45 * (f9.x - e9.x), e9.y + 0.45 * (f9.y - e9.y)
    assert view.seat_at(at_units(view, x, y)) == e9.seat_id
    x, y = e9.x + 0.55 * (f9.x - e9.x), e9.y + 0.55 * (f9.y - e9.y)
    assert view.seat_at(at_units(view, x, y)) == f9.seat_id
    with qtbot.waitSignal(view.seat_toggled) as toggled:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=at_units(view, e9.x + 0.5, e9.y)
        )  # halfway to the next seat of the row
    assert toggled.args[0] in (e9.seat_id, place_of(theatre, "Stalls E10").seat_id)
    # More than half a pitch from every seat (the stage): nothing.
    assert view.seat_at(at_units(view, 0, theatre.stage.y)) is None


def test_double_click_zooms_to_the_section_and_keeps_the_selection(
    qtbot: QtBot,
    make_view: Callable[..., SeatMapView],
) -> None:
    stadium = stadium_map()
    view = make_view(stadium)
    seat = next(p for p in stadium.seats if p.section == "105")
    point = view.seat_view_pos(seat.seat_id)
    assert point is not None
    before = view.transform().m11()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.transform().m11() > before * 3
    section = [p for p in stadium.seats if p.section == "105"]
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    box = QRectF(
        min(p.x for p in section) * PITCH,
        min(p.y for p in section) * PITCH,
        (max(p.x for p in section) - min(p.x for p in section)) * PITCH,
        (max(p.y for p in section) - min(p.y for p in section)) * PITCH,
    )
    assert visible.contains(box)
    assert view.selected_ids() == []  # the double-click selected nothing


def _rgb(colour: str) -> tuple[int, int, int]:
    c = QColor(colour)
    return c.red(), c.green(), c.blue()


@pytest.mark.parametrize("theme_file", ["standard.colours.toml", "high-contrast.colours.toml"])
def test_state_colours_are_never_a_tier_colour(theme_file: str) -> None:
    standard = tomllib.loads((RESOURCES / "standard.colours.toml").read_text())["colours"]
    colours = {**standard, **tomllib.loads((RESOURCES / theme_file).read_text())["colours"]}
    for role in STATE_ROLES:
        for tier in TIER_COLOURS:
            distance = math.dist(_rgb(colours[role]), _rgb(tier))
            assert distance >= 75, (role, colours[role], tier, round(distance))


def _grey(image: QImage) -> np.ndarray:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = grey.width(), grey.height()
    raw = np.frombuffer(grey.constBits(), np.uint8, grey.bytesPerLine() * height)
    return raw.reshape(height, grey.bytesPerLine())[:, :width].astype(np.int16)


def test_states_differ_without_colour() -> None:
    """In grey (as a colour-blind clerk may see them) every state still looks different from
    the others and from an available seat of any tier: pattern, outline or tick."""
    looks = {
        "held by you": SeatLook(HELD_MINE, ""),
        "held": SeatLook(HELD_OTHER, ""),
        "sold": SeatLook(SOLD, ""),
        "not for sale": SeatLook(BLOCKED, ""),
        **{f"tier {c}": SeatLook(AVAILABLE, c) for c in TIER_COLOURS},
    }
    greys = {name: _grey(swatch(look, 24).toImage()) for name, look in looks.items()}
    states = ("held by you", "held", "sold", "not for sale")
    for state in states:
        for other, image in greys.items():
            if other == state:
                continue
            difference = np.abs(greys[state] - image).mean()
            assert difference > 6, (state, other, difference)


@pytest.mark.parametrize("seat_px", [3.0, 20.0])
def test_a_new_sale_flashes_clearly(
    qtbot: QtBot, make_view: Callable[..., SeatMapView], seat_px: float
) -> None:
    theatre = theatre_map()
    view = make_view(theatre)
    e9 = place_of(theatre, "Stalls E9")
    zoom(view, seat_px, e9.x, e9.y)
    view.highlight_recent([e9.seat_id], 4.0)
    qtbot.wait(60)
    image = view.viewport().grab().toImage()
    centre = at_units(view, e9.x, e9.y)
    flash = QColor(FLASH)
    found = 0
    for dx in range(-40, 41):
        for dy in range(-40, 41):
            p = image.pixelColor(centre.x() + dx, centre.y() + dy)
            if math.dist(_rgb(p.name()), _rgb(flash.name())) < 40:
                found += 1
    assert found >= 40  # a bold ring in full colour, not a faint one


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_section_names_stay_off_the_seats_when_zoomed(
    qtbot: QtBot,
    make_view: Callable[..., SeatMapView],
    ctx: AppContext,
) -> None:
    """The demo arena: behind the Floor's last row lie the North block's seats."""
    events = catalog.search_events(ctx.db, ctx.actor, EventQuery(text="Polar Lights"))
    arena = catalog.seat_map(ctx.db, ctx.actor, events[0].id)
    view = make_view(arena, (1000, 700))
    floor = [p for p in arena.seats if p.section == "Floor"]
    cx = sum(p.x for p in floor) / len(floor)
    px = 14.0
    for y in (min(p.y for p in floor), max(p.y for p in floor)):
        zoom(view, px, cx, y)
        view.viewport().grab()  # paints the labels
        layer = view.scene().labels  # type: ignore[attr-defined]
        model = view.scene().model  # type: ignore[attr-defined]
        spot = layer.placed["Floor"]
        assert spot is not None
        half_w = (len("FLOOR") * 14 + 6) / px / 2  # the name's width at this zoom, in units
        hits = model.seats_in(spot[0] - half_w, spot[1] - 0.5, spot[0] + half_w, spot[1] + 0.5)
        assert hits.size == 0, spot
