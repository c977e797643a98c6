"""The event list's filter bar: search as you type, dates (with presets), genre, venues, price
and availability.

Every change is coalesced by one debounce timer into a single :class:`EventQuery`, so typing
"hamlet" sends one search, not six.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRegularExpression, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.genres import GENRES
from boxoffice.domain.money import non_negative
from boxoffice.services.sales.catalog import EventQuery, VenueInfo

DEBOUNCE_MS = 250
ANY_DATE = QDate(2000, 1, 1)
ANY_GENRE = "All genres"
ANY_SERIES = "All series"
PRESETS = ("Today", "This weekend", "Next 7 days", "This month")


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The first and last day (inclusive) of a date preset, seen from *today*."""
    if preset == "Today":
        return today, today
    if preset == "This weekend":  # Saturday and Sunday; on a Sunday, just today
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            return today, today
        return saturday, saturday + timedelta(days=1)
    if preset == "Next 7 days":
        return today, today + timedelta(days=6)
    if preset == "This month":
        first_of_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return today, first_of_next - timedelta(days=1)
    raise ValueError(f"unknown date preset {preset!r}")


def local_midnight_utc(day: date) -> datetime:
    """The start of *day* in the desk's time zone, as aware UTC."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def parse_price(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        return non_negative(text, "A price")
    except ValidationError:
        return None


MENU_ARROW_PX = 30  # room a popup tool button's arrow and frame take beside its text


def fit_popup_button(button: QToolButton) -> None:
    """Make *button* wide enough for its text and its menu arrow: under the desk's stylesheet
    the arrow is not counted in the size hint, and it covered the text's end ("All venue")."""
    text = button.fontMetrics().horizontalAdvance(button.text())
    button.setMinimumWidth(text + MENU_ARROW_PX)


