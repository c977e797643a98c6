"""The report's filter bar: which event (or all), which days, and the zone days are counted in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from boxoffice.gui.widgets.when import day_text
from boxoffice.i18n import N_, _
from boxoffice.services.reports.period import MAX_DAYS, Period, preset, zone_label
from boxoffice.services.reports.sales import EventOption

RANGES = (("7d", N_("Last 7 days")), ("30d", N_("Last 30 days")), ("1y", N_("Last 12 months")))
CUSTOM = "custom"


def desk_offset_minutes(at: datetime | None = None) -> int:
    """This desk's current UTC offset in minutes (reports count days in it)."""
    offset = (at or datetime.now(UTC)).astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ReportFilters(QWidget):
    """Signals: ``changed()`` after the event, the range or a custom date changed."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        utc_offset_minutes: int | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.offset = desk_offset_minutes() if utc_offset_minutes is None else utc_offset_minutes
        self._now = now  # fixed "now" for tests and screenshots
        self.event_box = QComboBox()
        self.event_box.setObjectName("reportEvent")
        self.event_box.setMinimumContentsLength(28)
        self.event_box.setToolTip(_("Report on all events or on one"))
        self.event_box.addItem(_("All events"), None)
        self.range = QComboBox()
        self.range.setObjectName("reportRange")
        for key, title in RANGES:
            self.range.addItem(_(title), key)
        self.range.addItem(_("Custom range…"), CUSTOM)
        self.range.setCurrentIndex(1)
        self.first = QDateEdit()
        self.last = QDateEdit()
        for edit, name in ((self.first, "reportFrom"), (self.last, "reportTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.zone = QLabel(_("Days in {zone_label}").format(zone_label=zone_label(self.offset)))
        self.zone.setObjectName("subtle")
        self.zone.setToolTip(
            _(
                "Sales are counted per calendar day at this desk's UTC offset; "
                "CSV and PDF exports say which."
            )
        )
        self._sync_dates()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Event")))
        row.addWidget(self.event_box, 2)
        row.addSpacing(12)
        row.addWidget(QLabel(_("Period")))
        row.addWidget(self.range)
        row.addWidget(self.first)
        row.addWidget(QLabel("–"))
        row.addWidget(self.last)
        row.addSpacing(8)
        row.addWidget(self.zone)
        row.addStretch(1)
        self.event_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.range.currentIndexChanged.connect(self._range_changed)
        self.first.dateChanged.connect(self._date_changed)
        self.last.dateChanged.connect(self._date_changed)

    # -- values ---------------------------------------------------------------------------------
    def event_id(self) -> int | None:
        value = self.event_box.currentData()
        return int(value) if value is not None else None

    def event_title(self) -> str:
        return self.event_box.currentText()

    def range_key(self) -> str:
        return str(self.range.currentData())

    def period(self) -> Period:
        key = self.range_key()
        if key == CUSTOM:
            return Period(_pydate(self.first.date()), _pydate(self.last.date()), self.offset)
        return preset(key, self.offset, self._now)

    # -- setting ----------------------------------------------------------------------------------
    def set_events(self, options: Sequence[EventOption]) -> None:
        """Fill the event list, keeping the current choice."""
        current = self.event_id()
        self.event_box.blockSignals(True)
        self.event_box.clear()
        self.event_box.addItem(_("All events"), None)
        for option in options:
            when = day_text(option.starts_at.astimezone())
            self.event_box.addItem(f"{option.title} — {when}", option.id)
        index = self.event_box.findData(current) if current is not None else 0
        self.event_box.setCurrentIndex(max(index, 0))
        self.event_box.blockSignals(False)

    def select_event(self, event_id: int | None, title: str = "") -> None:
        """Report on *event_id* (added to the list if it is not there yet)."""
        if event_id is None:
            self.event_box.setCurrentIndex(0)
            return
        index = self.event_box.findData(event_id)
        if index < 0:
            self.event_box.addItem(
                title or _("Event {event_id}").format(event_id=event_id), event_id
            )
            index = self.event_box.count() - 1
        self.event_box.setCurrentIndex(index)

    def set_range(self, key: str, first: date | None = None, last: date | None = None) -> None:
        """Choose a preset (``7d``, ``30d``, ``1y``) or ``custom`` with its two days."""
        if key == CUSTOM and first is not None and last is not None:
            for edit, day in ((self.first, first), (self.last, last)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self.range.setCurrentIndex(self.range.findData(key))
        if key == CUSTOM:
            self._date_changed()

    # -- reactions --------------------------------------------------------------------------------
    def _sync_dates(self) -> None:
        custom = self.range_key() == CUSTOM
        if not custom:
            period = self.period()
            for edit, day in ((self.first, period.first_day), (self.last, period.last_day)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)

    @Slot(int)
    def _range_changed(self, _index: int) -> None:
        self._sync_dates()
        self.changed.emit()

    @Slot()
    def _date_changed(self) -> None:
        # Keep the range valid as the manager types: "to" never before "from", ten years at most.
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        self.last.blockSignals(True)
        self.last.setMinimumDate(self.first.date())
        if last < first:
            self.last.setDate(self.first.date())
        if (last - first).days >= MAX_DAYS:
            self.last.setDate(_qdate(first + timedelta(days=MAX_DAYS - 1)))
        self.last.blockSignals(False)
        if self.range_key() == CUSTOM:
            self.changed.emit()
