"""The Check-in tab: choose the event, scan tickets, see a big verdict and the attendance.

With an event chosen the tab is a door station (``DoorLink``): it scans online while the
database answers, keeps scanning offline from the event's downloaded door list when it does
not (the bar says so plainly), and uploads the offline scans when the server is back.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QAction, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.domain.roles import Permission
from boxoffice.gui.checkin import door_sounds
from boxoffice.gui.checkin.door_bar import DoorBar
from boxoffice.gui.checkin.result_panel import ResultPanel
from boxoffice.gui.checkin.scan_field import ScanField
from boxoffice.gui.context import AppContext
from boxoffice.gui.messages import headless
from boxoffice.gui.widgets.shortcuts import keyed_action
from boxoffice.i18n import _
from boxoffice.services.common.local_time import format_clock
from boxoffice.services.door import gate_report
from boxoffice.services.door.gate_report import DoorOverview
from boxoffice.services.door.link import DoorLink, DoorState
from boxoffice.services.door.station import DoorResult
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.checkin import Attendance, CheckInEvent, CheckInResult
from boxoffice.services.tickets.codes import TYPO

ANY_EVENT = -1
HISTORY = 50
REFRESH_MS = 15_000  # other doors admit people too
TICK_MS = 5_000  # an offline door retries the server, an online one refreshes its list
GATE_SETTING = "door/gate"


class CheckInTab(QWidget):
    """Signals: ``result_shown(object)`` with each CheckInResult once it is on screen."""

    result_shown = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkinTab")
        self.ctx = ctx
        self.events: list[CheckInEvent] = []
        self._counting = False
        self._recount = False
        self._ticking = False
        self._refreshing = False
        self._last_code = ""  # the last code scanned, offered again after a typing slip
        self.link = ctx.services.bind(DoorLink)
        self.door = DoorBar(str(ctx.settings.value(GATE_SETTING, "Main") or "Main"))
        self.door.gate_changed.connect(self._gate_changed)

        self.event_combo = QComboBox()
        self.event_combo.setObjectName("eventCombo")
        self.event_combo.setMinimumContentsLength(40)
        self.event_combo.currentIndexChanged.connect(self._event_changed)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setToolTip(_("Reload the list of events"))
        self.refresh_button.clicked.connect(self.load_events)
        self.attendance_label = QLabel("–")
        self.attendance_label.setObjectName("attendance")
        self.field = ScanField()
        self.field.submitted.connect(self.scan)
        self.panel = ResultPanel()
        self.history = QListWidget()
        self.history.setObjectName("checkinHistory")
        self.history.setMaximumHeight(160)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Event")))
        top.addWidget(self.event_combo, 1)
        top.addWidget(self.refresh_button)
        top.addSpacing(24)
        top.addWidget(self.attendance_label)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.door)
        column.addWidget(self.field)
        column.addWidget(self.panel, 1)
        recent = QLabel(_("Recent scans"))
        recent.setObjectName("subtle")
        column.addWidget(recent)
        column.addWidget(self.history)

        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh_attendance)
        self.door_timer = QTimer(self)
        self.door_timer.setInterval(TICK_MS)
        self.door_timer.timeout.connect(self.tick)
        self.load_events()

    def _build_actions(self) -> None:
        """Every step at the door by keyboard (a scanner types the code and Enter itself)."""
        self.actions_list = [
            keyed_action(self, _("Scan or type a code"), ("Ctrl+L",), self.focus_scan),
            keyed_action(self, _("Choose the event"), ("Ctrl+E",), self.choose_event),
            keyed_action(
                self, _("Reload events"), ("F5",), self.load_events, button=self.refresh_button
            ),
            keyed_action(self, _("Gate name"), ("Ctrl+G",), self.focus_gate),
            keyed_action(
                self,
                _("Scan in or out"),
                ("Ctrl+D",),
                self.toggle_direction,
                _("Switch between scanning in and scanning out (events with re-entry)"),
            ),
        ]

    def menu_actions(self) -> tuple[str, list[QAction]]:
        """The main window puts these in a "Check-in" menu (with their shortcuts)."""
        return _("Check-&in"), list(self.actions_list)

    def focus_scan(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def choose_event(self) -> None:
        """The event list has the focus: arrows change the event, Alt+Down opens the list."""
        self.event_combo.setFocus()

    def focus_gate(self) -> None:
        self.door.gate_edit.setFocus()
        self.door.gate_edit.selectAll()

    def toggle_direction(self) -> None:
        combo = self.door.direction
        if combo.isEnabled() and combo.count() > 1:  # only events with re-entry scan out
            combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count())
        self.field.setFocus()

    # --- events and attendance ------------------------------------------------------------

    @Slot()
    def load_events(self) -> None:
        self.ctx.services.run(
            checkin.checkin_events,
            on_done=self._events_loaded,
            on_error=self.ctx.messages.report,
        )

    def _events_loaded(self, events: list[CheckInEvent]) -> None:
        keep = self.event_id
        self.events = events
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for e in events:
            self.event_combo.addItem(e.label, e.id)
        self.event_combo.addItem(_("Any event (no event check)"), ANY_EVENT)
        now = utcnow()
        current = next((i for i, e in enumerate(events) if e.ends_at >= now), 0)
        index = self.event_combo.findData(keep) if keep is not None else -1
        self.event_combo.setCurrentIndex(index if index >= 0 else current)
        self.event_combo.blockSignals(False)
        self._event_changed()

    @property
    def event_id(self) -> int | None:
        data = self.event_combo.currentData()
        return None if data in (None, ANY_EVENT) else int(data)

    def select_event(self, event_id: int | None) -> None:
        self.event_combo.setCurrentIndex(
            self.event_combo.findData(ANY_EVENT if event_id is None else event_id)
        )

    @Slot()
    def _event_changed(self) -> None:
        self.panel.show_idle()
        event_id = self.event_id
        self.door.setVisible(event_id is not None)
        if event_id is not None:
            self.ctx.tasks.run_write(
                self.link.open,
                event_id,
                self.door.gate,
                on_done=self._door_state,
                on_error=self.ctx.messages.report,
            )
        self.refresh_attendance()
        self.field.setFocus()

    # --- the door station -----------------------------------------------------------------

    @property
    def offline(self) -> bool:
        state = self.door.state
        return state is not None and state.event_id == self.event_id and not state.online

    def _door_state(self, state: DoorState) -> None:
        if state.event_id != self.event_id:
            return
        was_offline = self.door.state is not None and not self.door.state.online
        self.door.show_state(state)
        if state.online and was_offline:
            self.refresh_attendance()
        if self.ctx.actor.can(Permission.VIEW_REPORTS) and state.online:
            self.ctx.services.run(
                gate_report.overview,
                state.event_id,
                on_done=self._show_overview,
                on_error=self._quiet,
            )

    def _show_overview(self, view: DoorOverview) -> None:
        self.door.show_counts(view)

    @Slot(str)
    def _gate_changed(self, gate: str) -> None:
        self.ctx.settings.setValue(GATE_SETTING, gate)
        if self.event_id is not None:
            self.ctx.tasks.run_write(
                self.link.set_gate, gate, on_done=self._door_state, on_error=self._failed
            )

    @Slot()
    def tick(self) -> None:
        """Retry the server when offline, refresh the door list when online (writer thread)."""
        if self.event_id is None or self._ticking:
            return
        self._ticking = True

        def done(state: DoorState) -> None:
            self._ticking = False
            self._door_state(state)
            if self.link.refresh_due() and not self._refreshing:
                self._refreshing = True
                self.ctx.tasks.run(self.link.refresh, on_done=refreshed, on_error=failed)

        def refreshed(state: DoorState) -> None:
            self._refreshing = False
            self._door_state(state)

        def failed(exc: BaseException) -> None:
            self._ticking = self._refreshing = False
            self._quiet(exc)

        self.ctx.tasks.run_write(self.link.tick, on_done=done, on_error=failed)

    def _quiet(self, exc: BaseException) -> None:
        """A background refresh that met an unreachable server: the bar already says offline."""
        if not isinstance(exc, DatabaseUnavailable):
            self.ctx.messages.report(exc)

    @Slot()
    def refresh_attendance(self) -> None:
        event_id = self.event_id
        if event_id is None:
            self.attendance_label.setText("")
            return
        if self._counting:  # the last count is still running: count once more after it
            self._recount = True
            return
        if self.offline:  # the door bar says so; counts come back with the server
            return
        self._counting = True

        def done(counts: Attendance) -> None:
            self._counting = False
            if event_id == self.event_id:
                self._show_attendance(counts)
            if self._recount:
                self._recount = False
                self.refresh_attendance()

        def failed(exc: BaseException) -> None:
            self._counting = False
            self._quiet(exc)

        self.ctx.services.run(checkin.attendance, event_id, on_done=done, on_error=failed)

    def _show_attendance(self, counts: Attendance) -> None:
        self.attendance_label.setText(
            _("Checked in {checked_in} / {sold} sold").format(
                checked_in=counts.checked_in, sold=counts.sold
            )
        )

    # --- scanning -------------------------------------------------------------------------

    @Slot(str)
    def scan(self, code: str) -> None:
        """Check *code* in at the chosen event (on the writer thread; result comes back)."""
        self._last_code = code
        event_id = self.event_id
        if event_id is None:
            self.ctx.services.run_write(
                checkin.check_in,
                code,
                event_id,
                on_done=lambda result: self._show(result, event_id),
                on_error=self._failed,
            )
            return

        def done(outcome: tuple[DoorResult, DoorState]) -> None:
            door, state = outcome
            self._door_state(state)
            self._show(door.result, event_id)
            if door.result.ok and not door.offline:
                self.refresh_attendance()

        self.ctx.tasks.run_write(
            self.link.scan, code, self.door.scan_direction, on_done=done, on_error=self._failed
        )

    def _show(self, result: CheckInResult, event_id: int | None) -> None:
        self.panel.show_result(result)
        mark = "✔" if result.ok else "✖"
        where = f" — {result.seat_label}" if result.seat_label else ""
        ref = f" ({result.reference})" if result.reference else ""
        self.history.insertItem(
            0, f"{format_clock(utcnow())}  {mark}  {result.message}{where}{ref}"
        )
        while self.history.count() > HISTORY:
            self.history.takeItem(self.history.count() - 1)
        if result.attendance is not None and event_id is not None and event_id == self.event_id:
            self._show_attendance(result.attendance)
        if not headless():
            door_sounds.sound(result, owner=self)
        self.field.setFocus()
        if result.message == TYPO and not self.field.text():
            self.field.offer_again(self._last_code)
        self.result_shown.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.panel.show_error(str(exc))
        self.field.setFocus()
        self.ctx.messages.report(exc)

    # --- visibility -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.door_timer.start()
        self.field.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        self.door_timer.stop()
        super().hideEvent(event)
