"""Transient marks above the seats: the seat under the mouse, the keyboard seat cursor and
recently changed seats.

These change many times a second, so they are drawn fresh each frame instead of being baked
into the cached tile images; there are only ever a few of them on screen.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from boxoffice.gui.seatmap.model import SeatModel
from boxoffice.gui.seatmap.palette import FLASH, FLASH_EDGE, HOVER, PITCH

FLASH_MIN_PX = 7.0  # a flash stays visible even when seats are one pixel wide
CURSOR_MIN_PX = 16.0  # the keyboard cursor's box is never smaller than this on screen
CURSOR_DASH = (2.0, 1.5)  # dash pattern (in pen widths): the cursor differs by more than colour


class OverlayItem(QGraphicsItem):
    """Hover ring and fading flashes; the view drives the clock and asks for repaints."""

    def __init__(self, model: SeatModel, rect: QRectF) -> None:
        super().__init__()
        self._model = model
        self._rect = rect
        self.hover = -1
        self.key_seat = -1  # the keyboard seat cursor (an index), -1 when hidden
        self._flash_idx = np.zeros(0, np.intp)
        self._flash_end = np.zeros(0, np.float64)
        self._flash_len = np.zeros(0, np.float64)
        self.now = 0.0  # set by the view before each repaint (monotonic seconds)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(3)

    def boundingRect(self) -> QRectF:
        return self._rect

    def seat_rect(self, i: int, margin: float = 0.0) -> QRectF:
        """Scene rectangle of seat *i*'s cell, grown by *margin* scene units."""
        x, y = float(self._model.x[i]) * PITCH, float(self._model.y[i]) * PITCH
        half = PITCH / 2 + margin
        return QRectF(x - half, y - half, 2 * half, 2 * half)

    # --- flashes --------------------------------------------------------------------------

    def flash(self, idx: np.ndarray, seconds: float, now: float) -> None:
        again = np.zeros(self._model.count, np.bool_)
        again[idx] = True
        keep = ~again[self._flash_idx]
        self._flash_idx = np.concatenate([self._flash_idx[keep], idx])
        self._flash_end = np.concatenate([self._flash_end[keep], np.full(idx.size, now + seconds)])
        self._flash_len = np.concatenate([self._flash_len[keep], np.full(idx.size, seconds)])

    def flashing(self) -> np.ndarray:
        return self._flash_idx

    def prune(self, now: float) -> None:
        live = self._flash_end > now
        self._flash_idx = self._flash_idx[live]
        self._flash_end = self._flash_end[live]
        self._flash_len = self._flash_len[live]

    def flash_bounds(self, margin: float) -> QRectF | None:
        """Scene rectangle around every live flash, or None."""
        idx = self._flash_idx
        if idx.size == 0:
            return None
        xs, ys = self._model.x[idx] * PITCH, self._model.y[idx] * PITCH
        half = PITCH + margin
        return QRectF(
            float(xs.min()) - half,
            float(ys.min()) - half,
            float(xs.max() - xs.min()) + 2 * half,
            float(ys.max() - ys.min()) + 2 * half,
        )

    # --- painting -------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        transform = painter.worldTransform()
        px = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform) * PITCH
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        exposed = option.exposedRect
        idx = self._flash_idx
        if idx.size:
            xs, ys = self._model.x[idx] * PITCH, self._model.y[idx] * PITCH
            pad = (FLASH_MIN_PX * 2) / max(px / PITCH, 1e-6)
            inside = np.nonzero(
                (xs >= exposed.left() - pad)
                & (xs <= exposed.right() + pad)
                & (ys >= exposed.top() - pad)
                & (ys <= exposed.bottom() + pad)
            )[0]
            left = np.clip((self._flash_end[inside] - self.now) / self._flash_len[inside], 0.0, 1.0)
            base = max(px * 0.6, FLASH_MIN_PX)
            colour, edge = QColor(FLASH), QColor(FLASH_EDGE)
            width = max(3.0, px * 0.16)
            for k, fade in zip(inside.tolist(), left.tolist(), strict=True):
                if fade <= 0:
                    continue
                centre = transform.map(QPointF(float(xs[k]), float(ys[k])))
                radius = base * (1.0 + 0.3 * (1.0 - fade))
                # Full strength for most of its life, then fading: a new sale is seen, not
                # guessed at; the dark edge keeps the ring visible on any tier colour.
                alpha = min(1.0, fade * 3.0)
                edge.setAlphaF(alpha)
                colour.setAlphaF(alpha)
                painter.setPen(QPen(edge, width + 2.0))
                painter.drawEllipse(centre, radius, radius)
                painter.setPen(QPen(colour, width))
                painter.drawEllipse(centre, radius, radius)
        if self.hover >= 0:
            cell = transform.mapRect(self.seat_rect(self.hover))
            grow = max(2.0, (8.0 - cell.width()) / 2)
            painter.setPen(QPen(QColor(HOVER), 2.0))
            painter.drawRoundedRect(cell.adjusted(-grow, -grow, grow, grow), 3, 3)
        if self.key_seat >= 0:
            self._paint_cursor(painter, transform.mapRect(self.seat_rect(self.key_seat)))
        painter.restore()

    def _paint_cursor(self, painter: QPainter, cell: QRectF) -> None:
        """A white halo under a black dashed box with solid corner brackets: seen on any tier
        colour and any state, by shape and pattern as well as by colour."""
        grow = max(3.0, (CURSOR_MIN_PX - cell.width()) / 2)
        box = cell.adjusted(-grow, -grow, grow, grow)
        painter.setPen(QPen(QColor("white"), 5.0))
        painter.drawRect(box)
        dashed = QPen(QColor("black"), 2.5)
        dashed.setDashPattern(list(CURSOR_DASH))
        painter.setPen(dashed)
        painter.drawRect(box)
        arm = max(4.0, box.width() / 4)
        painter.setPen(QPen(QColor("black"), 3.0))
        for corner, sx, sy in (
            (box.topLeft(), 1, 1),
            (box.topRight(), -1, 1),
            (box.bottomLeft(), 1, -1),
            (box.bottomRight(), -1, -1),
        ):
            painter.drawLine(corner, corner + QPointF(sx * arm, 0))
            painter.drawLine(corner, corner + QPointF(0, sy * arm))
