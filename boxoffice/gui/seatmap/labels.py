"""The stage, section names and row labels.

Labels are drawn in device pixels (crisp at any zoom, sizes clamped to stay readable) by one
layer item that culls them against the exposed rectangle. Row labels appear only when seats
are big enough to read; section names sit on their block when far out and, when near, beside
it where no seat lies under them (behind the last row, else before the first, else on a side).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from boxoffice.domain.seatmap import Stage
from boxoffice.gui.seatmap.model import RowLabel, SectionLabel
from boxoffice.gui.seatmap.palette import (
    LABEL_TEXT,
    PITCH,
    ROW_LABEL_TEXT,
    SECTION_EDGE,
    STAGE_FILL,
    STAGE_TEXT,
)
from boxoffice.i18n import _

ROW_LABELS_PX = 10.0  # px per seat from which row labels are shown
NEAR_PX = 6.0  # px per seat from which section names move from the block to behind it


def stage_rect(stage: Stage) -> QRectF:
    """The stage in scene coordinates; ``Stage.x``/``Stage.y`` are its centre."""
    return QRectF(
        (stage.x - stage.w / 2) * PITCH,
        (stage.y - stage.h / 2) * PITCH,
        stage.w * PITCH,
        stage.h * PITCH,
    )


class StageItem(QGraphicsItem):
    """A dark rounded block with the word STAGE fitted inside."""

    def __init__(self, stage: Stage, text: str = "") -> None:
        super().__init__()
        self._rect = stage_rect(stage)
        self._text = text or _("STAGE")
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gradient = QLinearGradient(rect.topLeft(), rect.bottomLeft())
        gradient.setColorAt(0, QColor(STAGE_FILL).lighter(125))
        gradient.setColorAt(1, QColor(STAGE_FILL))
        painter.setPen(QPen(QColor(SECTION_EDGE), 1.5))
        painter.setBrush(gradient)
        radius = min(rect.width(), rect.height()) * 0.18
        painter.drawRoundedRect(rect, radius, radius)
        font = QFont()
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 130)
        size = min(rect.height() * 0.45, rect.width() / (len(self._text) * 1.2))
        if size < 1:
            return
        font.setPixelSize(max(1, int(size)))
        painter.setFont(font)
        painter.setPen(QColor(STAGE_TEXT))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._text)


class TextCache:
    """Labels rendered once per text and size (a halo stroke is far too slow per frame)."""

    LIMIT = 4096

    def __init__(self) -> None:
        self._pixmaps: OrderedDict[tuple[str, int, bool, str, bool], QPixmap] = OrderedDict()

    def pixmap(self, text: str, px: int, bold: bool, colour: str, halo: bool) -> QPixmap:
        key = (text, px, bold, colour, halo)
        found = self._pixmaps.get(key)
        if found is not None:
            self._pixmaps.move_to_end(key)
            return found
        font = QFont()
        font.setPixelSize(px)
        font.setBold(bold)
        if halo:
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        metrics = QFontMetricsF(font)
        pad = 3
        width = math.ceil(metrics.horizontalAdvance(text)) + 2 * pad
        height = math.ceil(metrics.height()) + 2 * pad
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addText(QPointF(pad, pad + metrics.ascent()), font, text)
        if halo:
            painter.strokePath(path, QPen(QColor(255, 255, 255, 230), 3.0))
        painter.fillPath(path, QColor(colour))
        painter.end()
        found = QPixmap.fromImage(image)
        self._pixmaps[key] = found
        if len(self._pixmaps) > self.LIMIT:
            self._pixmaps.popitem(last=False)
        return found


def _draw_centred(painter: QPainter, point: QPointF, pixmap: QPixmap) -> None:
    painter.drawPixmap(
        round(point.x() - pixmap.width() / 2), round(point.y() - pixmap.height() / 2), pixmap
    )


class LabelLayer(QGraphicsItem):
    """Section names and row labels for the whole map, drawn above the seats."""

    def __init__(
        self,
        rect: QRectF,
        sections: list[SectionLabel],
        rows: list[RowLabel],
        occupied: Callable[[float, float, float, float], bool] = lambda *_: False,
    ) -> None:
        """*occupied(x0, y0, x1, y1)* says whether any seat lies in that rectangle (units)."""
        super().__init__()
        self._occupied = occupied
        self.placed: dict[str, tuple[float, float] | None] = {}  # where each name went (tests)
        self._rect = rect
        self._sections = sections
        self._rows = rows
        self._text = TextCache()
        self._row_xy = np.array([(r.x, r.y) for r in rows], np.float64).reshape(-1, 2) * PITCH
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        transform = painter.worldTransform()
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)
        px = scale * PITCH
        margin = 160 / max(scale, 1e-6)  # the widest label, in scene units
        exposed = option.exposedRect.adjusted(-margin, -margin, margin, margin)
        painter.save()
        painter.resetTransform()  # text in device pixels: crisp, and sized for reading
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if px >= ROW_LABELS_PX:
            self._paint_rows(painter, transform, exposed, px)
        self._paint_sections(painter, transform, exposed, px)
        painter.restore()

    def _paint_rows(
        self, painter: QPainter, transform: QTransform, exposed: QRectF, px: float
    ) -> None:
        xy = self._row_xy
        if not len(xy):
            return
        inside = np.nonzero(
            (xy[:, 0] >= exposed.left())
            & (xy[:, 0] <= exposed.right())
            & (xy[:, 1] >= exposed.top())
            & (xy[:, 1] <= exposed.bottom())
        )[0]
        font_px = int(min(15, max(8, px * 0.5)))
        for i in inside.tolist():
            point = transform.map(QPointF(xy[i, 0], xy[i, 1]))
            label = self._text.pixmap(self._rows[i].text, font_px, True, ROW_LABEL_TEXT, False)
            _draw_centred(painter, point, label)

    def _paint_sections(
        self, painter: QPainter, transform: QTransform, exposed: QRectF, px: float
    ) -> None:
        near = px >= NEAR_PX
        font_px = int(min(20, max(11, px * 0.7))) if near else 12
        for label in self._sections:
            text = self._text.pixmap(label.name.upper(), font_px, True, LABEL_TEXT, True)
            spot = self._near_spot(label, text, px) if near else label.centre
            self.placed[label.name] = spot
            if spot is None:
                continue  # every place beside the block has seats (row labels still show)
            anchor = QPointF(spot[0] * PITCH, spot[1] * PITCH)
            if not exposed.contains(anchor):
                continue
            if not near and label.span * px < text.width():
                continue  # too small to carry its name at this zoom
            _draw_centred(painter, transform.map(anchor), text)

    def _near_spot(
        self, label: SectionLabel, text: QPixmap, px: float
    ) -> tuple[float, float] | None:
        """The first of the label's places where its text covers no seat."""
        # Half the text's size in units, plus half a seat: a seat's edge, not its centre.
        half_w = text.width() / 2 / px + 0.5
        half_h = text.height() / 2 / px + 0.5
        for x, y in label.near_spots(half_w - 0.5, half_h - 0.5):
            if not self._occupied(x - half_w, y - half_h, x + half_w, y + half_h):
                return (x, y)
        return None
