"""Small pieces of the Venues tab: its style and the preview legend."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel

from boxoffice.domain.colour_choices import SECTION_COLOURS
from boxoffice.gui.manager.venues.preview import ACCESSIBLE, BLOCKED, RESTRICTED
from boxoffice.gui.theme import colour as theme_colour
from boxoffice.i18n import _


def dot_icon(colour: QColor, cross: bool = False, ring: QColor | None = None) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(colour.darker(140))
    painter.setBrush(colour)
    painter.drawEllipse(QPointF(8, 8), 5.5, 5.5)
    if cross:
        painter.setPen(theme_colour("designer_outline_strong"))
        painter.drawLine(5, 5, 11, 11)
        painter.drawLine(5, 11, 11, 5)
    if ring is not None:
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(8, 8), 7, 7)
    painter.end()
    return QIcon(pixmap)


def legend_row() -> QHBoxLayout:
    """What the preview's marks mean, as a row of swatches (the caller may append buttons)."""
    row = QHBoxLayout()
    for icon, text in (
        (dot_icon(QColor(SECTION_COLOURS[0])), _("Seat (section colour)")),
        (dot_icon(ACCESSIBLE), _("Accessible")),
        (dot_icon(QColor(SECTION_COLOURS[0]), ring=RESTRICTED), _("Restricted view")),
        (dot_icon(BLOCKED, cross=True), _("Blocked")),
    ):
        swatch = QLabel()
        swatch.setPixmap(icon.pixmap(16, 16))
        row.addWidget(swatch)
        row.addWidget(QLabel(text))
        row.addSpacing(10)
    row.addStretch(1)
    return row
