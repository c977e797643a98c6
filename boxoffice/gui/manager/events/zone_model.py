"""Which sections and rows the selected tier covers: one row per section of the layout.

Tick a section to give the tier all of it (minus rows another tier names explicitly), and type
rows such as ``A-D`` or ``A-C,F`` to narrow it. Edits go straight into the tier model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from boxoffice.domain.errors import ValidationError
from boxoffice.gui.manager.events.tier_model import TierTableModel
from boxoffice.gui.theme import colour
from boxoffice.i18n import N_, _
from boxoffice.i18n.formats import number_text
from boxoffice.services.events.coverage import SectionRows, parse_row_spec
from boxoffice.services.events.drafts import ZoneDraft
from boxoffice.services.events.editor import SectionChoice

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

COLUMNS = (N_("Section"), N_("Rows"), N_("Range"))
SECTION, ROWS, LABELS = range(len(COLUMNS))


class ZoneTableModel(QAbstractTableModel):
    """The zones of tier ``tier_row`` of *tiers* (edits go to *tiers*).

    Signals: ``moved(str, list)`` when ticking a section took it from other tiers (the
    section's name, theirs); ``tiers.undo()`` gives it back.
    """

    moved = Signal(str, list)

    def __init__(self, tiers: TierTableModel) -> None:
        super().__init__()
        self.tiers = tiers
        self.tier_row = -1
        tiers.dataChanged.connect(self._refresh)
        tiers.modelReset.connect(self._reload)
        tiers.rowsRemoved.connect(self._reload)
        tiers.rowsMoved.connect(self._reload)

    @property
    def sections(self) -> tuple[SectionChoice, ...]:
        return self.tiers.sections or ()

    def set_tier(self, row: int) -> None:
        self.beginResetModel()
        self.tier_row = row
        self.endResetModel()

    def _reload(self, *_: Any) -> None:
        self.beginResetModel()
        if not 0 <= self.tier_row < len(self.tiers.tiers):
            self.tier_row = -1
        self.endResetModel()

    def _refresh(self, *_: Any) -> None:
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def reload(self) -> None:
        """Sections changed (another layout chosen)."""
        self._reload()

    def _zones(self) -> list[ZoneDraft]:
        if 0 <= self.tier_row < len(self.tiers.tiers):
            return self.tiers.tiers[self.tier_row].zones
        return []

    def _spec(self, section_id: int) -> str | None:
        """The tier's row spec for the section ("" = whole), or None if it has no zone there."""
        specs = [z.row_spec for z in self._zones() if z.section_id == section_id]
        if not specs:
            return None
        if "" in specs:
            return ""
        return ",".join(specs)

    def _set_spec(self, section_id: int, spec: str | None) -> None:
        if spec == "":  # ticked: the whole section moves here from any tier that had it all
            moved = self.tiers.take_section(self.tier_row, section_id)
            if moved:
                name = next((s.name for s in self.sections if s.id == section_id), "?")
                self.moved.emit(name, moved)
            return
        if spec:  # rows named: the rest of the section goes back where the tick took it from
            self.tiers.give_back(self.tier_row, section_id)
        zones = [z for z in self._zones() if z.section_id != section_id]
        if spec is not None:
            zones.append(ZoneDraft(section_id, spec))
        order = {s.id: i for i, s in enumerate(self.sections)}
        zones.sort(key=lambda z: order.get(z.section_id, 0))
        self.tiers.set_zones(self.tier_row, zones)

    @staticmethod
    def problem(section: SectionChoice, spec: str) -> str:
        try:
            parse_row_spec(spec, SectionRows(section.id, section.name, section.rows))
        except ValidationError as exc:
            return exc.message
        return ""

    # -- table -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.tier_row < 0 else len(self.sections)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == SECTION:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == ROWS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.sections):
            return None
        section, column = self.sections[index.row()], index.column()
        spec = self._spec(section.id)
        if role == Qt.ItemDataRole.CheckStateRole and column == SECTION:
            return Qt.CheckState.Checked if spec is not None else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SECTION:
                return section.name
            if column == ROWS:
                if spec is None:
                    return ""
                return spec or _("all (rest)")
            first, last = section.rows[0], section.rows[-1]
            return first if first == last else f"{first}–{last}"
        if role == Qt.ItemDataRole.EditRole and column == ROWS:
            return spec or ""
        if spec and column == ROWS:
            problem = self.problem(section, spec)
            if role == Qt.ItemDataRole.ForegroundRole and problem:
                return colour("error")
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem or None
        if role == Qt.ItemDataRole.ToolTipRole and column == SECTION:
            return _("{name}: {count} rows, {seats} seats").format(
                name=section.name, count=len(section.rows), seats=number_text(section.seats)
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == ROWS:
            return _(
                "Empty = the whole section, except rows another tier names (e.g. A-D or A-C,F)"
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.sections) or self.tier_row < 0:
            return False
        section = self.sections[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == SECTION:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self._set_spec(section.id, "" if checked else None)
        elif role == Qt.ItemDataRole.EditRole and index.column() == ROWS:
            text = str(value).strip()
            self._set_spec(section.id, text if text or self._spec(section.id) is not None else None)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), ROWS))
        return True
