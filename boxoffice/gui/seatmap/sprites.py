"""Drawing one seat, and the caches of pre-drawn seats the map stamps by the thousand.

:func:`paint_seat` is the only place a seat's look is defined; the map's sprites, the numpy
stamps of the far zoom levels and the legend swatches all come from it.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPixmap

from boxoffice.gui.seatmap.palette import (
    BLOCKED,
    BLOCKED_EDGE,
    HELD_MINE,
    HELD_OTHER,
    HELD_OTHER_HATCH,
    HOUSE,
    MARK_DARK,
    MARK_LIGHT,
    SEAT_FILL,
    SELECT_EDGE,
    SELECT_RING,
    SeatLook,
    normalised,
)

DETAIL_MIN = 9.0  # seat body size (px) from which marks (wheelchair, cross) are drawn


def _shape(body: QRectF, look: SeatLook) -> QPainterPath:
    path = QPainterPath()
    if look.accessible:
        path.addEllipse(body)
    else:
        radius = body.width() * 0.28
        path.addRoundedRect(body, radius, radius)
    return path


def _wheelchair(p: QPainter, body: QRectF, colour: QColor) -> None:
    """A small wheelchair pictogram inside *body*."""
    box = body.adjusted(
        body.width() * 0.2, body.height() * 0.16, -body.width() * 0.16, -body.height() * 0.12
    )
    w, h = box.width(), box.height()

    def at(fx: float, fy: float) -> QPointF:
        return QPointF(box.left() + fx * w, box.top() + fy * h)

    pen = QPen(colour, max(1.0, w * 0.12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(at(0.42, 0.3))
    path.lineTo(at(0.42, 0.62))
    path.lineTo(at(0.78, 0.62))
    path.lineTo(at(0.9, 0.92))
    p.drawPath(path)
    wheel = QPainterPath()
    centre, radius = at(0.4, 0.7), w * 0.3
    wheel.arcMoveTo(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), 100)
    wheel.arcTo(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), 100, 250)
    p.drawPath(wheel)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    head = at(0.42, 0.08)
    p.drawEllipse(head, w * 0.12, w * 0.12)


def _tick(p: QPainter, body: QRectF, colour: QColor) -> None:
    """A tick mark: the seat is in this desk's cart."""
    w, h = body.width(), body.height()
    pen = QPen(colour, max(1.0, w * 0.14), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(body.left() + w * 0.24, body.top() + h * 0.52))
    path.lineTo(QPointF(body.left() + w * 0.43, body.top() + h * 0.72))
    path.lineTo(QPointF(body.left() + w * 0.76, body.top() + h * 0.3))
    p.drawPath(path)


def _hatch(
    p: QPainter, shape: QPainterPath, body: QRectF, pattern: str, ink: QColor, size: float
) -> None:
    """A named hold's pattern over its colour, so the colour is never the only cue."""
    p.save()
    p.setClipPath(shape)
    p.setPen(QPen(ink, max(0.7, size * 0.09)))
    step = max(2.5, size / 3.0)
    left, top, right, bottom = body.left(), body.top(), body.right(), body.bottom()
    if pattern == "dots":
        p.setBrush(ink)
        r = max(0.6, size * 0.07)
        y = top + step / 2
        while y < bottom:
            x = left + step / 2
            while x < right:
                p.drawEllipse(QPointF(x, y), r, r)
                x += step
            y += step
    else:
        lines: list[tuple[QPointF, QPointF]] = []
        if pattern in ("horizontal", "grid"):
            y = top + step / 2
            while y < bottom:
                lines.append((QPointF(left, y), QPointF(right, y)))
                y += step
        if pattern in ("vertical", "grid"):
            x = left + step / 2
            while x < right:
                lines.append((QPointF(x, top), QPointF(x, bottom)))
                x += step
        if pattern in ("diagonal", "cross", ""):
            offset = -size
            while offset < size:
                lines.append((QPointF(left + offset, bottom), QPointF(left + offset + size, top)))
                offset += step
        if pattern == "cross":
            offset = -size
            while offset < size:
                lines.append((QPointF(left + offset, top), QPointF(left + offset + size, bottom)))
                offset += step
        for a, b in lines:
            p.drawLine(a, b)
    p.restore()


