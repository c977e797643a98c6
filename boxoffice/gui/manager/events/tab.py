"""The Events tab (managers): the event list on the left, the selected event's editor on the right.

Every database call goes through ``ctx.services`` (reads on the reader pool, writes in order on the
writer). Validation problems come back from the service as FieldError and are shown beside the
form, with the offending field marked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.money import format_money
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.form import EventForm
from boxoffice.gui.manager.events.ga_allocations_dialog import GaAllocationsDialog
from boxoffice.gui.manager.events.hold_types_dialog import HoldTypesDialog
from boxoffice.gui.manager.events.house_dialog import HouseDialog
from boxoffice.gui.manager.events.list_model import TITLE, VENUE, EventListModel
from boxoffice.gui.manager.events.pricing_panel import PricingPanel
from boxoffice.gui.manager.events.tier_model import PALETTE, TierRow
from boxoffice.gui.manager.events.tier_panel import TierPanel
from boxoffice.gui.manager.events.times import local_text
from boxoffice.gui.messages import ask
from boxoffice.i18n import _
from boxoffice.services.events import editor as events
from boxoffice.services.events import series
from boxoffice.services.events.drafts import EventDraft, FieldError, ZoneDraft
from boxoffice.services.events.editor import CancelResult, EventEdit, LayoutPlan, VenueChoice


class EventEditorTab(QWidget):
    """Signals: ``saved(int)`` with the event id after each successful save."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventEditorTab")
        self.ctx = ctx
        self.edit: EventEdit | None = None
        self.series_dialog: QDialog | None = None
        self.house_dialog: QDialog | None = None
        self.hold_types_dialog: QDialog | None = None
        self.dirty = False
        self._select_after_reset: int | None = None
        self._loading_form = False
        self._plans: dict[int, LayoutPlan] = {}
        self._shown_before = False

        left = self._build_list()
        right = self._build_editor()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([520, 780])
        QVBoxLayout(self).addWidget(split)

        self.load_venues()
        self.new_event()
        self.list_model.refresh()

    # -- building --------------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        """The event list with its title filter, "include past" and New event."""
        self.list_model = EventListModel(self.ctx)
        self.list_model.reset_done.connect(self._list_reset)
        self.list_model.failed.connect(self._failed)
        self.search = QLineEdit()
        self.search.setObjectName("eventFilter")
        self.search.setPlaceholderText("Filter by title…")
        self.search.setClearButtonEnabled(True)
        self.past = QCheckBox("Include past events")
        self.past.setObjectName("includePast")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.past.toggled.connect(lambda _b: self.apply_filter())
        # Shown once some series exist: the performances of one series.
        self.series_filter = QComboBox()
        self.series_filter.setObjectName("eventSeriesFilter")
        self.series_filter.addItem("All series", None)
        self.series_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.series_filter.hide()
        self.table = QTableView()
        self.table.setObjectName("eventList")
        self.table.setModel(self.list_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VENUE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(VENUE, 150)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.new_button = QPushButton("New event")
        self.new_button.setObjectName("newEvent")
        self.new_button.clicked.connect(self.new_event)

        left = QWidget()
        left_column = QVBoxLayout(left)
        heading = QLabel("Events")
        heading.setObjectName("panelTitle")
        left_column.addWidget(heading)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.series_filter)
        filters.addWidget(self.past)
        left_column.addLayout(filters)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.new_button)
        return left

    def _build_editor(self) -> QWidget:
        """The event form, its price tiers, the error line and the action buttons."""
        self.heading = QLabel("New event")
        self.heading.setObjectName("eventTitle")
        self.badge = QLabel()
        self.badge.setObjectName("editorBadge")
        self.status = QLabel()
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.form = EventForm()
        self.form.seating_changed.connect(self._seating_changed)
        self.form.open_sales_button.clicked.connect(lambda: self._sales_now(open_=True))
        self.form.close_sales_button.clicked.connect(lambda: self._sales_now(open_=False))
        self.tiers = TierPanel()
        self.tiers.model.tiers_changed.connect(self._touched)
        for signal in (
            self.form.title.textChanged,
            self.form.description.textChanged,
            self.form.genre.currentIndexChanged,
            self.form.reentry.toggled,
            self.form.capacity.valueChanged,
            self.form.starts_at.dateTimeChanged,
            self.form.ends_at.dateTimeChanged,
            self.form.sales_open_at.dateTimeChanged,
            self.form.sales_close_at.dateTimeChanged,
        ):
            signal.connect(self._touched)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = self._build_buttons()
        event_box = QGroupBox("Event")
        QVBoxLayout(event_box).addWidget(self.form)
        tier_box = QGroupBox("Price tiers")
        QVBoxLayout(tier_box).addWidget(self.tiers)
        self.pricing = PricingPanel(self.ctx)
        pricing_box = QGroupBox("Ticket types, fees and tax")
        QVBoxLayout(pricing_box).addWidget(self.pricing)
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addWidget(self.badge)
        title_row.addStretch(1)
        editor = QWidget()
        editor_column = QVBoxLayout(editor)
        editor_column.addLayout(title_row)
        editor_column.addWidget(self.status)
        editor_column.addWidget(event_box)
        editor_column.addWidget(tier_box, 1)
        editor_column.addWidget(pricing_box)
        editor_column.addWidget(self.error)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, it scrolls to them
        scroll.setWidget(editor)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(scroll, 1)
        right_column.addLayout(buttons)
        return right

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveEvent")
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("revertEvent")
        self.revert_button.clicked.connect(self.revert)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setObjectName("deleteEvent")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.clicked.connect(self.delete_event)
        self.cancel_button = QPushButton("Cancel event…")
        self.cancel_button.setObjectName("cancelEvent")
        self.cancel_button.setProperty("role", "danger")
        self.cancel_button.clicked.connect(self.cancel_event)
        self.series_button = QPushButton("New series…")
        self.series_button.setObjectName("newSeries")
        self.series_button.setToolTip("Repeat this event daily or weekly (a run of performances)")
        self.series_button.clicked.connect(self.new_series)
        self.following_button = QPushButton("Save to all following")
        self.following_button.setObjectName("saveFollowing")
        self.following_button.setToolTip(
            "Give this and every later performance of the series this title, description and "
            "these tier prices (each performance keeps its date)"
        )
        self.following_button.clicked.connect(self.save_following)
        self.house_button = QPushButton("House…")
        self.house_button.setObjectName("eventHouse")
        self.house_button.setToolTip("Named holds and kills on this event's seats")
        self.house_button.clicked.connect(self.open_house)
        self.hold_types_button = QPushButton(_("Hold types…"))
        self.hold_types_button.setObjectName("holdTypes")
        self.hold_types_button.setToolTip(_("Create, rename, recolour or retire hold types"))
        self.hold_types_button.clicked.connect(self.open_hold_types)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.series_button)
        buttons.addWidget(self.house_button)
        buttons.addWidget(self.hold_types_button)
        buttons.addStretch(1)
        buttons.addWidget(self.following_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        return buttons

    # -- loading ---------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the tab picks up venues and layouts made on the Venues tab meanwhile."""
        super().showEvent(event)
        if self._shown_before:
            self._plans.clear()
            self.load_venues()
        self._shown_before = True

    def load_venues(self) -> None:
        self.ctx.services.run(
            events.venue_choices,
            on_done=self._venues_loaded,
            on_error=self._failed,
        )
        self.load_series()

    def load_series(self) -> None:
        self.ctx.services.run(
            series.list_series, on_done=self._series_loaded, on_error=self._failed
        )

    def _series_loaded(self, found: list[series.SeriesInfo]) -> None:
        chosen = self.series_filter.currentData()
        self.series_filter.blockSignals(True)
        self.series_filter.clear()
        self.series_filter.addItem("All series", None)
        for item in found:
            self.series_filter.addItem(f"{item.name} ({len(item.event_ids)})", item.id)
        self.series_filter.setCurrentIndex(max(self.series_filter.findData(chosen), 0))
        self.series_filter.blockSignals(False)
        self.series_filter.setVisible(bool(found))

    def _venues_loaded(self, venues: list[VenueChoice]) -> None:
        self._loading_form = True
        self.form.set_venues(venues)
        self._loading_form = False
        if self.edit is None and not self.tiers.model.tiers:
            self._default_tiers()

    @Slot()
    def apply_filter(self) -> None:
        self.list_model.set_filter(
            self.search.text(), self.past.isChecked(), self.series_filter.currentData()
        )

    @Slot()
    def _list_reset(self) -> None:
        target = self._select_after_reset
        if target is None and self.edit is not None:
            target = self.edit.id
        self._select_after_reset = None
        row = self.list_model.row_of(target) if target is not None else None
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)

    @Slot(QModelIndex, QModelIndex)
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.list_model.event_at(current.row()) if current.isValid() else None
        if row is None or (self.edit is not None and self.edit.id == row.id):
            return
        if self.dirty and not ask(self, "Discard changes?", "Discard your unsaved changes?", True):
            return
        self.open_event(row.id)

    def open_event(self, event_id: int) -> None:
        self.ctx.services.run(
            events.event_for_edit,
            event_id,
            on_done=self.show_event,
            on_error=self._failed,
        )

    # -- showing ---------------------------------------------------------------------------------
    @Slot()
    def new_event(self) -> None:
        self.edit = None
        self._loading_form = True
        self.table.clearSelection()
        self.form.title.clear()
        self.form.description.clear()
        self.form.set_genre("")
        self.form.reentry.setChecked(False)
        self.form.set_times(self.form.default_times())
        self.form.cancelled = False
        self.form.show_sales_state()
        self.form.set_seating_editable(True)
        self.form.set_venue(self.form.venue_id())
        self._default_tiers()
        self.pricing.load(None)
        self._loading_form = False
        self.heading.setText("New event")
        self.badge.hide()
        self.status.setText("Fill in the event, give every seat a price tier, then Save.")
        self._buttons()
        self._clear_error()
        self.dirty = False
        self.form.title.setFocus()

    def _default_tiers(self) -> None:
        sections = self.form.sections()
        zones = [ZoneDraft(s.id) for s in sections or ()]
        capacity = self.form.capacity.value() if sections is None else 0
        standard = TierRow("Standard", Decimal("25.00"), PALETTE[0], zones, capacity)
        self.tiers.model.load([standard], sections)
        self.tiers.set_general_admission(sections is None)
        self.tiers.set_locked(False)
        self.tiers.select_row(0)
        self._load_plan()

    def show_event(self, edit: EventEdit) -> None:
        """Fill the editor with *edit* (a loaded or just saved event)."""
        self.edit = edit
        d = edit.draft
        self._loading_form = True
        self.form.title.setText(d.title)
        self.form.description.setPlainText(d.description)
        self.form.set_genre(d.category)
        self.form.set_venue(d.venue_id)
        self.form.set_general(d.general_admission, d.ga_capacity)
        self.form.reentry.setChecked(d.allow_reentry)
        self.form.set_layout(d.layout_id)
        self.form.set_times(
            {name: getattr(d, name) for name in ("starts_at", "ends_at", "sales_open_at",
                                                 "sales_close_at")}
        )  # fmt: skip
        why = ""
        if edit.has_sales:
            why = (
                "This event has bookings: its venue and seat layout are fixed. "
                "Price and tier changes apply to unsold seats only."
            )
        self.form.set_seating_editable(not edit.has_sales and not edit.cancelled, why)
        rows = [TierRow.of(t, edit.tier_tickets.get(t.id or 0, 0)) for t in d.tiers]
        self.tiers.model.load(rows, self.form.sections())
        self.tiers.set_general_admission(d.general_admission)
        self.tiers.set_locked(edit.cancelled)
        self.tiers.select_row(0)
        self.pricing.load(None if edit.cancelled else edit.id)
        self._load_plan()
        self._loading_form = False
        self.heading.setText(d.title)
        self.form.cancelled = edit.cancelled
        self.form.show_sales_state()
        self._badge(edit)
        self.status.setText(
            f"{local_text(d.starts_at)} · {edit.sold_count:,} of {edit.capacity:,} sold · "
            f"{edit.confirmed_bookings:,} confirmed booking"
            f"{'s' if edit.confirmed_bookings != 1 else ''}"
        )
        self._buttons()
        self._clear_error()
        self.dirty = False

    def _sales_now(self, open_: bool) -> None:
        """Open or close booking now (the sales window's ends move) and save at once."""
        if open_:
            self.form.open_sales_now()
        else:
            self.form.close_sales()
        self.save()

    def _badge(self, edit: EventEdit) -> None:
        if edit.cancelled:
            text, level = "Cancelled", "cancelled"
        elif edit.has_sales:
            text, level = "Has bookings", "sold"
        else:
            text, level = "No bookings yet", ""
        self.badge.setText(text)
        self.badge.setProperty("level", level)
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        self.badge.show()

    def _buttons(self) -> None:
        edit = self.edit
        active = edit is not None and not edit.cancelled
        self.save_button.setEnabled(edit is None or not edit.cancelled)
        self.delete_button.setEnabled(edit is not None and not edit.has_sales)
        self.delete_button.setToolTip(
            "Events with bookings cannot be deleted; cancel them instead"
            if edit is not None and edit.has_sales
            else "Delete this event"
        )
        self.cancel_button.setEnabled(active)
        self.series_button.setEnabled(active and edit is not None and edit.series_id is None)
        self.following_button.setVisible(edit is not None and edit.series_id is not None)
        self.following_button.setEnabled(active)
        self.house_button.setEnabled(active and edit is not None)  # GA: allocations
        self.revert_button.setEnabled(True)

    @Slot()
    def open_house(self) -> None:
        """The House set-up of the saved event (its seats as saved, not as being edited)."""
        edit = self.edit
        if edit is None:
            return
        dialog: QDialog
        if edit.draft.general_admission:
            dialog = GaAllocationsDialog(
                self.ctx, edit.id, edit.draft.title, edit.draft.starts_at, self
            )
        else:
            dialog = HouseDialog(
                self.ctx, edit.id, edit.draft.title, edit.draft.starts_at, self,
                in_series=edit.series_id is not None,
            )  # fmt: skip
        dialog.setModal(True)
        dialog.show()
        self.house_dialog = dialog

    @Slot()
    def open_hold_types(self) -> None:
        """The installation's hold types (any event, or none, may be open)."""
        dialog = HoldTypesDialog(self.ctx, self)
        dialog.setModal(True)
        dialog.show()
        self.hold_types_dialog = dialog

    @Slot()
    def _seating_changed(self) -> None:
        sections = self.form.sections()
        model = self.tiers.model
        model.set_sections(sections)
        if sections and model.tiers and not any(t.zones for t in model.tiers):
            # Another layout and nothing covered any more: start with the whole house in tier 1.
            model.set_zones(0, [ZoneDraft(s.id) for s in sections])
        self.tiers.set_general_admission(sections is None)
        self._load_plan()
        self.tiers.zones.reload()
        self._touched()

    @Slot()
    def _touched(self, *_: Any) -> None:
        if not self._loading_form:
            self.dirty = True

    def _load_plan(self) -> None:
        """Fetch the chosen layout's seats for the coverage map (once per layout)."""
        layout = self.form.chosen_layout()
        if layout is None:
            self.tiers.set_plan(None)
        elif layout.id in self._plans:
            self.tiers.set_plan(self._plans[layout.id])
        else:
            self.ctx.services.run(
                events.layout_plan, layout.id,
                on_done=self._plan_loaded, on_error=self._failed,
            )  # fmt: skip

    def _plan_loaded(self, plan: LayoutPlan) -> None:
        self._plans[plan.layout_id] = plan
        layout = self.form.chosen_layout()
        if layout is not None and layout.id == plan.layout_id:
            self.tiers.set_plan(plan)

    # -- saving ----------------------------------------------------------------------------------
    def draft(self) -> EventDraft | None:
        venue_id = self.form.venue_id()
        if venue_id is None:
            self._show_error("Create a venue first (on the Venues tab).")
            return None
        layout = self.form.chosen_layout()
        general = self.form.general.isChecked() or layout is None
        return EventDraft(
            title=self.form.title.text(),
            description=self.form.description.toPlainText(),
            category=self.form.chosen_genre(),
            venue_id=venue_id,
            layout_id=None if general else layout.id if layout else None,
            ga_capacity=self.form.capacity.value() if general else None,
            allow_reentry=self.form.reentry.isChecked(),
            tiers=self.tiers.model.drafts(),
            **self.form.times(),
        )

    @Slot()
    def save(self) -> None:
        draft = self.draft()
        if draft is None:
            return
        self._clear_error()
        self.save_button.setEnabled(False)
        if self.edit is None:
            self.ctx.services.run_write(
                events.create_event, draft,
                on_done=self._saved, on_error=self._save_failed,
            )  # fmt: skip
        else:
            self.ctx.services.run_write(
                events.update_event, self.edit.id, draft,
                self.edit.updated_at, on_done=self._saved, on_error=self._save_failed,
            )  # fmt: skip

    def _saved(self, edit: EventEdit) -> None:
        created = self.edit is None
        self.show_event(edit)
        self.ctx.messages.info.emit(f"{'Created' if created else 'Saved'} “{edit.draft.title}”.")
        self._select_after_reset = edit.id
        self.list_model.refresh()
        self.saved.emit(edit.id)

    def _save_failed(self, exc: BaseException) -> None:
        self._buttons()
        self._failed(exc)

    @Slot()
    def revert(self) -> None:
        if self.edit is None:
            self.new_event()
        else:
            self.open_event(self.edit.id)

    @Slot()
    def delete_event(self) -> None:
        edit = self.edit
        if edit is None:
            return
        title = edit.draft.title
        if not ask(self, "Delete event", f"Delete “{title}” for good? It has no bookings."):
            return
        self.ctx.services.run_write(
            events.delete_event, edit.id,
            on_done=lambda _r: self._deleted(title), on_error=self._failed,
        )  # fmt: skip

    def _deleted(self, title: str) -> None:
        self.ctx.messages.info.emit(f"Deleted “{title}”.")
        self.new_event()
        self.list_model.refresh()

    @Slot()
    def cancel_event(self) -> None:
        edit = self.edit
        if edit is None or edit.cancelled:
            return
        count = edit.confirmed_bookings
        text = (
            f"Cancel “{edit.draft.title}”?\n\n{count:,} confirmed booking"
            f"{'s' if count != 1 else ''} will be cancelled and refunded to the original "
            "payment methods, and customers will be e-mailed. This cannot be undone."
        )
        if not ask(self, "Cancel event", text):
            return
        self.ctx.services.run_write(
            events.cancel_event, edit.id, "Event cancelled",
            on_done=lambda r: self._cancelled(edit, r), on_error=self._failed,
        )  # fmt: skip

    def _cancelled(self, edit: EventEdit, result: CancelResult) -> None:
        self.ctx.messages.info.emit(
            f"Cancelled “{edit.draft.title}”: {result.bookings_cancelled:,} booking"
            f"{'s' if result.bookings_cancelled != 1 else ''} refunded "
            f"({format_money(result.refunded)})."
        )
        self.open_event(edit.id)
        self.list_model.refresh()

    # -- errors ----------------------------------------------------------------------------------
    @Slot()
    def new_series(self) -> None:
        """Make a run of performances from the event on screen (saved changes only)."""
        from boxoffice.gui.manager.events.series_dialog import NewSeriesDialog

        edit = self.edit
        if edit is None or edit.cancelled:
            return
        first = edit.draft.starts_at.astimezone().date()
        dialog = NewSeriesDialog(self.ctx, edit.id, edit.draft.title, first, self)
        dialog.created.connect(self._series_created)
        self.series_dialog = dialog
        dialog.open()

    def _series_created(self, _info: object) -> None:
        self.load_series()
        self.apply_filter()

    @Slot()
    def save_following(self) -> None:
        """Title, description and tier prices of the form to this and all later performances."""
        edit, draft = self.edit, self.draft()
        if edit is None or draft is None or edit.series_id is None:
            return
        change = series.FollowingChange(
            title=draft.title,
            description=draft.description,
            tier_prices=tuple((t.name, t.price) for t in draft.tiers),
        )
        self._clear_error()
        self.ctx.services.run_write(
            series.change_following,
            edit.id,
            change,
            on_done=self._following_saved,
            on_error=self._failed,
        )

    def _following_saved(self, ids: list[int]) -> None:
        self.ctx.messages.info.emit(f"Saved to {len(ids)} performance(s) of the series.")
        if self.edit is not None:
            self.open_event(self.edit.id)
        self.apply_filter()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            self.ctx.messages.report(exc)  # a bug: re-raised to the crash handler
            return
        self._show_error(exc.message)
        if isinstance(exc, FieldError):
            self.form.mark_invalid(exc.field if exc.field != "tiers" else None)
            if exc.field == "tiers":
                if exc.tier is not None:
                    self.tiers.select_row(exc.tier)
                self.tiers.table.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _clear_error(self) -> None:
        self.error.hide()
        self.error.clear()
        self.form.mark_invalid(None)

    @property
    def error_text(self) -> str:
        return self.error.text()
