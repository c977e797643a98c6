"""The designer's live layout preview: sections drawn in bulk, dragged to move, seats clicked;
the stage drawn as one item, dragged to move it too.

One :class:`SectionItem` per section paints all its seats in one ``paint`` call (no item per
seat), so moving a 5,000-seat section is one item moving. The view reports what the user did;
saving is the tab's job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from boxoffice.domain.colour_choices import SECTION_COLOURS
from boxoffice.domain.layout import SectionSpec, seat_spots
from boxoffice.domain.seatmap import Stage
from boxoffice.gui.theme import colour, points
from boxoffice.services.venues.layouts import LayoutDetail, SeatInfo

SCALE = 20.0  # pixels per seat pitch at zoom 1
RADIUS = 0.42  # seat radius in pitches
SNAP = 0.5  # dragging snaps origins to half a seat
# The theme's designer roles, read when this module is first imported.
BLOCKED = colour("designer_blocked")
ACCESSIBLE = colour("designer_accessible")
RESTRICTED = colour("designer_restricted")
SELECTED = colour("designer_selected")

MOVE, BLOCK, ACCESS = "move", "block", "accessible"


def section_colour(index: int) -> QColor:
    return QColor(SECTION_COLOURS[index % len(SECTION_COLOURS)])


@dataclass(frozen=True)
class Dot:
    """A seat as drawn: layout id (None for an unsaved preview), place relative to the origin."""

    seat_id: int | None
    label: str
    x: float
    y: float
    blocked: bool = False
    accessible: bool = False
    restricted: bool = False


def dots_of(seats: list[SeatInfo], origin_x: float, origin_y: float) -> list[Dot]:
    return [
        Dot(s.id, s.label, s.x - origin_x, s.y - origin_y, s.blocked, s.accessible,
            s.restricted_view)
        for s in seats
    ]  # fmt: skip


def dots_of_spec(spec: SectionSpec, keep: dict[str, Dot] | None = None) -> list[Dot]:
    """Unsaved seats of *spec* (flags kept from *keep* by seat label where it still exists)."""
    dots = []
    for spot in seat_spots(spec):
        label = f"{spot.row_label}{spot.number}"
        old = (keep or {}).get(label)
        dots.append(
            Dot(
                old.seat_id if old else None,
                label,
                spot.x - spec.origin_x,
                spot.y - spec.origin_y,
                old.blocked if old else False,
                old.accessible if old else False,
                old.restricted if old else False,
            )
        )
    return dots


class Caption(QGraphicsItem):
    """A section's name on a light pill above it, the same size at any zoom."""

    def __init__(self, text: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.text = text
        self.font = QFont()
        self.font.setPointSizeF(points(9.0))
        self.font.setBold(True)
        metrics = QFontMetricsF(self.font)
        width = metrics.horizontalAdvance(text) + 14
        height = metrics.height() + 4
        self._rect = QRectF(-width / 2, -height - 3, width, height)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour("designer_grid"), 1))
        painter.setBrush(QColor(255, 255, 255, 225))
        radius = self._rect.height() / 2
        painter.drawRoundedRect(self._rect, radius, radius)
        painter.setFont(self.font)
        painter.setPen(colour("designer_ink"))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)


class _DraggableItem(QGraphicsObject):
    """A preview item dragged in Move mode, snapped to half a seat; :meth:`dropped` runs when a
    drag ends somewhere new. Subclasses start a drag by setting ``_press`` to ``pos()``."""

    def __init__(self) -> None:
        super().__init__()
        self._press: QPointF | None = None

    def _view(self) -> LayoutPreview | None:
        scene = self.scene()
        views = scene.views() if scene is not None else []
        view = views[0] if views else None
        return view if isinstance(view, LayoutPreview) else None

    def _start_drag(self, event: QGraphicsSceneMouseEvent) -> None:
        self._press = self.pos()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is None:
            return
        delta = event.scenePos() - event.buttonDownScenePos(Qt.MouseButton.LeftButton)
        x = round((self._press.x() + delta.x()) / SCALE / SNAP) * SNAP
        y = round((self._press.y() + delta.y()) / SCALE / SNAP) * SNAP
        self.setPos(x * SCALE, y * SCALE)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        start, self._press = self._press, None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        view = self._view()
        if start is not None and view is not None and self.pos() != start:
            self.dropped(view, self.pos().x() / SCALE, self.pos().y() / SCALE)

    def dropped(self, view: LayoutPreview, x: float, y: float) -> None:
        """The drag ended at (*x*, *y*) in layout units."""
        raise NotImplementedError


