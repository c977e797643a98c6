"""Small pieces of the Venues tab: its style, the preview legend, and worker-side helpers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.colour_choices import SECTION_COLOURS
from boxoffice.gui.manager.venues.preview import ACCESSIBLE, BLOCKED, RESTRICTED
from boxoffice.gui.theme import colour as theme_colour
from boxoffice.services.venues import layout_json as venue_json
from boxoffice.services.venues import sections as venue_sections
from boxoffice.services.venues.layouts import LayoutDetail
from boxoffice.services.venues.sections import SeatFlagsResult


def import_file(
    db: Database, actor: Actor, venue_id: int, path: str, taken: set[str]
) -> LayoutDetail:
    """Read a layout file and import it under a name not yet used in the venue (worker side)."""
    data = Path(path).read_bytes()
    doc = venue_json.parse_layout(data)
    name, n = doc.name, 2
    while name.casefold() in taken:
        name, n = f"{doc.name} ({n})", n + 1
    return venue_json.import_layout(db, actor, venue_id, data, name)


def set_flag(
    db: Database, actor: Actor, layout_id: int, seat_ids: list[int], flag: str, value: bool
) -> SeatFlagsResult:
    """Set one seat flag ("blocked" or "accessible") on the worker."""
    return venue_sections.set_seat_flags(db, actor, layout_id, seat_ids, **{flag: value})


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
        (dot_icon(QColor(SECTION_COLOURS[0])), "Seat (section colour)"),
        (dot_icon(ACCESSIBLE), "Accessible"),
        (dot_icon(QColor(SECTION_COLOURS[0]), ring=RESTRICTED), "Restricted view"),
        (dot_icon(BLOCKED, cross=True), "Blocked"),
    ):
        swatch = QLabel()
        swatch.setPixmap(icon.pixmap(16, 16))
        row.addWidget(swatch)
        row.addWidget(QLabel(text))
        row.addSpacing(10)
    row.addStretch(1)
    return row
