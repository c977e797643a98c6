"""The event's own fields: title, description, venue and layout (or general admission), times.

The fields are the Designer form ``ui/event_form.ui``. Times are edited in the desk's local
time and handed to services as UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from boxoffice.domain.clock import utcnow
from boxoffice.domain.genres import GENRES
from boxoffice.domain.sales_state import SalesState, sales_state
from boxoffice.gui.forms import fill, form_spec
from boxoffice.gui.manager.events.times import DISPLAY_FORMAT, to_qt, to_utc
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text
from boxoffice.services.events.drafts import MAX_GA_CAPACITY, TITLE_MAX
from boxoffice.services.events.editor import LayoutChoice, SectionChoice, VenueChoice

TIME_FIELDS = ("starts_at", "ends_at", "sales_open_at", "sales_close_at")


FORM = form_spec(
    "event_form",
    eventTitleEdit=QLineEdit,
    eventDescription=QPlainTextEdit,
    genreCombo=QComboBox,
    venueCombo=QComboBox,
    layoutCombo=QComboBox,
    generalAdmission=QCheckBox,
    gaCapacity=QSpinBox,
    capacityLabel=QLabel,
    seatingHint=QLabel,
    startsAt=QDateTimeEdit,
    endsAt=QDateTimeEdit,
    salesOpenAt=QDateTimeEdit,
    salesCloseAt=QDateTimeEdit,
    allowReentry=QCheckBox,
    salesState=QLabel,
    openSalesNow=QPushButton,
    closeSales=QPushButton,
)


class EventForm(QWidget):
    """Signals: ``seating_changed()`` when venue, layout or general admission changed (the tier
    panel then shows the new layout's sections)."""

    seating_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.venues: list[VenueChoice] = []
        self._filling = False
        self._seating_editable = True
        self._last_start: QDateTime | None = None

        form = fill(self, FORM)
        self.title = form.get(QLineEdit, "eventTitleEdit")
        self.title.setMaxLength(TITLE_MAX)
        self.description = form.get(QPlainTextEdit, "eventDescription")
        self.genre = form.get(QComboBox, "genreCombo")
        self.genre.addItem("—", "")  # none given
        for genre in GENRES:
            self.genre.addItem(genre, genre)
        self.venue = form.get(QComboBox, "venueCombo")
        self.venue.currentIndexChanged.connect(self._venue_changed)
        self.layout_combo = form.get(QComboBox, "layoutCombo")
        self.layout_combo.currentIndexChanged.connect(self._seating_changed)
        self.general = form.get(QCheckBox, "generalAdmission")
        self.general.toggled.connect(self._general_toggled)
        self.capacity = form.get(QSpinBox, "gaCapacity")
        self.capacity.setRange(1, MAX_GA_CAPACITY)
        self.capacity.setValue(300)
        self.capacity_label = form.get(QLabel, "capacityLabel")
        self.seating_hint = form.get(QLabel, "seatingHint")

        self.starts_at = form.get(QDateTimeEdit, "startsAt")
        self.ends_at = form.get(QDateTimeEdit, "endsAt")
        self.sales_open_at = form.get(QDateTimeEdit, "salesOpenAt")
        self.sales_close_at = form.get(QDateTimeEdit, "salesCloseAt")
        for edit in (self.starts_at, self.ends_at, self.sales_open_at, self.sales_close_at):
            edit.setDisplayFormat(DISPLAY_FORMAT)
        self.starts_at.dateTimeChanged.connect(self._start_moved)
        self.reentry = form.get(QCheckBox, "allowReentry")
        self.sales_state_label = form.get(QLabel, "salesState")
        self.sales_state_label.setObjectName("salesState")
        self.open_sales_button = form.get(QPushButton, "openSalesNow")
        self.close_sales_button = form.get(QPushButton, "closeSales")
        self.cancelled = False
        for edit in (self.starts_at, self.sales_open_at, self.sales_close_at):
            edit.dateTimeChanged.connect(lambda _v: self.show_sales_state())

        self.fields: dict[str, QWidget] = {
            "title": self.title,
            "description": self.description,
            "category": self.genre,
            "venue_id": self.venue,
            "layout_id": self.layout_combo,
            "ga_capacity": self.capacity,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "sales_open_at": self.sales_open_at,
            "sales_close_at": self.sales_close_at,
        }
        self._general_toggled(False)

    def set_genre(self, genre: str) -> None:
        self.genre.setCurrentIndex(max(self.genre.findData(genre), 0))

    def chosen_genre(self) -> str:
        return str(self.genre.currentData() or "")

    # -- choices ---------------------------------------------------------------------------------
    def set_venues(self, venues: list[VenueChoice]) -> None:
        """New venue choices; the chosen venue, layout and general admission flag are kept."""
        keep_venue, keep_layout = self.venue_id(), self.layout_combo.currentData()
        keep_general = self.general.isChecked()
        self._filling = True
        self.venues = venues
        self.venue.clear()
        for v in venues:
            self.venue.addItem(v.name, v.id)
        index = self.venue.findData(keep_venue) if keep_venue is not None else -1
        self.venue.setCurrentIndex(max(index, 0) if venues else -1)
        self._fill_layouts()
        if keep_layout is not None and self.layout_combo.findData(keep_layout) >= 0:
            self.layout_combo.setCurrentIndex(self.layout_combo.findData(keep_layout))
        # General admission is kept only for the venue it was chosen for (an empty first list
        # must not leave it ticked for a seated venue).
        seated = self.layout_combo.count() > 0
        self.general.setChecked((keep_general and keep_venue is not None) or not seated)
        self._filling = False
        self.general.setEnabled(self.layout_combo.count() > 0 and self._seating_editable)
        self._general_toggled(self.general.isChecked())

    def set_venue(self, venue_id: int | None) -> None:
        index = self.venue.findData(venue_id) if venue_id is not None else -1
        self.venue.setCurrentIndex(max(index, 0) if self.venue.count() else -1)
        self._venue_changed()

    def venue_id(self) -> int | None:
        value = self.venue.currentData()
        return int(value) if value is not None else None

    def _venue(self) -> VenueChoice | None:
        vid = self.venue_id()
        return next((v for v in self.venues if v.id == vid), None)

    def chosen_layout(self) -> LayoutChoice | None:
        venue = self._venue()
        lid = self.layout_combo.currentData()
        if venue is None or lid is None or self.general.isChecked():
            return None
        return next((x for x in venue.layouts if x.id == lid), None)

    def sections(self) -> tuple[SectionChoice, ...] | None:
        """The chosen layout's sections, or None for general admission."""
        layout = self.chosen_layout()
        return layout.sections if layout is not None else None

    @Slot()
    def _venue_changed(self) -> None:
        """Defaults follow the venue: its first layout when it has seats, else general
        admission; a standing capacity offered as the layout's seat count."""
        if self._filling:
            return
        self._filling = True
        self._fill_layouts()
        self._filling = False
        seated = self.layout_combo.count() > 0
        if self._seating_editable:
            self.general.setChecked(not seated)
            venue = self._venue()
            if venue is not None and venue.layouts:
                self.capacity.setValue(venue.layouts[0].seats)
        self.general.setEnabled(seated and self._seating_editable)
        self._general_toggled(self.general.isChecked())

    def _fill_layouts(self) -> None:
        venue = self._venue()
        self.layout_combo.clear()
        for layout in venue.layouts if venue else ():
            self.layout_combo.addItem(
                _("{name} — {seats} seats").format(
                    name=layout.name, seats=number_text(layout.seats)
                ),
                layout.id,
            )

    @Slot(bool)
    def _general_toggled(self, general: bool) -> None:
        self.layout_combo.setEnabled(not general and self._seating_editable)
        self.capacity.setEnabled(general)
        self.capacity.setVisible(general)
        self.capacity_label.setVisible(general)
        self._seating_changed()

    @Slot()
    def _seating_changed(self) -> None:
        if not self._filling:
            self.seating_changed.emit()

    def set_seating_editable(self, editable: bool, why: str = "") -> None:
        """After sales the venue/layout cannot change (GA capacity still can)."""
        self._seating_editable = editable
        self.venue.setEnabled(editable)
        self.general.setEnabled(editable and self.layout_combo.count() > 0)
        self.layout_combo.setEnabled(editable and not self.general.isChecked())
        self.seating_hint.setText(why)
        self.seating_hint.setVisible(bool(why))

    # -- values ----------------------------------------------------------------------------------
    @Slot(QDateTime)
    def _start_moved(self, value: QDateTime) -> None:
        """Keep the show's length and the booking close in step while the start is edited."""
        if self._filling:
            return
        old = self._last_start
        self._last_start = value
        if old is None:
            return
        delta = old.secsTo(value)
        self.ends_at.setDateTime(self.ends_at.dateTime().addSecs(delta))
        if self.sales_close_at.dateTime() == old:
            self.sales_close_at.setDateTime(value)

    def set_times(self, values: dict[str, datetime]) -> None:
        self._filling = True
        for name in TIME_FIELDS:
            edit: QDateTimeEdit = getattr(self, name)
            edit.setDateTime(to_qt(values[name]))
        self._last_start = self.starts_at.dateTime()
        self._filling = False

    def times(self) -> dict[str, datetime]:
        return {name: to_utc(getattr(self, name).dateTime()) for name in TIME_FIELDS}

    # -- sales state -----------------------------------------------------------------------------
    def sales_state(self) -> SalesState:
        """Draft, on sale, off sale or cancelled, from the window as the form shows it."""
        t = self.times()
        return sales_state(
            "cancelled" if self.cancelled else "scheduled",
            t["sales_open_at"],
            t["sales_close_at"],
            t["starts_at"],
            utcnow(),
        )

    def show_sales_state(self) -> None:
        state = self.sales_state()
        self.sales_state_label.setText(f"<b>{_(state.value)}</b>")  # the core marks its words
        live = not self.cancelled
        self.open_sales_button.setEnabled(live and state is not SalesState.ON_SALE)
        self.close_sales_button.setEnabled(live and state is SalesState.ON_SALE)

    def open_sales_now(self) -> None:
        """Booking opens now; if it had closed, it stays open until the event starts."""
        now = utcnow().replace(second=0, microsecond=0)
        self.sales_open_at.setDateTime(to_qt(now))
        if to_utc(self.sales_close_at.dateTime()) <= now:
            self.sales_close_at.setDateTime(self.starts_at.dateTime())

    def close_sales(self) -> None:
        """Booking closes now (its opening moved back a minute if it was later)."""
        now = utcnow().replace(second=0, microsecond=0)
        if to_utc(self.sales_open_at.dateTime()) >= now:
            self.sales_open_at.setDateTime(to_qt(now - timedelta(minutes=1)))
        self.sales_close_at.setDateTime(to_qt(now))

    def default_times(self) -> dict[str, datetime]:
        """A week from today at 19:30 local, two and a half hours; booking opens now."""
        local = (utcnow() + timedelta(days=7)).astimezone()
        start = local.replace(hour=19, minute=30, second=0, microsecond=0)
        now = utcnow().astimezone().replace(second=0, microsecond=0)
        return {
            "starts_at": start,
            "ends_at": start + timedelta(hours=2, minutes=30),
            "sales_open_at": now,
            "sales_close_at": start,
        }

    def set_general(self, general: bool, capacity: int | None) -> None:
        self.general.setChecked(general)
        if capacity:
            self.capacity.setValue(capacity)
        self._general_toggled(general)

    def set_layout(self, layout_id: int | None) -> None:
        index = self.layout_combo.findData(layout_id) if layout_id is not None else -1
        if index >= 0:
            self.layout_combo.setCurrentIndex(index)

    def mark_invalid(self, field: str | None) -> None:
        for name, widget in self.fields.items():
            widget.setProperty("invalid", name == field)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if field in self.fields:
            self.fields[field].setFocus()
