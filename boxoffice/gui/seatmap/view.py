"""SeatMapView: the interactive seat map shared by the clerk desk, the monitor and the designer.

It only draws what it is given (a :class:`~boxoffice.domain.seatmap.SeatMap`, then
:class:`~boxoffice.domain.seatmap.SeatChanges`) and reports what the user picked; it never talks
to the database. Holding the picked seats is the caller's job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QRubberBand, QToolTip, QWidget

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import (
    HoldLook,
    SeatChanges,
    SeatMap,
    SeatPlace,
    SeatState,
    TierInfo,
)
from boxoffice.gui.seatmap import cursor as seat_cursor
from boxoffice.gui.seatmap.model import SeatModel
from boxoffice.gui.seatmap.palette import HELD_MINE, HELD_OTHER, PITCH, STATE_TITLES
from boxoffice.gui.seatmap.scene import SeatMapScene

ZOOM_STEP = 1.25
MAX_SEAT_PX = 96.0  # closest zoom: a seat this many pixels wide
MAX_FIT_PX = 48.0  # fitting a tiny map never blows seats up beyond this
FLASH_INTERVAL_MS = 40
CURSOR_REPAINT_PX = 16.0  # repaint this far around the cursor's cell (its box and halo)
MAP_NAME = "Seat map"
ARROWS: dict[int, tuple[int, int]] = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


MAX_TIMER_SECONDS = 86_400.0


class SeatMapView(QGraphicsView):
    """Zoomable, pannable map of one event's seats; click or drag a rectangle to select.

    Signals:
        seat_toggled(int): the user clicked a selectable seat (its ``event_seat.id``); sent
            after the selection changed, so :meth:`is_selected` tells which way it went.
        selection_changed(list): the sorted selected seat ids, after any change (click,
            rubber band, :meth:`set_selected`, :meth:`clear_selection`, or selected seats
            taken by another desk in :meth:`apply_changes`).
        states_changed(): seat states were loaded or changed (legends recount).

    Only available seats and seats held by this desk can be selected; read-only mode selects
    nothing and a left drag pans. Holds whose ``hold_expiry`` has passed are drawn as
    available. A click takes the nearest seat within half a pitch. Mouse: wheel zooms around
    the cursor, double-click zooms to a section (the selection stays as it was), middle drag or
    space+drag pans. Keys: +/- zoom, Ctrl+arrows pan, F or Home fits, Esc clears the selection.

    Keyboard picking: arrows show and move a seat cursor (to the nearest seat that way; Tab
    into the map shows it too), Space or Enter toggles the seat under it like a click. The
    map's accessible name follows the cursor's seat, so screen readers say where it is. A
    mouse press hides the cursor (Space is then space+drag panning again). Read-only maps
    have no cursor: their arrows pan.

    More signals:
        cursor_moved(int): the keyboard cursor moved to this seat id.
    """

    seat_toggled = Signal(int)
    selection_changed = Signal(list)
    states_changed = Signal()
    cursor_moved = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(parent)
        self._clock = clock  # wall clock, for hold expiry (epoch seconds)
        self._scene = SeatMapScene(self)
        self.setScene(self._scene)
        self._model: SeatModel | None = None
        self._version = -1
        self._read_only = False
        self._house_mode = False  # seats under a named hold selectable too (house set-up)
        self._auto_fit = True
        self._press: QPoint | None = None
        self._press_seat = -1
        self._clicked = -1  # the seat the last click toggled (a double-click undoes it)
        self._pan_from: QPoint | None = None
        self._space = False
        self._cursor = -1  # keyboard seat cursor (index); shown while self._keyboard
        self._keyboard = False
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_INTERVAL_MS)
        self._flash_timer.timeout.connect(self._flash_tick)
        self._expiry_timer = QTimer(self)
        self._expiry_timer.setSingleShot(True)
        self._expiry_timer.timeout.connect(self._holds_lapsed)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.TextAntialiasing
        )
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Pan by dragging and keys like a map; scroll bars only take room.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName(MAP_NAME)
        self.setMinimumSize(200, 150)

    def sizeHint(self) -> QSize:
        return QSize(800, 560)

    # --- data in ----------------------------------------------------------------------------

    @Slot(object)
    def set_map(self, seat_map: SeatMap) -> None:
        """Show *seat_map*. The selection and zoom survive a reload of the same event."""
        same_event = self._model is not None and self._model.map.event_id == seat_map.event_id
        before = self.selected_ids()
        kept = before if same_event else []
        kept_cursor = self.cursor_seat() if same_event else None
        self._model = self._scene.load(seat_map, self._clock())
        self._model.house_mode = self._house_mode
        self._version = seat_map.version
        self._cursor = self._index(kept_cursor) if kept_cursor is not None else -1
        if not same_event:
            self._keyboard = False
        self._show_cursor()
        self._flash_timer.stop()
        if kept:
            idx = self._indices(kept)
            self._model.selected[idx[self._model.selectable(idx)]] = True
        if not same_event:
            self._auto_fit = True
        if self._auto_fit:
            self.fit()
        self._schedule_expiry()
        self.states_changed.emit()
        if self.selected_ids() != before:
            self.selection_changed.emit(self.selected_ids())

    @Slot(object)
    def apply_changes(self, changes: SeatChanges) -> None:
        """Recolour the seats in *changes*; only their tiles repaint.

        Changes for another event, or older than what is shown, are ignored (results of
        overlapping polls can arrive out of order).
        """
        model = self._model
        if (
            model is None
            or changes.event_id != model.map.event_id
            or changes.version < self._version
        ):
            return
        self._version = changes.version
        before = int(model.selected.sum())
        changed = model.apply(changes.states, changes.hold_expiry, self._clock(), changes.house)
        self._scene.redraw(changed)
        self._schedule_expiry()
        if changed.size:
            self.states_changed.emit()
        if int(model.selected.sum()) != before:
            self.selection_changed.emit(self.selected_ids())

    @Slot(bool)
    def set_read_only(self, read_only: bool) -> None:
        """Read-only maps (monitor, previews) select nothing; a left drag pans them."""
        self._read_only = read_only
        if read_only:
            self.clear_selection()
            self._keyboard = False
            self._show_cursor()
        self._set_cursor_for(-1)

    def set_house_mode(self, on: bool) -> None:
        """Let seats under a named hold be selected (a manager placing and releasing holds)."""
        self._house_mode = on
        if self._model is not None:
            self._model.house_mode = on

    def is_read_only(self) -> bool:
        return self._read_only

    # --- selection --------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Selected seat ids, ascending."""
        if self._model is None:
            return []
        return sorted(self._model.ids[self._model.selected].tolist())

    def is_selected(self, seat_id: int) -> bool:
        i = self._index(seat_id)
        return i >= 0 and self._model is not None and bool(self._model.selected[i])

    @Slot(list)
    def set_selected(self, seat_ids: Iterable[int]) -> None:
        """Select exactly these seats (ids that aren't selectable are left out)."""
        model = self._model
        if model is None:
            return
        wanted = np.zeros(model.count, np.bool_)
        idx = self._indices(seat_ids)
        wanted[idx] = True
        wanted &= model.selectable()
        self._replace_selection(wanted)

    @Slot()
    def clear_selection(self) -> None:
        if self._model is not None:
            self._replace_selection(np.zeros(self._model.count, np.bool_))

    def _replace_selection(self, wanted: np.ndarray) -> None:
        model = self._model
        assert model is not None
        changed = np.nonzero(wanted != model.selected)[0]
        if changed.size == 0:
            return
        model.selected[:] = wanted
        model.bump(changed)
        self._scene.redraw(changed)
        self.selection_changed.emit(self.selected_ids())

    def _toggle(self, i: int) -> None:
        model = self._model
        assert model is not None
        if self._read_only or not bool(model.selectable(np.array([i]))[0]):
            return
        model.selected[i] = not model.selected[i]
        changed = np.array([i])
        model.bump(changed)
        self._scene.redraw(changed)
        if i == self._cursor:
            self._announce()
        self.seat_toggled.emit(int(model.ids[i]))
        self.selection_changed.emit(self.selected_ids())

    def _select_rect(self, band: QRect) -> None:
        model = self._model
        if model is None or self._read_only:
            return
        idx = self._scene.seats_in(self.mapToScene(band).boundingRect())
        idx = idx[model.selectable(idx)]
        wanted = model.selected.copy()
        wanted[idx] = True  # a band adds to the selection, like ctrl-less drag in file managers
        self._replace_selection(wanted)

    # --- monitor ----------------------------------------------------------------------------

    @Slot(list)
    def highlight_recent(self, seat_ids: Iterable[int], seconds: float = 3.0) -> None:
        """Flash these seats; the flash fades out over *seconds*."""
        overlay = self._scene.overlay
        if overlay is None:
            return
        idx = self._indices(seat_ids)
        if idx.size == 0:
            return
        now = time.monotonic()
        overlay.now = now
        overlay.flash(idx, seconds, now)
        self._update_flashes()
        if not self._flash_timer.isActive():
            self._flash_timer.start()

    def flashing_ids(self) -> list[int]:
        """Seat ids still flashing (for tests and the monitor's status line)."""
        overlay = self._scene.overlay
        if overlay is None or self._model is None:
            return []
        return sorted(self._model.ids[overlay.flashing()].tolist())

    @Slot()
    def _flash_tick(self) -> None:
        overlay = self._scene.overlay
        if overlay is None:
            self._flash_timer.stop()
            return
        self._update_flashes()  # the area as it was, so fading-out rings get erased
        overlay.now = time.monotonic()
        overlay.prune(overlay.now)
        if overlay.flashing().size == 0:
            self._flash_timer.stop()

    def _update_flashes(self) -> None:
        overlay = self._scene.overlay
        if overlay is None:
            return
        bounds = overlay.flash_bounds(margin=24.0 / max(self.transform().m11(), 1e-6))
        if bounds is not None:
            overlay.update(bounds)

    def _schedule_expiry(self) -> None:
        self._expiry_timer.stop()
        if self._model is None:
            return
        now = self._clock()
        when = self._model.next_expiry(now)
        if when is not None:
            # A named hold may return weeks ahead, beyond a QTimer's int32 milliseconds: wake
            # at most daily, and _holds_lapsed schedules the next wake-up.
            delay = min(max(0.0, when - now), MAX_TIMER_SECONDS)
            self._expiry_timer.start(int(delay * 1000) + 50)

    @Slot()
    def _holds_lapsed(self) -> None:
        if self._model is None:
            return
        changed = self._model.refresh(self._clock())
        self._scene.redraw(changed)
        self._schedule_expiry()
        if changed.size:
            self.states_changed.emit()

    # --- queries ----------------------------------------------------------------------------

    def seat_map(self) -> SeatMap | None:
        return self._model.map if self._model is not None else None

    @property
    def version(self) -> int:
        """The seat version shown (the map's, raised by each applied change); -1 before a map."""
        return self._version

    def tiers(self) -> tuple[TierInfo, ...]:
        return self._model.tiers if self._model is not None else ()

    def seat(self, seat_id: int) -> SeatPlace | None:
        i = self._index(seat_id)
        return self._model.places[i] if i >= 0 and self._model is not None else None

    def state(self, seat_id: int) -> SeatState | None:
        """The seat's state as drawn (a lapsed hold reads as available)."""
        i = self._index(seat_id)
        return self._model.state_of(i) if i >= 0 and self._model is not None else None

    def available_by_tier(self) -> dict[int, int]:
        """tier id -> available seats, for legends and the best-seats box."""
        return self._model.available_by_tier() if self._model is not None else {}

    def companion_of(self, seat_id: int) -> int | None:
        """A free seat beside wheelchair space *seat_id* (same row, next number, not itself a
        wheelchair space), to offer with it; None if the seat is no wheelchair space or both
        neighbours are taken."""
        place = self.seat(seat_id)
        if place is None or not place.accessible or self._model is None:
            return None
        for number in (place.number + 1, place.number - 1):
            for other in self._model.places:
                if (
                    other.section == place.section
                    and other.row == place.row
                    and other.number == number
                    and not other.accessible
                    and self.state(other.seat_id) is SeatState.AVAILABLE
                ):
                    return other.seat_id
        return None

    def model_places(self) -> tuple[SeatPlace, ...]:
        """Every seat of the map (empty before a map is set)."""
        return self._model.places if self._model is not None else ()

    def seat_ids_where(self, keep: Callable[[SeatPlace], bool]) -> list[int]:
        """Ids of every seat of the map whose place *keep* accepts (whole rows, sections)."""
        if self._model is None:
            return []
        return [p.seat_id for p in self._model.places if keep(p)]

    def house_counts(self) -> list[tuple[HoldLook, int]]:
        """Each named hold type of the map with the seats it keeps back now."""
        if self._model is None:
            return []
        counts = self._model.house_counts()
        return [(h, counts.get(h.id, 0)) for h in self._model.hold_types]

    def seat_at(self, view_pos: QPoint) -> int | None:
        """The seat id under a viewport position, or None."""
        i = self._scene.seat_at(self.mapToScene(view_pos))
        return int(self._model.ids[i]) if i >= 0 and self._model is not None else None

    def seat_view_pos(self, seat_id: int) -> QPoint | None:
        """Where the seat's centre is in viewport coordinates (None if unknown)."""
        i = self._index(seat_id)
        if i < 0 or self._model is None:
            return None
        return self.mapFromScene(self._scene.seat_rect(i).center())

    def seat_tooltip(self, seat_id: int) -> str:
        """What hovering the seat tells: where, tier and price, state, access notes."""
        i = self._index(seat_id)
        model = self._model
        if i < 0 or model is None:
            return ""
        place = model.places[i]
        lines = [f"{place.section} · Row {place.row} · Seat {place.number}"]
        tier = model.tiers[int(model.tier[i])] if model.tier[i] >= 0 else None
        if tier is not None:
            lines.append(f"{tier.name} — {format_money(tier.price)}")
        state = int(model.effective[i])
        status = STATE_TITLES[state]
        if state in (HELD_MINE, HELD_OTHER) and model.expiry[i] > 0:
            until = datetime.fromtimestamp(float(model.expiry[i])).strftime("%H:%M")
            status += f" until {until}"
        lines.append(status + (" · selected" if model.selected[i] else ""))
        if place.accessible:
            lines.append("Wheelchair space")
        if place.restricted_view:
            lines.append("Restricted view")
        return "\n".join(lines)

    def _index(self, seat_id: int) -> int:
        return self._model.index.get(int(seat_id), -1) if self._model is not None else -1

    def _indices(self, seat_ids: Iterable[int]) -> np.ndarray:
        if self._model is None:
            return np.zeros(0, np.intp)
        get = self._model.index.get
        idx = np.fromiter((get(int(s), -1) for s in seat_ids), np.intp)
        return idx[idx >= 0]

    # --- zoom and pan -----------------------------------------------------------------------

    @Slot()
    def fit(self) -> None:
        """Show the whole map (seats, stage and labels)."""
        rect = self._scene.content_rect()
        if rect.isEmpty() or self.viewport().width() < 2:
            return
        self.setTransform(QTransform())
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        limit = MAX_FIT_PX / PITCH
        if self.transform().m11() > limit:
            self.setTransform(QTransform.fromScale(limit, limit))
        self.centerOn(rect.center())
        self._auto_fit = True

    def zoom_to_section(self, seat_id: int) -> None:
        """Zoom so that the whole section of *seat_id* fills the view."""
        i = self._index(seat_id)
        if i < 0 or self._model is None:
            return
        idx = self._model.section_seats(i)
        xs, ys = self._model.x[idx] * PITCH, self._model.y[idx] * PITCH
        rect = QRectF(
            float(xs.min()) - PITCH,
            float(ys.min()) - PITCH,
            float(xs.max() - xs.min()) + 2 * PITCH,
            float(ys.max() - ys.min()) + 2 * PITCH,
        )
        self.setTransform(QTransform())
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        limit = MAX_SEAT_PX / PITCH
        if self.transform().m11() > limit:
            self.setTransform(QTransform.fromScale(limit, limit))
        self.centerOn(rect.center())
        self._auto_fit = False

    def ensure_visible(self, seat_ids: Iterable[int]) -> None:
        """Bring these seats into view, zooming out only if they don't fit (e.g. best seats)."""
        idx = self._indices(seat_ids)
        if idx.size == 0 or self._model is None:
            return
        xs, ys = self._model.x[idx] * PITCH, self._model.y[idx] * PITCH
        rect = QRectF(
            float(xs.min()) - PITCH,
            float(ys.min()) - PITCH,
            float(xs.max() - xs.min()) + 2 * PITCH,
            float(ys.max() - ys.min()) + 2 * PITCH,
        )
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if visible.contains(rect):
            return
        if rect.width() > visible.width() or rect.height() > visible.height():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            self._auto_fit = False
        self.centerOn(rect.center())

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom keeping the scene point under *anchor* (default: the centre) in place."""
        current = self.transform().m11()
        target = min(max(current * factor, self._min_scale()), MAX_SEAT_PX / PITCH)
        if abs(target - current) < 1e-9:
            return
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        self.setTransform(QTransform.fromScale(target, target))
        moved = self.mapFromScene(fixed) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        self._auto_fit = False

    def _min_scale(self) -> float:
        rect = self._scene.content_rect()
        if rect.isEmpty():
            return 0.01
        fit = min(self.viewport().width() / rect.width(), self.viewport().height() / rect.height())
        return min(fit * 0.5, MAX_SEAT_PX / PITCH)

    def pan_by(self, dx: int, dy: int) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)
        self._auto_fit = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015**delta, event.position().toPoint())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step_x, step_y = self.viewport().width() // 8, self.viewport().height() // 8
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_F, Qt.Key.Key_Home):
            self.fit()
        elif key in ARROWS and (
            self._read_only
            or self._model is None
            or self._model.count == 0
            or event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            dx, dy = ARROWS[key]
            self.pan_by(dx * step_x, dy * step_y)
        elif key in ARROWS:
            self.move_cursor(*ARROWS[key])
        elif (
            key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._keyboard
            and self._cursor >= 0
            and not self._read_only
        ):
            if not event.isAutoRepeat():
                self._toggle(self._cursor)
        elif key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space = True
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Escape and not self._read_only and self.selected_ids():
            self.clear_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # --- keyboard seat cursor -----------------------------------------------------------------

    def cursor_seat(self) -> int | None:
        """The seat id under the keyboard cursor (None while it is hidden)."""
        if not self._keyboard or self._cursor < 0 or self._model is None:
            return None
        return int(self._model.ids[self._cursor])

    def set_cursor(self, seat_id: int) -> None:
        """Show the keyboard cursor on *seat_id* (scrolled into view)."""
        i = self._index(seat_id)
        if i >= 0 and not self._read_only:
            self._keyboard = True
            self._cursor = i
            self._cursor_changed()

    def focus_cursor(self) -> None:
        """Take the keyboard focus and show the seat cursor (the Sell tab's "Pick seats on the
        map" key): arrows and Space take it from here."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self._read_only or self._model is None or self._model.count == 0:
            return
        self._place_cursor()
        self._keyboard = True
        self._cursor_changed()

    def move_cursor(self, dx: int, dy: int) -> None:
        """One arrow: show the cursor, or move it to the nearest seat that way."""
        model = self._model
        if model is None or model.count == 0 or self._read_only:
            return
        if self._keyboard and self._cursor >= 0:
            self._cursor = seat_cursor.step(model.x, model.y, self._cursor, dx, dy)
        else:
            self._place_cursor()
        self._keyboard = True
        self._cursor_changed()

    def _place_cursor(self) -> None:
        """Put the cursor where the eye is: the selectable seat nearest the middle of the view
        (or keep the seat it was last on)."""
        model = self._model
        assert model is not None
        if self._cursor >= 0:
            return
        middle = self.mapToScene(self.viewport().rect().center())
        self._cursor = seat_cursor.start(
            model.x, model.y, middle.x() / PITCH, middle.y() / PITCH, model.selectable()
        )

    def _cursor_changed(self) -> None:
        if self._model is None or self._cursor < 0:
            return
        seat_id = int(self._model.ids[self._cursor])
        self._show_cursor()
        self.ensure_visible([seat_id])
        self._announce()
        self.cursor_moved.emit(seat_id)

    def _show_cursor(self) -> None:
        """Repaint the cursor where it was and where it is now."""
        overlay = self._scene.overlay
        if overlay is None:
            return
        wanted = self._cursor if self._keyboard else -1
        grow = CURSOR_REPAINT_PX / max(self.transform().m11(), 1e-6)
        if overlay.key_seat >= 0:
            overlay.update(overlay.seat_rect(overlay.key_seat, grow))
        overlay.key_seat = wanted
        if wanted >= 0:
            overlay.update(overlay.seat_rect(wanted, grow))
        else:
            self._announce()

    def _announce(self) -> None:
        """The map's accessible name says the cursor's seat; screen readers are told."""
        seat_id = self.cursor_seat()
        name = MAP_NAME
        if seat_id is not None:
            name = f"{MAP_NAME}: " + self.seat_tooltip(seat_id).replace("\n", ", ")
        if name == self.accessibleName():
            return
        self.setAccessibleName(name)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        keyboard = reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if keyboard and not self._read_only and self._model is not None and self._model.count:
            self._place_cursor()
            self._keyboard = True
            self._cursor_changed()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._set_cursor_for(-1)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # --- mouse ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        button = event.button()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self._keyboard:  # the mouse took over: the keyboard cursor steps aside
            self._keyboard = False
            self._show_cursor()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and (self._space or self._read_only)
        ):
            self._pan_from = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif button == Qt.MouseButton.LeftButton:
            self._press = pos
            self._press_seat = self._scene.seat_at(self.mapToScene(pos))
            self._clicked = -1
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.pan_by(-delta.x(), -delta.y())
        elif self._press is not None:
            if (pos - self._press).manhattanLength() >= QApplication.startDragDistance():
                self._band.setGeometry(QRect(self._press, pos).normalized())
                self._band.show()
        else:
            self._hover(self._scene.seat_at(self.mapToScene(pos)))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            self._set_cursor_for(-1)
        elif self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            if self._band.isVisible():
                self._band.hide()
                self._select_rect(QRect(self._press, pos).normalized())
            elif (
                self._press_seat >= 0
                and self._scene.seat_at(self.mapToScene(pos)) == self._press_seat
            ):
                self._toggle(self._press_seat)
                self._clicked = self._press_seat
            self._press = None
            self._press_seat = -1
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Zoom to the section under the pointer; the first click's toggle is undone, so a
        double-click never changes the selection."""
        if event.button() != Qt.MouseButton.LeftButton or self._model is None:
            self.mousePressEvent(event)
            return
        i = self._scene.seat_at(self.mapToScene(event.position().toPoint()))
        if i >= 0:
            if self._clicked == i:
                self._toggle(i)
            self.zoom_to_section(int(self._model.ids[i]))
        self._clicked = -1
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover(-1)
        super().leaveEvent(event)

    def _hover(self, i: int) -> None:
        overlay = self._scene.overlay
        if overlay is None or overlay.hover == i:
            return
        grow = 4.0 / max(self.transform().m11(), 1e-6)
        if overlay.hover >= 0:
            overlay.update(overlay.seat_rect(overlay.hover, grow))
        overlay.hover = i
        if i >= 0:
            overlay.update(overlay.seat_rect(i, grow))
        self._set_cursor_for(i)

    def _set_cursor_for(self, i: int) -> None:
        if self._space or self._read_only:
            cursor = Qt.CursorShape.OpenHandCursor
        elif i >= 0 and self._model is not None and bool(self._model.selectable(np.array([i]))[0]):
            cursor = Qt.CursorShape.PointingHandCursor
        else:
            cursor = Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            seat_id = self.seat_at(event.pos())
            if seat_id is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.seat_tooltip(seat_id), self.viewport())
            return True
        return super().viewportEvent(event)
