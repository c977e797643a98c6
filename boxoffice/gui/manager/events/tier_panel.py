"""Price tiers of the event being edited: the tier table, its buttons, and the zone editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.manager.events.coverage_map import CoverageMap
from boxoffice.gui.manager.events.tier_model import COLOUR, COVERS, NAME, TierTableModel
from boxoffice.gui.manager.events.zone_model import ROWS, ZoneTableModel
from boxoffice.gui.messages import headless
from boxoffice.gui.theme import restyle
from boxoffice.i18n import _
from boxoffice.services.events.editor import LayoutPlan


class TierPanel(QWidget):
    """Edits a :class:`TierTableModel` (``self.model``); no signals of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TierTableModel()
        self.zones = ZoneTableModel(self.model)
        self._locked = False

        self.table = QTableView()
        self.table.setObjectName("tierTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COVERS, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.add_button = QPushButton(_("Add tier"))
        self.add_button.setObjectName("addTier")
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("removeTier")
        self.remove_button.clicked.connect(self.remove_tier)
        self.up_button = QPushButton(_("Up"))
        self.up_button.setToolTip(_("Move the tier up (better zone first)"))
        self.up_button.clicked.connect(lambda: self.move_tier(-1))
        self.down_button = QPushButton(_("Down"))
        self.down_button.setToolTip(_("Move the tier down"))
        self.down_button.clicked.connect(lambda: self.move_tier(+1))
        self.colour_button = QPushButton(_("Colour…"))
        self.colour_button.setObjectName("tierColour")
        self.colour_button.clicked.connect(self.choose_colour)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.colour_button)

        self.zone_title = QLabel(_("Sections and rows"))
        self.zone_title.setObjectName("subtle")
        self.zone_table = QTableView()
        self.zone_table.setObjectName("zoneTable")
        self.zone_table.setModel(self.zones)
        self.zone_table.verticalHeader().hide()
        self.zone_table.setAlternatingRowColors(True)
        zone_header = self.zone_table.horizontalHeader()
        zone_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        zone_header.setSectionResizeMode(ROWS, QHeaderView.ResizeMode.Stretch)
        self.zone_table.setMinimumHeight(120)
        self.zone_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )

        self.coverage = QLabel()
        self.coverage.setObjectName("tierCoverage")
        self.coverage.setWordWrap(True)
        self.model.coverage_changed.connect(self._coverage)
        self.model.dataChanged.connect(lambda *_: self._show_zone_title())  # follows renaming

        self.move_note = QLabel()
        self.move_note.setObjectName("subtle")
        self.move_note.setWordWrap(True)
        self.move_note.hide()
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.setObjectName("undoMove")
        self.undo_button.setShortcut("Ctrl+Z")
        self.undo_button.setToolTip(_("Give the section back to the tier it came from (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_move)
        self.undo_button.hide()
        self.zones.moved.connect(self._moved)
        self.model.tiers_changed.connect(self._undo_state)

        tiers_side = QVBoxLayout()
        tiers_side.addWidget(self.table, 1)
        tiers_side.addLayout(buttons)
        rows_page = QWidget()
        zones_side = QVBoxLayout(rows_page)
        zones_side.setContentsMargins(4, 4, 4, 4)
        zones_side.addWidget(self.zone_title)
        zones_side.addWidget(self.zone_table, 1)
        moved_row = QHBoxLayout()
        moved_row.addWidget(self.move_note, 1)
        moved_row.addWidget(self.undo_button)
        zones_side.addLayout(moved_row)
        self.map = CoverageMap()
        self.zone_side = QTabWidget()
        self.zone_side.setObjectName("zoneTabs")
        self.zone_side.addTab(rows_page, _("Sections && rows"))
        self.zone_side.addTab(self.map, _("Seat map"))
        self.zone_side.currentChanged.connect(lambda _i: self.refresh_map())
        self.model.tiers_changed.connect(self.refresh_map)
        sides = QHBoxLayout()
        sides.addLayout(tiers_side, 3)
        sides.addWidget(self.zone_side, 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(sides, 1)
        column.addWidget(self.coverage)
        self._update_buttons()

    def set_plan(self, plan: LayoutPlan | None) -> None:
        """The seats of the chosen layout (for the map), loaded by the tab."""
        self.map.set_plan(plan)
        self.refresh_map()

    @Slot()
    def refresh_map(self) -> None:
        if self.zone_side.currentWidget() is self.map:
            self.map.show_tiers(self.model.tiers, self.model.sections)

    # -- state -----------------------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, NAME),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._current_changed(self.table.currentIndex(), QModelIndex())

    def set_general_admission(self, general: bool) -> None:
        self.zone_side.setVisible(not general)

    def set_locked(self, locked: bool) -> None:
        """Read-only (a cancelled event)."""
        for w in (self.add_button, self.remove_button, self.up_button, self.down_button):
            w.setEnabled(not locked)
        self.colour_button.setEnabled(not locked)
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if locked
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setEditTriggers(triggers)
        self.zone_table.setEnabled(not locked)
        self._locked = locked
        self._update_buttons()

    @Slot(str, bool)
    def _coverage(self, text: str, ok: bool) -> None:
        self.coverage.setText(("✓ " if ok else "⚠ ") + text)
        restyle(self.coverage, level="ok" if ok else "warning")

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row() if current.isValid() else -1
        self.zones.set_tier(row)
        self._show_zone_title()
        self._update_buttons()

    def _show_zone_title(self) -> None:
        row = self.current_row()
        name = self.model.tiers[row].name if 0 <= row < len(self.model.tiers) else ""
        self.zone_title.setText(
            _("Sections and rows of “{name}”").format(name=name)
            if name
            else _("Select a tier to choose its seats")
        )

    @Slot(str, list)
    def _moved(self, section: str, tiers: list[str]) -> None:
        names = " and ".join(f"“{t}”" for t in tiers)
        self.move_note.setText(
            _("{section} moved here from {names}.").format(section=section, names=names)
        )
        self.move_note.show()
        self.undo_button.show()

    @Slot()
    def _undo_state(self) -> None:
        if not self.model.undo_stack:  # given back, or a new set of tiers loaded
            self.move_note.hide()
            self.undo_button.hide()

    @Slot()
    def undo_move(self) -> None:
        """Give back the section the last tick took from other tiers."""
        self.model.undo()
        self.move_note.hide()
        self.undo_button.setVisible(bool(self.model.undo_stack))

    def _update_buttons(self) -> None:
        row = self.current_row()
        has = 0 <= row < len(self.model.tiers)
        editable = not self._locked
        sold = has and self.model.tiers[row].tickets > 0
        self.remove_button.setEnabled(editable and has and not sold)
        self.remove_button.setToolTip(
            _("Tiers with tickets cannot be removed") if sold else _("Remove the selected tier")
        )
        self.up_button.setEnabled(editable and has and row > 0)
        self.down_button.setEnabled(editable and has and row < len(self.model.tiers) - 1)
        self.colour_button.setEnabled(editable and has)

    # -- actions ---------------------------------------------------------------------------------
    @Slot()
    def add_tier(self) -> None:
        row = self.model.add_tier()
        self.select_row(row)

    @Slot()
    def remove_tier(self) -> None:
        row = self.current_row()
        self.model.remove_tier(row)
        self.select_row(min(row, self.model.rowCount() - 1))

    def move_tier(self, delta: int) -> None:
        self.select_row(self.model.move_tier(self.current_row(), delta))

    @Slot()
    def choose_colour(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self.model.tiers) or headless():
            return
        colour = QColorDialog.getColor(QColor(self.model.tiers[row].colour), self, _("Tier colour"))
        if colour.isValid():
            self.model.set_colour(row, colour.name())

    @Slot(QModelIndex)
    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == COLOUR and not self._locked:
            self.choose_colour()
