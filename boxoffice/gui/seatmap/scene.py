"""The scene of one seat map: stage, seat tiles, labels and the overlay, built from a model.

A 100,000-seat stadium becomes a few hundred items (one per tile of seats), never one per seat.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsScene

from boxoffice.domain.seatmap import SeatMap
from boxoffice.gui.seatmap.labels import LabelLayer, StageItem, stage_rect
from boxoffice.gui.seatmap.model import SeatModel
from boxoffice.gui.seatmap.overlay import OverlayItem
from boxoffice.gui.seatmap.palette import BACKGROUND, LABEL_TEXT, PITCH
from boxoffice.gui.seatmap.sprites import SpriteCache
from boxoffice.gui.seatmap.tiles import SeatTileItem, TileCache
from boxoffice.i18n import _

MARGIN_UNITS = 2.5  # space around the content when fitting


class SeatMapScene(QGraphicsScene):
    """Holds the items of the current map and answers position queries through the model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor(BACKGROUND))
        self.sprites = SpriteCache()
        self.cache = TileCache()
        self.model: SeatModel | None = None
        self.tiles: list[SeatTileItem] = []
        self.overlay: OverlayItem | None = None
        self.labels: LabelLayer | None = None
        self._content = QRectF()

    def load(self, seat_map: SeatMap, now: float) -> SeatModel:
        """Replace everything with *seat_map*; returns the new model."""
        self.clear()
        self.cache.clear()
        model = SeatModel(seat_map, now)
        self.model = model
        left, top, right, bottom = model.bounds()
        content = QRectF(left * PITCH, top * PITCH, (right - left) * PITCH, (bottom - top) * PITCH)
        stage = seat_map.stage
        if stage.w > 0 and stage.h > 0:
            self.addItem(StageItem(stage))
            content = content.united(stage_rect(stage)) if model.count else stage_rect(stage)
        margin = MARGIN_UNITS * PITCH
        self._content = content.adjusted(-margin, -margin, margin, margin)
        self.tiles = []
        for tile in range(len(model.tiles)):
            item = SeatTileItem(model, tile, self.cache, self.sprites)
            self.addItem(item)
            self.tiles.append(item)
        sections, rows = model.labels()
        self.labels = LabelLayer(
            self._content, sections, rows, lambda *rect: bool(model.seats_in(*rect).size)
        )
        self.addItem(self.labels)
        self.overlay = OverlayItem(model, self._content)
        self.addItem(self.overlay)
        if model.count == 0:
            self._placeholder()
        # Room to pan a little past the edges, as map viewers allow.
        slack = max(self._content.width(), self._content.height()) * 0.25
        self.setSceneRect(self._content.adjusted(-slack, -slack, slack, slack))
        return model

    def _placeholder(self) -> None:
        font = QFont()
        font.setPixelSize(18)
        text = self.addSimpleText(_("General admission — no reserved seats"), font)
        text.setBrush(QColor(LABEL_TEXT))
        box = text.boundingRect()
        centre = self._content.center() if not self._content.isEmpty() else QPointF(0, 0)
        text.setPos(centre.x() - box.width() / 2, centre.y() + PITCH * 3)
        self._content = self._content.united(text.sceneBoundingRect().adjusted(-20, -20, 20, 20))

    def content_rect(self) -> QRectF:
        """Everything worth showing (seats, stage, labels), with a small margin."""
        return QRectF(self._content)

    def seat_at(self, point: QPointF) -> int:
        """Index of the seat at scene *point*, or -1."""
        if self.model is None:
            return -1
        return self.model.seat_at(point.x() / PITCH, point.y() / PITCH)

    def seats_in(self, rect: QRectF) -> np.ndarray:
        """Indices of the seats whose centre is inside scene *rect*."""
        if self.model is None:
            return np.zeros(0, np.intp)
        r = rect.normalized()
        return self.model.seats_in(
            r.left() / PITCH, r.top() / PITCH, r.right() / PITCH, r.bottom() / PITCH
        )

    def redraw(self, idx: np.ndarray) -> None:
        """Repaint only the tiles that hold the seats *idx*."""
        if self.model is None or idx.size == 0:
            return
        for tile in self.model.tiles_of(idx).tolist():
            self.tiles[tile].update()

    def seat_rect(self, i: int) -> QRectF:
        assert self.model is not None
        x, y = float(self.model.x[i]) * PITCH, float(self.model.y[i]) * PITCH
        return QRectF(x - PITCH / 2, y - PITCH / 2, PITCH, PITCH)
