"""One watched event: its counts, its read-only seat map (or GA figures) and its last change."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.manager.monitor.counts import CountsStrip
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.gui.theme import hex_of, points
from boxoffice.gui.widgets.elided_label import ElidedLabel
from boxoffice.services.sales.monitor import EventUpdate, MonitorEvent, MonitorSnapshot, SeatCounts

FLASH_SECONDS = 4.0


class EventPanel(QFrame):
    """Signals: ``close_requested(int)`` when the manager stops watching this event."""

    close_requested = Signal(int)

    def __init__(self, event: MonitorEvent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitorPanel")
        self.event_info = event
        self.counts: SeatCounts | None = None
        self._version = -1
        self.changes_seen = 0
        title = ElidedLabel(event.title)
        title.setObjectName("panelTitle")
        when = event.starts_at.astimezone().strftime("%a %-d %b %Y, %H:%M")
        subtitle = ElidedLabel(f"{when} · {event.venue}")
        subtitle.setObjectName("subtle")
        close = QToolButton()
        close.setText("✕")
        close.setObjectName("closePanel")
        close.setToolTip("Stop watching this event")
        close.setAutoRaise(True)
        close.clicked.connect(lambda: self.close_requested.emit(event.id))
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.strip = CountsStrip()
        self.last_change = ElidedLabel("Loading…")
        self.last_change.setObjectName("lastChange")

        self.view: SeatMapView | None = None
        self.legend: SeatLegend | None = None
        self.ga_label: QLabel | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.addLayout(top)
        column.addWidget(self.strip)
        if event.general_admission:
            self.ga_label = QLabel()
            self.ga_label.setObjectName("gaFigures")
            self.ga_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.ga_label.setTextFormat(Qt.TextFormat.RichText)
            column.addWidget(self.ga_label, 1)
        else:
            self.view = SeatMapView()
            self.view.setObjectName("monitorMap")
            self.view.set_read_only(True)
            self.view.setMinimumSize(160, 90)  # four panels share a 1366×768 screen
            self.legend = SeatLegend(self.view, horizontal=True)
            column.addWidget(self.view, 1)
            column.addWidget(self.legend)
        column.addWidget(self.last_change)

    @property
    def event_id(self) -> int:
        return self.event_info.id

    @property
    def loaded(self) -> bool:
        return self.counts is not None

    @property
    def version(self) -> int:
        """The version on screen (what the next poll asks changes since)."""
        if self.view is not None:
            return self.view.version
        return self._version

    def set_snapshot(self, snapshot: MonitorSnapshot) -> None:
        if self.view is not None and snapshot.seat_map is not None:
            self.view.set_map(snapshot.seat_map)
        self._version = snapshot.version
        self._show_counts(snapshot.counts)
        self.last_change.set_full_text(f"Watching since {datetime.now():%H:%M:%S}")

    @Slot(object)
    def apply(self, update: EventUpdate) -> None:
        changes = update.changes
        if changes is not None and self.view is not None:
            self.view.apply_changes(changes)  # also moves the view's version on
            if changes.states:
                self.view.highlight_recent(list(changes.states), FLASH_SECONDS)
        self._version = max(self._version, update.version)
        self._show_counts(update.counts)
        if changes is not None:
            self.changes_seen += 1
            seats = len(changes.states)
            what = f"{seats} seat{'s' if seats != 1 else ''}" if self.view is not None else "sales"
            self.last_change.set_full_text(
                f"Last change {datetime.now():%H:%M:%S} · {what} changed"
            )

    def _show_counts(self, counts: SeatCounts) -> None:
        self.counts = counts
        self.strip.set_counts(counts)
        if self.ga_label is not None:
            subtle = hex_of("subtle")
            self.ga_label.setText(
                f"<div style='font-size:{points(12)}pt;color:{subtle}'>General admission</div>"
                f"<div style='font-size:{points(30)}pt;font-weight:700'>{counts.available:,}</div>"
                f"<div style='color:{subtle}'>of {counts.capacity:,} places left</div>"
            )
