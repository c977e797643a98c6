"""One graphics item per tile of seats: the bulk painter behind the map's speed.

Far out (a seat under ``DIRECT_PX`` device pixels) a tile is a cached image built with numpy
at the next power-of-two resolution and drawn scaled: one ``drawImage`` per tile, whatever
its seat count. Near in, a tile stamps a pre-drawn seat pixmap per visible seat — only seats
inside the exposed rectangle, which at that zoom is a bounded number. Either way a frame
costs the pixels on screen, not the seats in the venue.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from boxoffice.gui.seatmap.model import SeatModel
from boxoffice.gui.seatmap.palette import BLOCKED, PITCH
from boxoffice.gui.seatmap.sprites import SpriteCache

LEVELS = (1, 2, 4, 8, 16)  # cached image resolutions, device px per seat pitch
DIRECT_PX = 16.0  # from this many px per seat on, seats are stamped one by one
NUMBERS_PX = 26.0  # from this many px per seat on, seat numbers are drawn


def level_for(px: float) -> int:
    """The cached resolution to draw at *px* device pixels per seat (never upscaled)."""
    for level in LEVELS:
        if level >= px:
            return level
    return LEVELS[-1]


class TileCache:
    """Least-recently-used tile images, bounded in bytes; stale versions are rebuilt."""

    def __init__(self, budget_bytes: int = 96 * 1024 * 1024) -> None:
        self.budget = budget_bytes
        self.used = 0
        self._images: OrderedDict[tuple[int, int], tuple[int, QImage, np.ndarray]] = OrderedDict()

    def get(self, tile: int, level: int, version: int) -> QImage | None:
        found = self._images.get((tile, level))
        if found is None or found[0] != version:
            return None
        self._images.move_to_end((tile, level))
        return found[1]

    def put(self, tile: int, level: int, version: int, image: QImage, pixels: np.ndarray) -> None:
        old = self._images.pop((tile, level), None)
        if old is not None:
            self.used -= old[2].nbytes
        self._images[(tile, level)] = (version, image, pixels)
        self.used += pixels.nbytes
        while self.used > self.budget and len(self._images) > 1:
            _, (_, _, dropped) = self._images.popitem(last=False)
            self.used -= dropped.nbytes

    def clear(self) -> None:
        self._images.clear()
        self.used = 0


def rasterise(
    model: SeatModel, tile: int, bounds: tuple[int, int, int, int], level: int, sprites: SpriteCache
) -> tuple[QImage, np.ndarray]:
    """The tile's seats as an image at *level* px per pitch, stamped with numpy."""
    left, top, width, height = bounds
    w, h = width * level, height * level
    pixels = np.zeros((h, w), np.uint32)
    members = model.tiles[tile]
    px = np.clip(np.rint((model.x[members] - 0.5 - left) * level).astype(np.intp), 0, w - level)
    py = np.clip(np.rint((model.y[members] - 0.5 - top) * level).astype(np.intp), 0, h - level)
    keys = model.look_keys(members)
    unique, groups = np.unique(keys, return_inverse=True)
    for g, key in enumerate(unique.tolist()):
        chosen = groups == g
        dy, dx, argb = sprites.stamp(model.look(key), level)
        pixels[py[chosen, None] + dy[None, :], px[chosen, None] + dx[None, :]] = argb[None, :]
    image = QImage(pixels.data, w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied)
    return image, pixels  # the image borrows the array's memory: keep both together


class SeatTileItem(QGraphicsItem):
    """Draws the seats of one tile; never handles events (the view hit-tests the model)."""

    def __init__(self, model: SeatModel, tile: int, cache: TileCache, sprites: SpriteCache) -> None:
        super().__init__()
        self._model = model
        self._tile = tile
        self._cache = cache
        self._sprites = sprites
        self._members = model.tiles[tile]
        self._bounds = model.tile_bounds(tile)
        left, top, width, height = self._bounds
        self._rect = QRectF(left * PITCH, top * PITCH, width * PITCH, height * PITCH)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    @property
    def tile(self) -> int:
        return self._tile

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        px = lod * PITCH
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        if px >= DIRECT_PX:
            self._paint_direct(painter, option.exposedRect, px, ratio)
            return
        level = level_for(px * ratio)
        version = int(self._model.tile_version[self._tile])
        image = self._cache.get(self._tile, level, version)
        if image is None:
            image, pixels = rasterise(self._model, self._tile, self._bounds, level, self._sprites)
            self._cache.put(self._tile, level, version, image, pixels)
        # Edges snapped to pixels: anti-aliased edges of neighbouring tiles would leave seams.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.drawImage(self._rect, image)

    def _paint_direct(self, painter: QPainter, exposed: QRectF, px: float, ratio: float) -> None:
        m = self._model
        members = self._members
        xs, ys = m.x[members], m.y[members]
        x0, x1 = exposed.left() / PITCH - 0.5, exposed.right() / PITCH + 0.5
        y0, y1 = exposed.top() / PITCH - 0.5, exposed.bottom() / PITCH + 0.5
        idx = members[(xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)]
        if idx.size == 0:
            return
        t = painter.worldTransform()  # the view only scales and translates
        sx, sy, ox, oy = t.m11(), t.m22(), t.dx(), t.dy()
        left = np.floor((m.x[idx] - 0.5) * PITCH * sx + ox + 0.5).astype(np.int64)
        top = np.floor((m.y[idx] - 0.5) * PITCH * sy + oy + 0.5).astype(np.int64)
        keys = m.look_keys(idx)
        unique, groups = np.unique(keys, return_inverse=True)
        painter.save()
        painter.resetTransform()
        draw = painter.drawPixmap
        looks = []
        for g, key in enumerate(unique.tolist()):
            look = m.look(key)
            looks.append(look)
            sprite = self._sprites.pixmap(look, px, ratio)
            chosen = groups == g
            for x, y in zip(left[chosen].tolist(), top[chosen].tolist(), strict=True):
                draw(x, y, sprite)
        if px >= NUMBERS_PX:
            font_px = max(7, int(px * 0.32))
            half = px / 2
            numbers = m.number[idx].tolist()
            group_looks = [looks[g] for g in groups.tolist()]
            for x, y, number, look in zip(
                left.tolist(), top.tolist(), numbers, group_looks, strict=True
            ):
                if look.accessible or look.state == BLOCKED:
                    continue  # their mark fills the seat; the tooltip still tells the number
                label = self._sprites.number(number, look.dark, font_px)
                draw(int(x + half - label.width() / 2), int(y + half - label.height() / 2), label)
        painter.restore()
