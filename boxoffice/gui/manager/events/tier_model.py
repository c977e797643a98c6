"""The event's price tiers as an editable table (row order = sort order, 0 = best zone).

For a seated event the model also knows the layout's sections, so it can say how many seats
each tier gets and whether every seat has exactly one tier, before anything is saved (the
service checks again on save).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from boxoffice.domain.colour_choices import TIER_COLOURS
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import format_money, money
from boxoffice.i18n import N_, _
from boxoffice.i18n.formats import currency, currency_symbol, number_text
from boxoffice.services.events.coverage import SectionRows, Zone, resolve_coverage
from boxoffice.services.events.drafts import TierDraft, ZoneDraft
from boxoffice.services.events.editor import SectionChoice

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

COLUMNS = ("", N_("Tier"), N_("Price"), N_("Seats"), N_("Covers"))
COLOUR, NAME, PRICE, SEATS, COVERS = range(len(COLUMNS))
PALETTE = TIER_COLOURS


@dataclass
class TierRow:
    """One editable tier (``id`` None until saved; ``tickets`` sold so far, any status)."""

    name: str
    price: Decimal
    colour: str
    zones: list[ZoneDraft] = field(default_factory=list)
    ga_capacity: int = 0
    id: int | None = None
    tickets: int = 0

    @classmethod
    def of(cls, draft: TierDraft, tickets: int = 0) -> TierRow:
        return cls(
            draft.name,
            draft.price,
            draft.colour,
            list(draft.zones),
            draft.ga_capacity,
            draft.id,
            tickets,
        )

    def draft(self) -> TierDraft:
        return TierDraft(
            name=self.name,
            price=self.price,
            colour=self.colour,
            zones=tuple(self.zones),
            ga_capacity=self.ga_capacity,
            id=self.id,
        )


def parse_price(text: str) -> Decimal:
    """``"45"``, ``"45.50"``, ``"45,50"``, or with the currency's symbol or code before or
    after it → Decimal; raises ValidationError."""
    cleaned = text.strip()
    for mark in (currency_symbol(), currency()):
        cleaned = cleaned.removeprefix(mark).removesuffix(mark).strip()
    if re.fullmatch(r"\d+,\d{1,2}", cleaned):  # a decimal comma, as many desks type it
        cleaned = cleaned.replace(",", ".")
    return money(cleaned)


class TierTableModel(QAbstractTableModel):
    """Editable tiers. Signals: ``coverage_changed(str, bool)`` (summary, all seats covered)
    after every change; ``tiers_changed()`` when anything the draft holds changed."""

    coverage_changed = Signal(str, bool)
    tiers_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.tiers: list[TierRow] = []
        self.sections: tuple[SectionChoice, ...] | None = None  # None = general admission
        self.seat_counts: dict[int, int] = {}  # row -> seats
        self.coverage_text = ""
        self.covered = True
        self.undo_stack: list[list[list[ZoneDraft]]] = []  # tiers' zones before each move
        self._last_take: tuple[int, int] | None = None  # (tier row, section) of the last move

    # -- loading ---------------------------------------------------------------------------------
    def load(self, tiers: list[TierRow], sections: tuple[SectionChoice, ...] | None) -> None:
        self.beginResetModel()
        self.tiers = tiers
        self.sections = sections
        self.undo_stack = []
        self.endResetModel()
        self._recount()

    def set_sections(self, sections: tuple[SectionChoice, ...] | None) -> None:
        """Another layout (or general admission): zones of unknown sections are dropped."""
        known = {s.id for s in sections or ()}
        for tier in self.tiers:
            tier.zones = [z for z in tier.zones if z.section_id in known]
        self.sections = sections
        self._changed(0, len(self.tiers) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, SEATS, SEATS)

    @property
    def general_admission(self) -> bool:
        return self.sections is None

    def drafts(self) -> tuple[TierDraft, ...]:
        return tuple(t.draft() for t in self.tiers)

    # -- editing ---------------------------------------------------------------------------------
    def add_tier(self) -> int:
        """Append a tier with a free name and the next palette colour; returns its row."""
        names = {t.name.casefold() for t in self.tiers}
        n = len(self.tiers) + 1
        while f"tier {n}" in names:
            n += 1
        used = {t.colour for t in self.tiers}
        colour = next((c for c in PALETTE if c not in used), PALETTE[n % len(PALETTE)])
        row = len(self.tiers)
        self.beginInsertRows(ROOT, row, row)
        self.tiers.append(TierRow(_("Tier {n}").format(n=n), Decimal("0.00"), colour))
        self.endInsertRows()
        self._recount()
        return row

    def remove_tier(self, row: int) -> None:
        if 0 <= row < len(self.tiers):
            self.beginRemoveRows(ROOT, row, row)
            del self.tiers[row]
            self.endRemoveRows()
            self._recount()

    def move_tier(self, row: int, delta: int) -> int:
        """Move a tier up (-1) or down (+1) the sort order; returns its new row."""
        target = row + delta
        if not (0 <= row < len(self.tiers) and 0 <= target < len(self.tiers)) or delta == 0:
            return row
        # beginMoveRows wants the row *before which* it lands, in the old numbering.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(ROOT, row, row, ROOT, destination)
        self.tiers.insert(target, self.tiers.pop(row))
        self.endMoveRows()
        self._recount()
        return target

    def set_colour(self, row: int, colour: str) -> None:
        if 0 <= row < len(self.tiers):
            self.tiers[row].colour = colour
            self._changed(row, row)

    def set_zones(self, row: int, zones: list[ZoneDraft]) -> None:
        if 0 <= row < len(self.tiers):
            self.tiers[row].zones = list(zones)
            self._changed(0, len(self.tiers) - 1)  # other tiers' seat counts move too

    def take_section(self, row: int, section_id: int) -> list[str]:
        """Give tier *row* the whole section: other tiers that had all of it lose it (rows
        they name explicitly stay theirs). Returns the names of the tiers it was taken from;
        :meth:`undo` puts it back."""
        if not 0 <= row < len(self.tiers):
            return []
        before = [list(t.zones) for t in self.tiers]
        losers = []
        for i, tier in enumerate(self.tiers):
            whole = [z for z in tier.zones if z.section_id == section_id and not z.row_spec]
            if i != row and whole:
                tier.zones = [z for z in tier.zones if z not in whole]
                losers.append(tier.name or _("Tier {number}").format(number=i + 1))
        mine = [z for z in self.tiers[row].zones if z.section_id != section_id]
        order = {s.id: i for i, s in enumerate(self.sections or ())}
        mine.append(ZoneDraft(section_id))
        mine.sort(key=lambda z: order.get(z.section_id, 0))
        self.tiers[row].zones = mine
        if losers:
            self.undo_stack.append(before)
            self._last_take = (row, section_id)
        self._changed(0, len(self.tiers) - 1)
        return losers

    def give_back(self, row: int, section_id: int) -> None:
        """Tier *row* now names rows of the section it just took whole: the tiers it took the
        section from get it back (whole again, so they keep the rows not named)."""
        if self._last_take != (row, section_id) or not self.undo_stack:
            return
        before = self.undo_stack.pop()
        self._last_take = None
        if len(before) != len(self.tiers):
            return
        for i, (tier, zones) in enumerate(zip(self.tiers, before, strict=True)):
            if i != row:
                mine = [z for z in tier.zones if z.section_id != section_id]
                theirs = [z for z in zones if z.section_id == section_id]
                tier.zones = mine + theirs

    def undo(self) -> bool:
        """Put back the tiers' sections as they were before the last move."""
        if not self.undo_stack:
            return False
        self._last_take = None
        before = self.undo_stack.pop()
        if len(before) != len(self.tiers):  # tiers added or removed since: nothing to undo
            self.undo_stack.clear()
            return False
        for tier, zones in zip(self.tiers, before, strict=True):
            tier.zones = zones
        self._changed(0, len(self.tiers) - 1)
        return True

    def _changed(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self._recount()

    # -- coverage --------------------------------------------------------------------------------
    def _recount(self) -> None:
        self.seat_counts = {}
        if self.sections is None:
            total = sum(t.ga_capacity for t in self.tiers)
            n = len(self.tiers)
            tiers = "tier" if n == 1 else "tiers"
            self.coverage_text, self.covered = (
                _("{total} places in {n} {tiers}").format(
                    total=number_text(total), n=n, tiers=tiers
                ),
                True,
            )
        else:
            self._seated_coverage(self.sections)
        self.coverage_changed.emit(self.coverage_text, self.covered)
        self.tiers_changed.emit()

    def _seated_coverage(self, sections: tuple[SectionChoice, ...]) -> None:
        rows = [SectionRows(s.id, s.name, s.rows) for s in sections]
        per_row = {s.id: s.seats // max(len(s.rows), 1) for s in sections}
        keys = [f"{i}" for i in range(len(self.tiers))]  # names may clash while typing
        zones = [Zone(k, z.section_id, z.row_spec) for k, t in zip(keys, self.tiers, strict=True)
                 for z in t.zones]  # fmt: skip
        cover = resolve_coverage(rows, zones, strict=False)
        for (section_id, _label), key in cover.items():
            i = int(key)
            self.seat_counts[i] = self.seat_counts.get(i, 0) + per_row[section_id]
        total = sum(s.seats for s in sections)
        try:
            named = [
                Zone(t.name or _("Tier {number}").format(number=i + 1), z.section_id, z.row_spec)
                for i, t in enumerate(self.tiers)
                for z in t.zones
            ]
            resolve_coverage(rows, named, [t.name for t in self.tiers])
        except ValidationError as exc:
            self.coverage_text, self.covered = exc.message, False
            return
        self.coverage_text, self.covered = (
            _("All {total} seats have exactly one tier.").format(total=number_text(total)),
            True,
        )

    def covers_text(self, tier: TierRow) -> str:
        if self.sections is None:
            return _("General admission")
        names = {s.id: s.name for s in self.sections}
        parts = [
            names.get(z.section_id, "?") + (f" {z.row_spec}" if z.row_spec else "")
            for z in tier.zones
        ]
        return "; ".join(parts) or "—"

    # -- table -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.tiers)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == SEATS and self.general_admission:
                return _("Capacity")
            return _(COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == COLOUR:
            return _("Colour on the seat map (double-click to change)")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = index.column()
        if column in (NAME, PRICE) or (column == SEATS and self.general_admission):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.tiers):
            return None
        tier, column = self.tiers[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), tier, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == NAME:
                return tier.name
            if column == PRICE:
                return f"{tier.price:.2f}"
            if column == SEATS:
                return tier.ga_capacity
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == COLOUR:
            return QColor(tier.colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PRICE, SEATS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if tier.tickets:
                return _(
                    "{tickets} ticket(s) sold in this tier keep their price; the tier cannot be "
                    "removed."
                ).format(tickets=tier.tickets)
            return None
        return None

    def _display(self, row: int, tier: TierRow, column: int) -> str:
        if column == NAME:
            return tier.name
        if column == PRICE:
            return format_money(tier.price)
        if column == SEATS:
            if self.general_admission:
                return number_text(tier.ga_capacity)
            return number_text(self.seat_counts.get(row, 0))
        if column == COVERS:
            return self.covers_text(tier)
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self.tiers):
            return False
        tier, column = self.tiers[index.row()], index.column()
        try:
            if column == NAME:
                text = str(value).strip()
                if not text:
                    return False
                tier.name = text
            elif column == PRICE:
                price = parse_price(str(value))
                if price < 0:
                    return False
                tier.price = price
            elif column == SEATS and self.general_admission:
                capacity = int(value)
                if capacity < 0:
                    return False
                tier.ga_capacity = capacity
            else:
                return False
        except (ValidationError, ValueError, TypeError):
            return False
        self._changed(index.row(), index.row())
        return True