class SectionItem(_DraggableItem):
    """One section: its seats, its name, a frame when selected. Position = the origin."""

    def __init__(self, section_id: int | None, name: str, colour: QColor, dots: list[Dot]) -> None:
        super().__init__()
        self.section_id = section_id
        self.name = name
        self.colour = colour
        self.dots = dots
        self.selected = False
        self.preview = False  # unsaved parameters: drawn hatched
        self._bounds = self._compute_bounds()
        self.caption = Caption(name, self)
        self.caption.setPos(self.seat_rect().center().x(), self.seat_rect().top())
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def _compute_bounds(self) -> QRectF:
        if not self.dots:
            return QRectF(-SCALE, -SCALE, 2 * SCALE, 2 * SCALE)
        xs = [d.x for d in self.dots]
        ys = [d.y for d in self.dots]
        pad = (RADIUS + 0.5) * SCALE
        rect = QRectF(
            min(xs) * SCALE - pad,
            min(ys) * SCALE - pad,
            (max(xs) - min(xs)) * SCALE + 2 * pad,
            (max(ys) - min(ys)) * SCALE + 2 * pad,
        )
        return rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._bounds)
        return path

    def seat_rect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = self.seat_rect()
        if self.selected or self.preview:
            pen = QPen(
                SELECTED, 1.5, Qt.PenStyle.DashLine if self.preview else Qt.PenStyle.SolidLine
            )
            pen.setCosmetic(True)
            painter.setPen(pen)
            fill = QColor(SELECTED)
            fill.setAlpha(18)
            painter.setBrush(fill)
            painter.drawRoundedRect(frame, 6, 6)
        r = RADIUS * SCALE
        seat_pen = QPen(self.colour.darker(135), 1)
        seat_pen.setCosmetic(True)
        for dot in self.dots:
            centre = QPointF(dot.x * SCALE, dot.y * SCALE)
            if dot.blocked:
                painter.setPen(QPen(colour("designer_outline"), 1))
                painter.setBrush(BLOCKED)
                painter.drawEllipse(centre, r, r)
                painter.setPen(QPen(colour("designer_outline_strong"), 1.4))
                d = r * 0.55
                painter.drawLine(centre + QPointF(-d, -d), centre + QPointF(d, d))
                painter.drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d))
                continue
            painter.setPen(seat_pen)
            painter.setBrush(ACCESSIBLE if dot.accessible else self.colour)
            painter.drawEllipse(centre, r, r)
            if dot.restricted:
                ring = QPen(RESTRICTED, 2)
                ring.setCosmetic(True)
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, r + 2, r + 2)

    def dot_at(self, local: QPointF) -> Dot | None:
        """The seat under *local* (item coordinates), if any."""
        x, y = local.x() / SCALE, local.y() / SCALE
        best: Dot | None = None
        best_d = 0.55
        for dot in self.dots:
            d = math.hypot(dot.x - x, dot.y - y)
            if d < best_d:
                best, best_d = dot, d
        return best

    def origin(self) -> tuple[float, float]:
        return self.pos().x() / SCALE, self.pos().y() / SCALE

    # -- mouse -----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        view = self._view()
        if view is None:
            return
        view.section_clicked(self)
        if view.mode == MOVE and self.section_id is not None and not self.preview:
            self._start_drag(event)
            return
        event.ignore()  # seat modes: the view's rubber band / click handling takes it

    def dropped(self, view: LayoutPreview, x: float, y: float) -> None:
        if self.section_id is not None:
            view.section_moved.emit(self.section_id, x, y)


