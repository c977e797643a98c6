"""The Venues tab (managers): venues, their seat layouts, and the layout designer.

Left: the layout's sections, the selected section's properties (edits preview live; Apply
saves), the stage's centre and size (likewise) and the seat tool. Right: the preview, where
sections and the stage are dragged to move them (saved on release) and seats are clicked, or
boxed with a drag, to block them or mark them accessible.
Import/Export read and write the versioned layout JSON file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.layout import SectionSpec
from boxoffice.domain.seatmap import Stage
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.venues.preview import (
    ACCESS,
    BLOCK,
    MOVE,
    LayoutPreview,
)
from boxoffice.gui.manager.venues.properties import SectionProperties
from boxoffice.gui.manager.venues.section_model import SectionListModel
from boxoffice.gui.manager.venues.stage_editor import StageEditor
from boxoffice.gui.manager.venues.support import legend_row
from boxoffice.gui.messages import ask, headless
from boxoffice.gui.widgets.scrolling import scrolling
from boxoffice.i18n import N_, _, ngettext
from boxoffice.i18n.formats import number_text
from boxoffice.services.venues import layout_json as venue_json
from boxoffice.services.venues import layouts as venues
from boxoffice.services.venues import sections as venue_sections
from boxoffice.services.venues.layouts import LayoutDetail, VenueDetail
from boxoffice.services.venues.sections import SeatFlagsResult

MODE_HINTS = {
    MOVE: N_("Drag a section or the stage to move it (saved when you let go)."),
    BLOCK: N_("Click a seat, or drag a box over seats, to block or unblock them."),
    ACCESS: N_("Click a seat, or drag a box over seats, to mark them accessible or not."),
}


class VenueDesignerTab(QWidget):
    """The layout designer (no signals; reports through ``ctx.messages`` and its error line)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("venueDesignerTab")
        self.ctx = ctx
        self.venues: list[VenueDetail] = []
        self.layout_detail: LayoutDetail | None = None
        self.section_id: int | None = None
        self.adding = False
        self._want_venue: int | None = None
        self._want_layout: int | None = None
        self._filling = False

        top = self._build_top_bar()
        left = self._build_side_panel()
        right = self._build_preview()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scrolling(left, "venueSidePanel"))
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([400, 900])
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(split, 1)

        self._update_state()
        self.reload()

    # -- building --------------------------------------------------------------------------------
    def _build_top_bar(self) -> QHBoxLayout:
        """Venue and layout pickers, new venue / layout, import and export."""
        self.venue_combo = QComboBox()
        self.venue_combo.setObjectName("designerVenue")
        self.venue_combo.setMinimumWidth(200)
        self.venue_combo.currentIndexChanged.connect(self._venue_chosen)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("designerLayout")
        self.layout_combo.setMinimumWidth(200)
        self.layout_combo.currentIndexChanged.connect(self._layout_chosen)
        self.new_venue_button = QPushButton(_("New venue…"))
        self.new_venue_button.clicked.connect(self._ask_new_venue)
        self.new_layout_button = QPushButton(_("New layout…"))
        self.new_layout_button.clicked.connect(self._ask_new_layout)
        self.venue_menu_button = self._menu_button(
            "designerVenueMenu",
            _("Edit or delete this venue"),
            [
                (_("Edit name and address…"), self._ask_edit_venue),
                (_("Delete venue…"), self._ask_delete_venue),
            ],
        )
        self.layout_menu_button = self._menu_button(
            "designerLayoutMenu",
            _("Rename or delete this layout"),
            [
                (_("Rename layout…"), self._ask_rename_layout),
                (_("Delete layout…"), self._ask_delete_layout),
            ],
        )
        self.import_button = QPushButton(_("Import JSON…"))
        self.import_button.setObjectName("importLayout")
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton(_("Export JSON…"))
        self.export_button.setObjectName("exportLayout")
        self.export_button.clicked.connect(self._ask_export)
        top = QHBoxLayout()
        title = QLabel(_("Venues"))
        title.setObjectName("panelTitle")
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Venue")))
        top.addWidget(self.venue_combo)
        top.addWidget(self.venue_menu_button)
        top.addWidget(self.new_venue_button)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Layout")))
        top.addWidget(self.layout_combo)
        top.addWidget(self.layout_menu_button)
        top.addWidget(self.new_layout_button)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        return top

    def _menu_button(
        self, name: str, tip: str, entries: list[tuple[str, Callable[[], None]]]
    ) -> QToolButton:
        """A small "⋯" button beside a picker whose menu acts on the picked item."""
        button = QToolButton()
        button.setObjectName(name)
        button.setText("⋯")
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for text, slot in entries:
            menu.addAction(text).triggered.connect(slot)
        button.setMenu(menu)
        return button

    def _build_sections_box(self) -> QGroupBox:
        self.sections = SectionListModel()
        self.section_list = QListView()
        self.section_list.setObjectName("sectionList")
        self.section_list.setModel(self.sections)
        self.section_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.section_list.selectionModel().currentRowChanged.connect(self._section_row)
        self.section_list.setMinimumHeight(120)
        self.add_button = QPushButton(_("Add section"))
        self.add_button.setObjectName("addSection")
        self.add_button.clicked.connect(self.begin_add)
        self.delete_button = QPushButton(_("Delete section"))
        self.delete_button.setObjectName("deleteSection")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.clicked.connect(self.delete_section)
        section_buttons = QHBoxLayout()
        section_buttons.addWidget(self.add_button)
        section_buttons.addWidget(self.delete_button)
        section_buttons.addStretch(1)
        sections_box = QGroupBox(_("Sections"))
        sections_column = QVBoxLayout(sections_box)
        sections_column.addWidget(self.section_list, 1)
        sections_column.addLayout(section_buttons)
        return sections_box

    def _build_properties_box(self) -> QGroupBox:
        self.properties = SectionProperties()
        self.properties.edited.connect(self._edited)
        self.apply_button = QPushButton(_("Apply"))
        self.apply_button.setObjectName("applySection")
        self.apply_button.setProperty("role", "primary")
        self.apply_button.clicked.connect(self.apply)
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.clicked.connect(self.revert)
        apply_row = QHBoxLayout()
        apply_row.addStretch(1)
        apply_row.addWidget(self.revert_button)
        apply_row.addWidget(self.apply_button)
        self.properties_box = QGroupBox(_("Section"))
        properties_column = QVBoxLayout(self.properties_box)
        properties_column.addWidget(self.properties)
        properties_column.addLayout(apply_row)
        return self.properties_box

    def _build_stage_box(self) -> QGroupBox:
        self.stage_editor = StageEditor()
        self.stage_editor.edited.connect(self._stage_edited)
        self.stage_editor.apply_requested.connect(self.save_stage)
        self.stage_box = QGroupBox(_("Stage"))
        QVBoxLayout(self.stage_box).addWidget(self.stage_editor)
        return self.stage_box

    def _build_tool_box(self) -> QGroupBox:
        """What a mouse drag in the preview does: move, block seats, mark accessible."""
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        tool_box = QGroupBox(_("Mouse in the preview"))
        tool_column = QVBoxLayout(tool_box)
        tool_row = QHBoxLayout()
        for mode, text in ((MOVE, _("Move")), (BLOCK, _("Block seats")), (ACCESS, _("Accessible"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setObjectName(f"mode_{mode}")
            button.setProperty("mode", mode)
            self.mode_group.addButton(button)
            tool_row.addWidget(button)
            if mode == MOVE:
                button.setChecked(True)
        tool_row.addStretch(1)
        self.mode_hint = QLabel(MODE_HINTS[MOVE])
        self.mode_hint.setObjectName("subtle")
        self.mode_hint.setWordWrap(True)
        tool_column.addLayout(tool_row)
        tool_column.addWidget(self.mode_hint)
        self.mode_group.buttonToggled.connect(self._mode_changed)
        return tool_box

    def _build_side_panel(self) -> QWidget:
        """Sections, the selected section's properties, stage, mouse mode, info and errors."""
        sections_box = self._build_sections_box()
        self._build_properties_box()
        self._build_stage_box()
        tool_box = self._build_tool_box()
        self.info = QLabel()
        self.info.setObjectName("layoutInfo")
        self.info.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(sections_box, 1)
        left_column.addWidget(self.properties_box)
        left_column.addWidget(self.stage_box)
        left_column.addWidget(tool_box)
        left_column.addWidget(self.info)
        left_column.addWidget(self.error)
        return left

    def _build_preview(self) -> QWidget:
        self.preview = LayoutPreview()
        self.preview.section_selected.connect(self.select_section)
        self.preview.section_moved.connect(self.move_section)
        self.preview.stage_moved.connect(self.move_stage)
        self.preview.seats_picked.connect(self.toggle_seats)
        self.fit_button = QPushButton(_("Fit"))
        self.fit_button.clicked.connect(self.preview.fit)
        legend = legend_row()
        legend.addWidget(self.fit_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.preview, 1)
        right_column.addLayout(legend)
        return right

    # -- plumbing --------------------------------------------------------------------------------
    def _write(
        self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None], **kwargs: Any
    ) -> None:
        self._clear_error()
        self.ctx.services.run_write(fn, *args, on_done=done, on_error=self._failed, **kwargs)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            self.ctx.messages.report(exc)  # a bug: to the crash handler
            return
        self.error.setText(exc.message)
        self.error.show()

    def _clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    @property
    def error_text(self) -> str:
        return self.error.text()

    # -- venues and layouts ----------------------------------------------------------------------
    def reload(self, venue_id: int | None = None, layout_id: int | None = None) -> None:
        """Reload the venue list, then show *venue_id*'s *layout_id* (default: current)."""
        self._want_venue = venue_id if venue_id is not None else self.venue_id()
        self._want_layout = layout_id if layout_id is not None else self.layout_id()
        self.ctx.services.run(
            venues.list_venues,
            on_done=self._venues_loaded,
            on_error=self._failed,
        )

    def _venues_loaded(self, loaded: list[VenueDetail]) -> None:
        self.venues = loaded
        self._filling = True
        self.venue_combo.clear()
        for v in loaded:
            self.venue_combo.addItem(v.name, v.id)
        index = self.venue_combo.findData(self._want_venue) if self._want_venue else -1
        self.venue_combo.setCurrentIndex(max(index, 0) if loaded else -1)
        self._filling = False
        self._venue_chosen()

    def venue_id(self) -> int | None:
        value = self.venue_combo.currentData()
        return int(value) if value is not None else None

    def layout_id(self) -> int | None:
        value = self.layout_combo.currentData()
        return int(value) if value is not None else None

    @Slot()
    def _venue_chosen(self) -> None:
        if self._filling:
            return
        venue = next((v for v in self.venues if v.id == self.venue_id()), None)
        self._filling = True
        self.layout_combo.clear()
        for layout in venue.layouts if venue else ():
            self.layout_combo.addItem(
                _("{name} ({seats} seats)").format(
                    name=layout.name, seats=number_text(layout.seats)
                ),
                layout.id,
            )
        index = self.layout_combo.findData(self._want_layout) if self._want_layout else -1
        self.layout_combo.setCurrentIndex(max(index, 0) if self.layout_combo.count() else -1)
        self._filling = False
        self._want_layout = None
        self._layout_chosen()

    @Slot()
    def _layout_chosen(self) -> None:
        if self._filling:
            return
        layout_id = self.layout_id()
        if layout_id is None:
            self.show_layout(None)
            return
        self.ctx.services.run(
            venues.get_layout,
            layout_id,
            on_done=self.show_layout,
            on_error=self._failed,
        )

    def show_layout(self, layout: LayoutDetail | None) -> None:
        first = self.layout_detail is None or layout is None or self.layout_detail.id != layout.id
        self.layout_detail = layout
        self.adding = False
        self.sections.set_sections(layout.sections if layout else ())
        ids = [s.id for s in layout.sections] if layout else []
        keep = self.section_id if self.section_id in ids else None
        if keep is None and layout and layout.sections:
            keep = layout.sections[0].id
        self.preview.set_layout(layout)
        if layout is None or first or not self.stage_editor.dirty:
            self.stage_editor.set_saved(layout.stage if layout else None)
        else:  # a stage edit not applied yet survives other changes to the layout
            self.stage_editor.rebase(layout.stage)
            self.preview.show_stage(self.stage_editor.stage())
        self.select_section(keep)
        if first:
            self.preview.fit()
        self._update_info()
        self._update_state()

    def _update_info(self) -> None:
        layout = self.layout_detail
        if layout is None:
            self.info.setText(_("Choose or create a venue and a layout."))
            return
        text = _("{seats} seats in {sections} sections").format(
            seats=number_text(len(layout.seats)), sections=len(layout.sections)
        )
        if layout.events:
            text += ngettext(
                " · used by {events} event", " · used by {events} events", layout.events
            ).format(events=layout.events)
        if layout.seat_count_fixed:
            text += _(
                ". Events with bookings use it, so seats cannot be added or removed; "
                "moving, rotating and blocking still work."
            )
        self.info.setText(text)
        self.info.setProperty("level", "fixed" if layout.seat_count_fixed else "")
        self.info.style().unpolish(self.info)
        self.info.style().polish(self.info)

    def _update_state(self) -> None:
        has_layout = self.layout_detail is not None
        has_section = self.section_id is not None or self.adding
        fixed = bool(self.layout_detail and self.layout_detail.seat_count_fixed)
        self.new_layout_button.setEnabled(self.venue_id() is not None)
        self.venue_menu_button.setEnabled(self.venue_id() is not None)
        self.layout_menu_button.setEnabled(has_layout)
        self.import_button.setEnabled(self.venue_id() is not None)
        self.export_button.setEnabled(has_layout)
        self.add_button.setEnabled(has_layout and not fixed)
        self.delete_button.setEnabled(self.section_id is not None and not fixed and not self.adding)
        self.properties_box.setEnabled(has_section)
        self.stage_box.setEnabled(has_layout)
        self.properties.set_shape_editable(not fixed or self.adding)
        self.properties_box.setTitle(_("New section") if self.adding else _("Section"))

    def create_venue(self, name: str, address: str = "") -> None:
        self._write(venues.create_venue, name, address, done=lambda v: self.reload(v.id, None))

    def create_layout(self, name: str) -> None:
        venue_id = self.venue_id()
        if venue_id is None:
            return
        self._write(
            venues.create_layout, venue_id, name, done=lambda x: self.reload(venue_id, x.id)
        )

    def edit_venue(self, name: str, address: str) -> None:
        venue_id, layout_id = self.venue_id(), self.layout_id()
        if venue_id is None:
            return
        self._write(
            venues.update_venue,
            venue_id,
            name,
            address,
            done=lambda v: self._changed(
                _("Venue saved as “{name}”.").format(name=v.name), v.id, layout_id
            ),
        )

    def delete_venue(self) -> None:
        venue = self._venue()
        if venue is None:
            return
        text = ngettext(
            "Delete the venue “{name}” and its {count} layout? "
            "A venue that has events cannot be deleted.",
            "Delete the venue “{name}” and its {count} layouts? "
            "A venue that has events cannot be deleted.",
            len(venue.layouts),
        ).format(name=venue.name, count=len(venue.layouts))
        if not ask(self, _("Delete venue"), text):
            return
        self._write(
            venues.delete_venue,
            venue.id,
            done=lambda _r: self._changed(
                _("Venue “{name}” deleted.").format(name=venue.name), None, None
            ),
        )

    def rename_layout(self, name: str) -> None:
        venue_id, layout_id = self.venue_id(), self.layout_id()
        if layout_id is None:
            return
        self._write(
            venues.rename_layout,
            layout_id,
            name,
            done=lambda x: self._changed(
                _("Layout renamed “{name}”.").format(name=x.name), venue_id, x.id
            ),
        )

    def delete_layout(self) -> None:
        venue_id, layout = self.venue_id(), self.layout_detail
        if layout is None:
            return
        text = _(
            "Delete the layout “{name}” with its {count} sections and {count2} seats? A "
            "layout that events use cannot be deleted."
        ).format(
            name=layout.name, count=len(layout.sections), count2=number_text(len(layout.seats))
        )
        if not ask(self, _("Delete layout"), text):
            return
        self._write(
            venues.delete_layout,
            layout.id,
            done=lambda _r: self._changed(
                _("Layout “{name}” deleted.").format(name=layout.name), venue_id, None
            ),
        )

    def _changed(self, message: str, venue_id: int | None, layout_id: int | None) -> None:
        self.ctx.messages.info.emit(message)
        self.reload(venue_id, layout_id)  # a deleted one is not found: the first is shown

    def _venue(self) -> VenueDetail | None:
        return next((v for v in self.venues if v.id == self.venue_id()), None)

    def _ask_text(self, title: str, label: str, value: str = "") -> str | None:
        if headless():
            return None
        text, ok = QInputDialog.getText(self, title, label, text=value)
        return text if ok else None

    @Slot()
    def _ask_edit_venue(self) -> None:
        venue = self._venue()
        if venue is None:
            return
        name = self._ask_text(_("Edit venue"), _("Venue name:"), venue.name)
        if name is None:
            return
        address = self._ask_text(_("Edit venue"), _("Address:"), venue.address)
        if address is not None:
            self.edit_venue(name, address)

    @Slot()
    def _ask_delete_venue(self) -> None:
        self.delete_venue()

    @Slot()
    def _ask_rename_layout(self) -> None:
        layout = self.layout_detail
        if layout is not None:
            name = self._ask_text(_("Rename layout"), _("Layout name:"), layout.name)
            if name is not None:
                self.rename_layout(name)

    @Slot()
    def _ask_delete_layout(self) -> None:
        self.delete_layout()

    @Slot()
    def _ask_new_venue(self) -> None:
        name = self._ask_text(_("New venue"), _("Venue name:"))
        if name is not None:
            self.create_venue(name)

    @Slot()
    def _ask_new_layout(self) -> None:
        name = self._ask_text(_("New layout"), _("Layout name (e.g. End stage):"))
        if name is not None:
            self.create_layout(name)

    # -- sections --------------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _section_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filling or not current.isValid():
            return
        section = self.sections.sections[current.row()]
        if section.id != self.section_id or self.adding:
            self.select_section(section.id)

    @Slot(int)
    def select_section(self, section_id: int | None) -> None:
        self.adding = False
        self.section_id = section_id
        self.preview.clear_preview()
        self.preview.select(section_id)
        row = self.sections.row_of(section_id)
        self._filling = True
        if row >= 0:
            self.section_list.setCurrentIndex(self.sections.index(row))
        else:
            self.section_list.clearSelection()
        self._filling = False
        if section_id is not None and self.layout_detail is not None:
            self.properties.set_spec(self.layout_detail.section(section_id).spec)
        self._update_state()

    @Slot(object)
    def _edited(self, spec: SectionSpec) -> None:
        """Live preview of the properties being edited (nothing saved yet)."""
        self.preview.show_preview(None if self.adding else self.section_id, spec)

    @Slot()
    def begin_add(self) -> None:
        """Fill the properties with a new section below the others; Apply adds it."""
        layout = self.layout_detail
        if layout is None:
            return
        names = {s.name.casefold() for s in layout.sections}
        n = len(layout.sections) + 1
        while f"section {n}" in names:
            n += 1
        bottom = max((x.y for x in layout.seats), default=0.0)
        spec = SectionSpec(
            _("Section {n}").format(n=n), rows=5, seats_per_row=10, origin_y=round(bottom) + 3.0
        )
        self.select_section(None)
        self.adding = True
        self.properties.set_spec(spec)
        self.preview.show_preview(None, spec)
        self._update_state()
        self.properties.name.setFocus()
        self.properties.name.selectAll()

    @Slot()
    def apply(self) -> None:
        layout = self.layout_detail
        if layout is None:
            return
        spec = self.properties.spec()
        if self.adding:
            self._write(venue_sections.add_section, layout.id, spec, done=self._added)
        elif self.section_id is not None:
            self._write(venue_sections.update_section, self.section_id, spec, done=self._applied)

    def _added(self, layout: LayoutDetail) -> None:
        self.adding = False
        self.section_id = layout.sections[-1].id if layout.sections else None
        self._applied(layout)
        self.ctx.messages.info.emit(
            _("Added section “{name}”.").format(name=layout.sections[-1].name)
        )

    def _applied(self, layout: LayoutDetail) -> None:
        self.show_layout(layout)
        self._refresh_combo_counts(layout)

    def _refresh_combo_counts(self, layout: LayoutDetail) -> None:
        index = self.layout_combo.findData(layout.id)
        if index >= 0:
            self.layout_combo.setItemText(
                index,
                _("{name} ({count} seats)").format(
                    name=layout.name, count=number_text(len(layout.seats))
                ),
            )

    @Slot()
    def revert(self) -> None:
        if self.adding:
            sections = self.layout_detail.sections if self.layout_detail else ()
            self.select_section(sections[0].id if sections else None)
        else:
            self.select_section(self.section_id)

    @Slot()
    def delete_section(self) -> None:
        layout, section_id = self.layout_detail, self.section_id
        if layout is None or section_id is None:
            return
        section = layout.section(section_id)
        text = _("Delete section “{name}” and its {seats} seats?").format(
            name=section.name, seats=number_text(section.seats)
        )
        if not ask(self, _("Delete section"), text):
            return
        self.section_id = None
        self._write(venue_sections.delete_section, section_id, done=self._applied)

    @Slot(int, float, float)
    def move_section(self, section_id: int, x: float, y: float) -> None:
        self._write(venue_sections.move_section, section_id, x, y, done=self._applied)

    # -- stage -----------------------------------------------------------------------------------
    @Slot(object)
    def _stage_edited(self, stage: Stage) -> None:
        """Live preview of the stage being edited (nothing saved yet)."""
        saved = self.layout_detail.stage if self.layout_detail else None
        self.preview.show_stage(stage, unsaved=stage != saved)

    @Slot(object)
    def save_stage(self, stage: Stage) -> None:
        """Save the stage's centre and size (worker thread); errors show in the tab."""
        layout = self.layout_detail
        if layout is None:
            return
        self._write(venues.set_stage, layout.id, stage, done=self._stage_saved)

    @Slot(float, float)
    def move_stage(self, x: float, y: float) -> None:
        """The stage was dragged to centre (x, y): save it with the size shown."""
        current = self.stage_editor.stage()
        moved = Stage(x, y, current.w, current.h)
        self.stage_editor.show_values(moved)
        self.preview.show_stage(moved)  # outlined until saved (and if saving fails)
        self.save_stage(moved)

    def _stage_saved(self, layout: LayoutDetail) -> None:
        self.stage_editor.set_saved(layout.stage)
        self._applied(layout)
        stage = layout.stage
        self.ctx.messages.info.emit(
            _("Stage saved: centre {x:g}, {y:g}; {w:g} × {h:g}.").format(
                x=stage.x, y=stage.y, w=stage.w, h=stage.h
            )
        )

    # -- seats -----------------------------------------------------------------------------------
    @Slot(bool)
    def _mode_changed(self, *_: Any) -> None:
        button = self.mode_group.checkedButton()
        mode = str(button.property("mode")) if button else MOVE
        self.preview.set_mode(mode)
        self.mode_hint.setText(MODE_HINTS[mode])

    def set_mode(self, mode: str) -> None:
        for button in self.mode_group.buttons():
            if button.property("mode") == mode:
                button.setChecked(True)

    @Slot(list)
    def toggle_seats(self, seat_ids: list[int]) -> None:
        """Block/unblock or mark/unmark accessible, by the current mode (all picked alike)."""
        layout = self.layout_detail
        if layout is None or not seat_ids or self.preview.mode == MOVE:
            return
        picked = [x for x in layout.seats if x.id in set(seat_ids)]
        flag = "blocked" if self.preview.mode == BLOCK else "accessible"
        value = not all(getattr(x, flag) for x in picked)
        self._write(
            venue_sections.set_seat_flags,
            layout.id,
            seat_ids,
            done=self._flags_set,
            **{flag: value},
        )

    def _flags_set(self, result: SeatFlagsResult) -> None:
        self._applied(result.layout)
        if result.event_seats_changed or result.skipped:
            note = _("{event_seats_changed} seat(s) of upcoming events updated").format(
                event_seats_changed=number_text(result.event_seats_changed)
            )
            if result.skipped:
                note += _("; {skipped} sold or held seat(s) left as they are").format(
                    skipped=number_text(result.skipped)
                )
            self.ctx.messages.info.emit(note + ".")

    # -- files -----------------------------------------------------------------------------------
    def import_file(self, path: str) -> None:
        venue_id = self.venue_id()
        venue = next((v for v in self.venues if v.id == venue_id), None)
        if venue_id is None or venue is None:
            return
        self._clear_error()
        self.ctx.services.run_write(
            venue_json.import_layout_file, venue_id, path,
            on_done=lambda x: self._imported(venue_id, x), on_error=self._failed,
        )  # fmt: skip

    def _imported(self, venue_id: int, layout: LayoutDetail) -> None:
        self.ctx.messages.info.emit(
            _("Imported layout “{name}” ({count} seats).").format(
                name=layout.name, count=number_text(len(layout.seats))
            )
        )
        self.reload(venue_id, layout.id)

    def export_file(self, path: str) -> None:
        layout = self.layout_detail
        if layout is None:
            return
        self._clear_error()

        def write(text: str) -> None:
            try:
                Path(path).write_text(text, encoding="utf-8")
            except OSError as exc:
                self._failed(
                    BoxOfficeError(
                        _("Could not write {path}: {strerror}.").format(
                            path=path, strerror=exc.strerror
                        )
                    )
                )
                return
            self.ctx.messages.info.emit(
                _("Exported “{name}” to {path}.").format(name=layout.name, path=path)
            )

        self.ctx.services.run(
            venue_json.export_layout, layout.id,
            on_done=write, on_error=self._failed,
        )  # fmt: skip

    @Slot()
    def _ask_import(self) -> None:
        if headless():
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import seat layout"), "", _("Seat layouts (*.json);;All files (*)")
        )
        if path:
            self.import_file(path)

    @Slot()
    def _ask_export(self) -> None:
        layout = self.layout_detail
        if layout is None or headless():
            return
        suggested = f"{layout.venue_name} - {layout.name}.json".replace("/", "-")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export seat layout"), suggested, _("Seat layouts (*.json)")
        )
        if path:
            self.export_file(path)