def paint_seat(p: QPainter, cell: QRectF, look: SeatLook) -> None:
    """Draw one seat filling *cell* (the seat plus its share of the gap around it)."""
    inset = cell.width() * (1 - SEAT_FILL) / 2
    body = cell.adjusted(inset, inset, -inset, -inset)
    size = body.width()
    fill = look.body if look.state != HELD_OTHER or size >= DETAIL_MIN else look.flat
    shape = _shape(body, look)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    edge = fill.darker(160) if look.state != BLOCKED else QColor(BLOCKED_EDGE)
    width = max(0.8, size * 0.06)
    if look.state == HELD_MINE:  # told apart by its outline and tick, not by colour alone
        edge, width = QColor(SELECT_EDGE), max(1.2, size * 0.14)
    p.setPen(QPen(edge, width))
    p.setBrush(fill)
    p.drawPath(shape)
    if look.state == HELD_MINE and size >= 6 and not look.accessible:
        _tick(p, body, QColor(SELECT_EDGE))
    mark = QColor(MARK_LIGHT) if look.dark else QColor(MARK_DARK)
    if look.state == HELD_OTHER and size >= DETAIL_MIN:
        p.save()
        p.setClipPath(shape)
        p.setPen(QPen(QColor(HELD_OTHER_HATCH), max(0.8, size * 0.11)))
        step = max(2.5, size / 3.2)
        offset = -size
        while offset < size:
            p.drawLine(
                QPointF(body.left() + offset, body.bottom()),
                QPointF(body.left() + offset + size, body.top()),
            )
            offset += step
        p.restore()
    if look.state == HOUSE and size >= 6:
        _hatch(p, shape, body, look.pattern, mark, size)
    if look.state == BLOCKED and size >= 6:
        p.setPen(QPen(QColor(MARK_LIGHT), max(0.8, size * 0.1)))
        d = size * 0.27
        p.drawLine(body.topLeft() + QPointF(d, d), body.bottomRight() - QPointF(d, d))
        p.drawLine(
            QPointF(body.right() - d, body.top() + d), QPointF(body.left() + d, body.bottom() - d)
        )
    if look.accessible and size >= DETAIL_MIN and look.state not in (BLOCKED, HELD_OTHER):
        _wheelchair(p, body, mark)
    if look.restricted and size >= DETAIL_MIN:
        corner = QPainterPath(body.topRight() + QPointF(-size * 0.42, 0))
        corner.lineTo(body.topRight())
        corner.lineTo(body.topRight() + QPointF(0, size * 0.42))
        corner.closeSubpath()
        p.save()
        p.setClipPath(shape)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(mark)
        p.drawPath(corner)
        p.restore()
    if look.selected:
        ring = size * 0.2
        inner = body.adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2)
        colour = QColor(SELECT_EDGE) if look.state == HELD_MINE else QColor(SELECT_RING)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(colour, max(1.2, ring)))
        p.drawPath(_shape(inner, look))
        p.setPen(QPen(QColor(SELECT_EDGE), max(0.8, size * 0.07)))
        p.drawPath(shape)
    p.restore()


def _render(look: SeatLook, cell_px: float) -> QImage:
    side = max(1, math.ceil(cell_px))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_seat(painter, QRectF(0, 0, cell_px, cell_px), look)
    painter.end()
    return image


class SpriteCache:
    """Pre-drawn seats: pixmaps for the near zoom, numpy stamps for the far levels."""

    LIMIT = 512

    def __init__(self) -> None:
        self._pixmaps: OrderedDict[tuple[SeatLook, float, float], QPixmap] = OrderedDict()
        self._stamps: dict[tuple[SeatLook, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._numbers: OrderedDict[tuple[int, bool, int], QPixmap] = OrderedDict()

    def pixmap(self, look: SeatLook, cell_px: float, ratio: float = 1.0) -> QPixmap:
        """The seat in a cell of *cell_px* logical pixels, drawn for a device pixel *ratio*
        (cached per quarter pixel)."""
        key = (normalised(look), round(cell_px * ratio * 4) / 4, ratio)
        found = self._pixmaps.get(key)
        if found is None:
            found = QPixmap.fromImage(_render(key[0], key[1]))
            found.setDevicePixelRatio(ratio)
            self._pixmaps[key] = found
            if len(self._pixmaps) > self.LIMIT:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        return found

    def stamp(self, look: SeatLook, level: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(dy, dx, argb) of the non-transparent pixels of a seat at *level* px per pitch."""
        key = (normalised(look), level)
        found = self._stamps.get(key)
        if found is not None:
            return found
        if level <= 4:
            # A few pixels: the whole cell in one flat colour. Gaps this small only beat
            # against the screen grid (moiré) once the image is drawn scaled.
            side = level
            dy, dx = np.divmod(np.arange(side * side), side)
            argb = np.full(side * side, look.flat.rgba(), dtype=np.uint32)
            found = (dy.astype(np.intp), dx.astype(np.intp), argb)
        else:
            image = _render(key[0], float(level))
            pixels = _as_array(image)
            dy, dx = np.nonzero(pixels)
            found = (dy.astype(np.intp), dx.astype(np.intp), pixels[dy, dx].copy())
        self._stamps[key] = found
        return found

    def number(self, number: int, light: bool, font_px: int) -> QPixmap:
        """The seat number as a small pixmap (text is the slowest thing to draw per seat)."""
        key = (number, light, font_px)
        found = self._numbers.get(key)
        if found is None:
            font = QFont()
            font.setPixelSize(font_px)
            font.setBold(True)
            text = str(number)
            side = font_px * (len(text) + 1)
            image = QImage(side, font_px * 2, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setFont(font)
            painter.setPen(QColor(MARK_LIGHT) if light else QColor(MARK_DARK))
            painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            found = QPixmap.fromImage(image)
            self._numbers[key] = found
            if len(self._numbers) > self.LIMIT * 4:
                self._numbers.popitem(last=False)
        else:
            self._numbers.move_to_end(key)
        return found


def _as_array(image: QImage) -> np.ndarray:
    """A copy of a 32-bit QImage's pixels as a (height, width) uint32 array."""
    width, height = image.width(), image.height()
    raw = np.frombuffer(
        image.constBits(), dtype=np.uint32, count=height * image.bytesPerLine() // 4
    )
    return raw.reshape(height, image.bytesPerLine() // 4)[:, :width].copy()


def swatch(look: SeatLook, side: int = 18) -> QPixmap:
    """A legend swatch: one seat drawn at *side* pixels."""
    return QPixmap.fromImage(_render(look, float(side)))
