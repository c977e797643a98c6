"""Seat map benchmark: a 100,000-seat stadium, bulk tile painter vs one item per seat.

    uv run python bench/seatmap.py                 # figures
    uv run python bench/seatmap.py --screenshots   # also writes docs/seatmap*.png

Renders offscreen at 1600×1000. For the widget (SeatMapView) and for a naive baseline built in
the same run (a QGraphicsRectItem per seat, same render hints), it reports the build time and
the frame time for the full view and for panning at two zooms, then the ratios. A frame is a
full repaint of the viewport (``viewport().grab()``), so scrolling shortcuts don't flatter it.
A last table repeats the full-view frame on square grids of 10,000 and 100,000 seats: the
widget's cost should stay flat while the baseline grows with the seat count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QWidget,
)

from boxoffice.domain.seatmap import SeatChanges, SeatMap, SeatPlace, SeatState, Stage
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.gui.seatmap.palette import PITCH, SEAT_FILL, STATE_FLAT
from boxoffice.gui.seatmap.samples import STADIUM_TIERS, stadium_map, theatre_map

WIDTH, HEIGHT = 1600, 1000
HINTS = (
    QPainter.RenderHint.Antialiasing
    | QPainter.RenderHint.SmoothPixmapTransform
    | QPainter.RenderHint.TextAntialiasing
)
STATE_CODES = {
    SeatState.AVAILABLE: 0,
    SeatState.HELD_MINE: 1,
    SeatState.HELD_OTHER: 2,
    SeatState.SOLD: 3,
    SeatState.BLOCKED: 4,
}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def frame(view: QGraphicsView) -> float:
    """Seconds to repaint the whole viewport."""
    return timed(lambda: view.viewport().grab())


def naive_view(seat_map: SeatMap) -> QGraphicsView:
    """The textbook approach: one QGraphicsRectItem per seat."""
    view = QGraphicsView()
    scene = QGraphicsScene(view)  # parented, so it lives as long as the view
    colours = {t.id: QBrush(QColor(t.colour)) for t in seat_map.tiers}
    flat = {code: QBrush(QColor(c)) for code, c in STATE_FLAT.items()}
    side = PITCH * SEAT_FILL
    for place in seat_map.seats:
        item = QGraphicsRectItem(place.x * PITCH - side / 2, place.y * PITCH - side / 2, side, side)
        code = STATE_CODES[seat_map.states.get(place.seat_id, SeatState.AVAILABLE)]
        item.setBrush(colours[place.tier_id] if code == 0 else flat[code])
        item.setPen(Qt.PenStyle.NoPen)
        scene.addItem(item)
    view.setScene(scene)
    view.setRenderHints(HINTS)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


def show(view: QGraphicsView) -> None:
    view.resize(WIDTH, HEIGHT)
    view.show()
    QApplication.processEvents()


def fit(view: QGraphicsView) -> None:
    if isinstance(view, SeatMapView):
        view.fit()
    else:
        view.fitInView(view.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)


def zoom_to(view: QGraphicsView, seat_px: float, centre: tuple[float, float]) -> None:
    scale = seat_px / PITCH
    view.setTransform(QTransform.fromScale(scale, scale))
    view.centerOn(centre[0] * PITCH, centre[1] * PITCH)


def pan_frames(view: QGraphicsView, frames: int) -> list[float]:
    """Frame times while panning a quarter viewport per frame (new seats come into view)."""
    times = []
    for i in range(frames):
        step = WIDTH // 4 if (i // 4) % 2 == 0 else -WIDTH // 4
        bar = view.horizontalScrollBar()
        bar.setValue(bar.value() + step)
        times.append(frame(view))
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def measure(view: QGraphicsView, centre: tuple[float, float]) -> dict[str, float]:
    show(view)
    fit(view)
    out = {"full, first frame": frame(view)}
    out["full, steady frame"] = statistics.median(frame(view) for _ in range(5))
    zoom_to(view, 6.0, centre)
    frame(view)
    out["6 px/seat, panning"] = statistics.median(pan_frames(view, 8))
    zoom_to(view, 24.0, centre)
    frame(view)
    out["24 px/seat, panning"] = statistics.median(pan_frames(view, 8))
    return out


def grid_map(seats: int) -> SeatMap:
    """A plain square block of *seats* seats, a third sold."""
    side = int(seats**0.5)
    places = tuple(
        SeatPlace(
            i + 1,
            "Block",
            str(i // side + 1),
            i % side + 1,
            float(i % side),
            float(i // side),
            1 + (i // side) * 4 // side,
        )
        for i in range(side * side)
    )
    states = {
        p.seat_id: SeatState.SOLD if p.seat_id % 3 == 0 else SeatState.AVAILABLE for p in places
    }
    return SeatMap(99, Stage(side / 2, -4, side / 2, 3), STADIUM_TIERS, places, states, 1)


def scaling() -> list[tuple[int, float, float]]:
    rows = []
    for seats in (10_000, 100_000):
        seat_map = grid_map(seats)
        bulk = SeatMapView()
        bulk.set_map(seat_map)
        show(bulk)
        bulk.fit()
        frame(bulk)
        bulk_t = statistics.median(frame(bulk) for _ in range(5))
        naive = naive_view(seat_map)
        show(naive)
        fit(naive)
        frame(naive)
        naive_t = statistics.median(frame(naive) for _ in range(3))
        rows.append((len(seat_map.seats), bulk_t, naive_t))
        bulk.close()
        naive.close()
    return rows


def changes_cost(view: SeatMapView, seat_map: SeatMap) -> tuple[float, float]:
    """(apply 500 sold seats, next frame) at full view."""
    view.fit()
    frame(view)
    sold = {p.seat_id: SeatState.SOLD for p in seat_map.seats[1000:1500]}
    apply = timed(lambda: view.apply_changes(SeatChanges(seat_map.event_id, 2, sold)))
    return apply, frame(view)


def screenshots(folder: Path) -> None:
    """docs/seatmap.png (theatre, mixed states) and docs/seatmap-100k.png (stadium, far out)."""
    for name, seat_map, size, selected in (
        ("seatmap.png", theatre_map(), (1240, 800), ("Stalls E9", "Stalls E10")),
        ("seatmap-100k.png", stadium_map(), (1500, 940), ()),
    ):
        window = QWidget()
        window.setStyleSheet("background: #ffffff;")
        layout = QHBoxLayout(window)
        layout.setContentsMargins(0, 0, 0, 0)
        view = SeatMapView()
        view.set_map(seat_map)
        layout.addWidget(view, 1)
        layout.addWidget(SeatLegend(view))
        window.resize(*size)
        window.show()
        QApplication.processEvents()
        view.set_selected([p.seat_id for p in seat_map.seats if p.label in selected])
        view.fit()
        QApplication.processEvents()
        window.grab().save(str(folder / name))
        print(f"wrote {folder / name}")
        window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", action="store_true", help="also write docs/seatmap*.png")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    seat_map = stadium_map()
    centre = (0.0, 110.0)  # the south stand: dense seats at every zoom
    print(f"seat map: {len(seat_map.seats):,} seats, viewport {WIDTH}×{HEIGHT}, offscreen")

    bulk = SeatMapView()
    bulk_build = timed(lambda: bulk.set_map(seat_map))
    bulk_items = len(bulk.scene().items())
    bulk_frames = measure(bulk, centre)
    apply_t, apply_frame = changes_cost(bulk, seat_map)

    naive: QGraphicsView | None = None

    def build() -> None:
        nonlocal naive
        naive = naive_view(seat_map)

    naive_build = timed(build)
    assert naive is not None
    naive_items = len(naive.scene().items())
    naive_frames = measure(naive, centre)

    print(f"\n{'':24}{'SeatMapView':>14}{'item per seat':>16}{'ratio':>9}")
    print(f"{'scene items':24}{bulk_items:>14,}{naive_items:>16,}{naive_items / bulk_items:>8.0f}×")
    print(f"{'build':24}{ms(bulk_build):>14}{ms(naive_build):>16}{naive_build / bulk_build:>8.1f}×")
    for key, value in bulk_frames.items():
        base = naive_frames[key]
        print(f"{key:24}{ms(value):>14}{ms(base):>16}{base / value:>8.1f}×")
    print(f"\napply_changes, 500 seats: {ms(apply_t).strip()}", end="; ")
    print(f"next full-view frame {ms(apply_frame).strip()}")

    print(f"\n{'full-view frame, grid':24}{'SeatMapView':>14}{'item per seat':>16}{'ratio':>9}")
    for seats, bulk_t, naive_t in scaling():
        print(f"{f'{seats:,} seats':24}{ms(bulk_t):>14}{ms(naive_t):>16}{naive_t / bulk_t:>8.1f}×")
    if args.screenshots:
        screenshots(Path(__file__).resolve().parent.parent / "docs")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