class SearchField(QLineEdit):
    """The search box; Down moves into the list, Enter picks the first event.

    Signals: ``down_pressed()``.
    """

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class AnyDayEdit(QDateEdit):
    """A date edit whose minimum reads "any day". Tab steps through day, month and year as
    usual, but leaves at once while "any day" is shown: it has no sections to step through, and
    Qt's date edit would keep the focus for ever (a keyboard trap)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.specialValueText() and self.date() == self.minimumDate():
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


class EventFilterBar(QWidget):
    """Emits ``query_changed(EventQuery)`` (debounced) and ``text_edited(str)`` (every key)."""

    query_changed = Signal(object)
    text_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventFilterBar")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.emit_now)

        self.search = SearchField()
        self.search.setObjectName("eventSearch")
        self.search.setPlaceholderText("Search events or venues…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._on_text)

        self.date_from = self._date_edit("From", "Only events on or after this day")
        self.date_to = self._date_edit("To", "Only events on or before this day")
        self.presets = QToolButton()
        self.presets.setObjectName("datePresets")
        self.presets.setText("Dates")
        self.presets.setToolTip("Today, this weekend, the next 7 days, this month")
        self.presets.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        preset_menu = QMenu(self.presets)
        self.preset_actions: dict[str, QAction] = {}
        for name in (*PRESETS, "Any day"):
            action = preset_menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.apply_preset(n))
            self.preset_actions[name] = action
        self.presets.setMenu(preset_menu)
        fit_popup_button(self.presets)

        self.genre = QComboBox()
        self.genre.setObjectName("genreFilter")
        self.genre.setToolTip("Show events of one genre only")
        self.genre.addItem(ANY_GENRE, "")
        for genre in GENRES:
            self.genre.addItem(genre, genre)
        self.genre.currentIndexChanged.connect(self.schedule)
        # Shown once some event series exist (most installations start with none).
        self.series = QComboBox()
        self.series.setObjectName("seriesFilter")
        self.series.setToolTip("Show the performances of one series only")
        self.series.addItem(ANY_SERIES, None)
        self.series.currentIndexChanged.connect(self.schedule)
        self.series.hide()

        self.venue_button = QToolButton()
        self.venue_button.setObjectName("venueFilter")
        self.venue_button.setText("All venues")
        self.venue_button.setToolTip("Show events of the ticked venues only")
        self.venue_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.venue_menu = QMenu(self.venue_button)
        self.venue_button.setMenu(self.venue_menu)
        fit_popup_button(self.venue_button)
        self.venue_actions: dict[int, QAction] = {}

        price_re = QRegularExpressionValidator(QRegularExpression(r"^\d{0,6}([.,]\d{0,2})?$"))
        self.min_price = QLineEdit()
        self.min_price.setObjectName("minPrice")
        self.min_price.setPlaceholderText("min €")
        self.min_price.setValidator(price_re)
        self.min_price.setMaximumWidth(72)
        self.min_price.setToolTip("Events with a ticket at this price or dearer")
        self.max_price = QLineEdit()
        self.max_price.setObjectName("maxPrice")
        self.max_price.setPlaceholderText("max €")
        self.max_price.setValidator(price_re)
        self.max_price.setMaximumWidth(72)
        self.max_price.setToolTip("Events with a ticket at this price or cheaper")
        for edit in (self.min_price, self.max_price):
            edit.textEdited.connect(self.schedule)

        self.available = QCheckBox("Seats left")
        self.available.setObjectName("onlyAvailable")
        self.available.setToolTip("Hide sold-out events")
        self.available.toggled.connect(self.schedule)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(6)
        for widget in (
            QLabel("From"),
            self.date_from,
            QLabel("to"),
            self.date_to,
            self.presets,
            self.genre,
            self.series,
            self.venue_button,
            self.min_price,
            self.max_price,
            self.available,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.search)
        column.addLayout(filters)

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = AnyDayEdit()
        edit.setObjectName(f"date{name}")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(ANY_DATE)
        edit.setSpecialValueText("any day")  # shown while the date is the minimum: no limit
        edit.setDate(ANY_DATE)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setToolTip(f"{tip}. 'any day' means no limit (upcoming events only).")
        edit.dateChanged.connect(self.schedule)
        calendar = edit.calendarWidget()
        calendar.setObjectName(f"calendar{name}")
        calendar.installEventFilter(self)
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A calendar popping up for "any day" opens at today (not at January 2000), and is
        tall enough for its sixth week."""
        if event.type() == QEvent.Type.Show:
            for edit in (self.date_from, self.date_to):
                calendar = edit.calendarWidget()
                if watched is calendar:
                    if edit.date() == ANY_DATE:
                        today = QDate.currentDate()
                        calendar.setCurrentPage(today.year(), today.month())
                    # Its own size hint leaves the sixth week half drawn under the desk's
                    # style: room for the navigation bar, the day names and six weeks.
                    nav = calendar.findChild(QWidget, "qt_calendar_navigationbar")
                    bar = nav.sizeHint().height() if nav is not None else 0
                    row = calendar.fontMetrics().height() + 6
                    need = max(calendar.sizeHint().height(), bar + 7 * row + 4)
                    calendar.setMinimumHeight(need)
                    popup = calendar.window()
                    if popup is not calendar and popup.height() < need:
                        popup.resize(popup.width(), need)
        return super().eventFilter(watched, event)

    def apply_preset(self, preset: str) -> None:
        """Set both dates to a preset ("Any day" clears them); the list follows at once."""
        if preset == "Any day":
            first = last = ANY_DATE
        else:
            start, end = preset_range(preset, date.today())
            first, last = (
                QDate(start.year, start.month, start.day),
                QDate(end.year, end.month, end.day),
            )
        for edit, value in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(value)
            edit.blockSignals(False)
        self.presets.setText("Dates" if preset == "Any day" else preset)
        fit_popup_button(self.presets)
        self.emit_now()

    def set_series(self, series: list[Any]) -> None:
        """The series to filter by (SeriesInfo: ``id``, ``name``); hidden when there are none."""
        chosen = self.series.currentData()
        self.series.blockSignals(True)
        self.series.clear()
        self.series.addItem(ANY_SERIES, None)
        for item in series:
            self.series.addItem(item.name, item.id)
        found = self.series.findData(chosen)
        self.series.setCurrentIndex(max(found, 0))
        self.series.blockSignals(False)
        self.series.setVisible(bool(series))

    # -- venues ---------------------------------------------------------------------------------
    def set_venues(self, venues: list[VenueInfo]) -> None:
        self.venue_menu.clear()
        self.venue_actions.clear()
        for venue in venues:
            action = self.venue_menu.addAction(venue.name)
            action.setCheckable(True)
            action.toggled.connect(self._venues_toggled)
            self.venue_actions[venue.id] = action
        if venues:
            self.venue_menu.addSeparator()
            everything = self.venue_menu.addAction("All venues")
            everything.triggered.connect(self.clear_venues)

    @Slot()
    def clear_venues(self) -> None:
        for action in self.venue_actions.values():
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
        self._venues_toggled()

    def _venues_toggled(self) -> None:
        chosen = [a.text() for a in self.venue_actions.values() if a.isChecked()]
        if not chosen:
            self.venue_button.setText("All venues")
        elif len(chosen) == 1:
            self.venue_button.setText(chosen[0])
        else:
            self.venue_button.setText(f"{len(chosen)} venues")
        fit_popup_button(self.venue_button)
        self.schedule()

    # -- query ----------------------------------------------------------------------------------
    def _on_text(self, text: str) -> None:
        self.text_edited.emit(text)
        self.schedule()

    @Slot()
    def schedule(self) -> None:
        """(Re)start the debounce timer; the query goes out when the clerk pauses."""
        self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def emit_now(self) -> None:
        self._timer.stop()
        self.query_changed.emit(self.query())

    def query(self) -> EventQuery:
        start = end = None
        if self.date_from.date() != ANY_DATE:
            start = local_midnight_utc(qdate(self.date_from.date()))
        if self.date_to.date() != ANY_DATE:
            end = local_midnight_utc(qdate(self.date_to.date()) + timedelta(days=1))
        return EventQuery(
            text=self.search.text().strip(),
            start=start,
            end=end,
            venue_ids=tuple(vid for vid, a in self.venue_actions.items() if a.isChecked()),
            min_price=parse_price(self.min_price.text().replace(",", ".")),
            max_price=parse_price(self.max_price.text().replace(",", ".")),
            only_available=self.available.isChecked(),
            category=str(self.genre.currentData() or ""),
            series_id=self.series.currentData(),
        )