class StageItem(_DraggableItem):
    """The stage: a dark block labelled STAGE. Position = its centre (as on the clerk's map).

    Dragged in Move mode (snapped to half a seat); on release the view emits ``stage_moved``.
    ``unsaved`` draws it with a dashed outline while its size or place is being edited.
    """

    def __init__(self, stage: Stage) -> None:
        super().__init__()
        self.stage = stage
        self.unsaved = False
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Stage: drag it to move it")
        self.setPos(stage.x * SCALE, stage.y * SCALE)

    def set_stage(self, stage: Stage, unsaved: bool) -> None:
        self.prepareGeometryChange()
        self.stage = stage
        self.unsaved = unsaved
        self.setPos(stage.x * SCALE, stage.y * SCALE)
        self.update()

    def block(self) -> QRectF:
        w, h = self.stage.w * SCALE, self.stage.h * SCALE
        return QRectF(-w / 2, -h / 2, w, h)

    def boundingRect(self) -> QRectF:
        return self.block().adjusted(-3, -3, 3, 3)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.block()
        painter.setPen(QPen(colour("designer_ink"), 1))
        painter.setBrush(colour("designer_ink"))
        painter.drawRect(rect)
        if self.unsaved:
            pen = QPen(SELECTED, 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
        size = int(min(rect.height() * 0.5, SCALE))
        if size < 1:
            return
        font = QFont()
        font.setPixelSize(size)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 3)
        painter.setFont(font)
        painter.setPen(colour("designer_ink_on_dark"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "STAGE")

    def centre(self) -> tuple[float, float]:
        return self.pos().x() / SCALE, self.pos().y() / SCALE

    # -- mouse -----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        view = self._view()
        if view is not None and view.mode == MOVE:
            self._start_drag(event)
            return
        event.ignore()  # seat modes: the view's rubber band takes it

    def dropped(self, view: LayoutPreview, x: float, y: float) -> None:
        view.stage_moved.emit(x, y)


class LayoutPreview(QGraphicsView):
    """Draws a :class:`LayoutDetail`; reports clicks and drags.

    Signals:
        section_selected(int): a section was clicked (its id).
        section_moved(int, float, float): a section was dragged to a new origin (x, y).
        stage_moved(float, float): the stage was dragged to a new centre (x, y).
        seats_picked(list): seat ids clicked or inside a dragged rectangle (seat modes).
    """

    section_selected = Signal(int)
    section_moved = Signal(int, float, float)
    stage_moved = Signal(float, float)
    seats_picked = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layoutPreview")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QBrush(colour("designer_background")))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.mode = MOVE
        self.items_by_id: dict[int, SectionItem] = {}
        self.selected_id: int | None = None
        self.preview_item: SectionItem | None = None
        self.stage_item: StageItem | None = None
        self._band_start: QPointF | None = None
        self._order: dict[int, int] = {}
        self.detail: LayoutDetail | None = None

    # -- content ---------------------------------------------------------------------------------
    def set_layout(self, layout: LayoutDetail | None) -> None:
        self.detail = layout
        scene = self.scene()
        scene.clear()
        self.items_by_id = {}
        self.preview_item = None
        self.stage_item = None
        if layout is None:
            return
        self._order = {s.id: i for i, s in enumerate(layout.sections)}
        self._add_stage(layout.stage)
        for section in layout.sections:
            seats = [x for x in layout.seats if x.section_id == section.id]
            spec = section.spec
            item = SectionItem(
                section.id,
                spec.name,
                section_colour(self._order[section.id]),
                dots_of(seats, spec.origin_x, spec.origin_y),
            )
            item.setPos(spec.origin_x * SCALE, spec.origin_y * SCALE)
            scene.addItem(item)
            self.items_by_id[section.id] = item
        self.select(self.selected_id if self.selected_id in self.items_by_id else None)
        self._fit_scene_rect()

    def _add_stage(self, stage: Stage) -> None:
        self.stage_item = StageItem(stage)
        self.stage_item.setCursor(self._cursor())
        self.scene().addItem(self.stage_item)

    def show_stage(self, stage: Stage, unsaved: bool = True) -> None:
        """Draw the stage at *stage* (an edit not saved yet: outlined) until reloaded."""
        if self.stage_item is not None:
            self.stage_item.set_stage(stage, unsaved)
            self._fit_scene_rect()

    def _fit_scene_rect(self) -> None:
        rect = (
            self.scene().itemsBoundingRect().adjusted(-4 * SCALE, -4 * SCALE, 4 * SCALE, 4 * SCALE)
        )
        self.scene().setSceneRect(rect)

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def select(self, section_id: int | None) -> None:
        self.selected_id = section_id
        for sid, item in self.items_by_id.items():
            item.selected = sid == section_id
            item.setZValue(1 if sid == section_id else 0)
            item.update()

    def show_preview(self, section_id: int | None, spec: SectionSpec) -> None:
        """Draw *spec* in place of section *section_id* (None: a new section) until reloaded."""
        if self.preview_item is not None:
            self.scene().removeItem(self.preview_item)
            self.preview_item = None
        keep: dict[str, Dot] = {}
        index = len(self._order)
        if section_id is not None and section_id in self.items_by_id:
            old = self.items_by_id[section_id]
            keep = {d.label: d for d in old.dots}
            old.setVisible(False)
            index = self._order.get(section_id, index)
        for sid, item in self.items_by_id.items():
            if sid != section_id:
                item.setVisible(True)
        try:
            dots = dots_of_spec(spec, keep)
        except Exception:  # invalid numbers while typing: show nothing new
            return
        item = SectionItem(section_id, spec.name, section_colour(index), dots)
        item.preview = True
        item.setPos(spec.origin_x * SCALE, spec.origin_y * SCALE)
        item.setZValue(2)
        self.scene().addItem(item)
        self.preview_item = item
        self._fit_scene_rect()

    def clear_preview(self) -> None:
        if self.preview_item is not None:
            self.scene().removeItem(self.preview_item)
            self.preview_item = None
        for item in self.items_by_id.values():
            item.setVisible(True)

    def _cursor(self) -> Qt.CursorShape:
        return Qt.CursorShape.OpenHandCursor if self.mode == MOVE else Qt.CursorShape.CrossCursor

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        cursor = self._cursor()
        for item in self.items_by_id.values():
            item.setCursor(cursor)
        if self.stage_item is not None:
            self.stage_item.setCursor(cursor)

    def section_clicked(self, item: SectionItem) -> None:
        if item.section_id is not None and not item.preview:
            self.select(item.section_id)
            self.section_selected.emit(item.section_id)

    # -- seats -----------------------------------------------------------------------------------
    def seats_in(self, rect: QRectF) -> list[int]:
        """Saved seat ids whose centre lies in *rect* (scene coordinates)."""
        found: list[int] = []
        for item in self.items_by_id.values():
            if not item.isVisible():
                continue
            local = item.mapRectFromScene(rect)
            for dot in item.dots:
                if dot.seat_id is not None and local.contains(
                    QPointF(dot.x * SCALE, dot.y * SCALE)
                ):
                    found.append(dot.seat_id)
        return found

    def seat_at(self, scene_pos: QPointF) -> int | None:
        for item in self.items_by_id.values():
            if item.isVisible():
                dot = item.dot_at(item.mapFromScene(scene_pos))
                if dot is not None and dot.seat_id is not None:
                    return dot.seat_id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if self.mode != MOVE and event.button() == Qt.MouseButton.LeftButton:
            self._band_start = self.mapToScene(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        start, self._band_start = self._band_start, None
        if start is None or self.mode == MOVE:
            return
        end = self.mapToScene(event.position().toPoint())
        if (end - start).manhattanLength() < 4:
            seat = self.seat_at(end)
            picked = [seat] if seat is not None else []
        else:
            picked = self.seats_in(QRectF(start, end).normalized())
        if picked:
            self.seats_picked.emit(picked)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)
