"""The layout's sections as a list (name, size; a swatch in the preview's colour)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from boxoffice.gui.manager.venues.preview import section_colour
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text
from boxoffice.services.venues.layouts import SectionInfo

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
SECTION_ROLE = Qt.ItemDataRole.UserRole


class SectionListModel(QAbstractListModel):
    """Rows of :class:`SectionInfo` (no signals beyond the model's own)."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[SectionInfo] = []

    def set_sections(self, sections: tuple[SectionInfo, ...]) -> None:
        self.beginResetModel()
        self.sections = list(sections)
        self.endResetModel()

    def row_of(self, section_id: int | None) -> int:
        for i, s in enumerate(self.sections):
            if s.id == section_id:
                return i
        return -1

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.sections)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.sections):
            return None
        section = self.sections[index.row()]
        spec = section.spec
        if role == Qt.ItemDataRole.DisplayRole:
            return _("{name}  ·  {rows} × {seats_per_row}  ({seats} seats)").format(
                name=spec.name,
                rows=spec.rows,
                seats_per_row=spec.seats_per_row,
                seats=number_text(section.seats),
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return section_colour(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            shape = "curved" if spec.curve else "straight"
            return _(
                "{name}: {rows} rows of {seats_per_row}, {shape}, rotated {rotation:g}°, at "
                "({origin_x:g}, {origin_y:g})"
            ).format(
                name=spec.name,
                rows=spec.rows,
                seats_per_row=spec.seats_per_row,
                shape=shape,
                rotation=spec.rotation,
                origin_x=spec.origin_x,
                origin_y=spec.origin_y,
            )
        if role == SECTION_ROLE:
            return section
        return None
