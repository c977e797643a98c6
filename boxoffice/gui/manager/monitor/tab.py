"""The Seat monitor tab (managers): tick events on the left, watch their seat maps live.

Up to four events side by side (two rows of splitters). One poller serves them all: every
second one small query asks for their versions; only an event that changed costs more. The
timer runs while the tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.monitor.event_model import EventChoiceModel
from boxoffice.gui.manager.monitor.panel import EventPanel
from boxoffice.gui.manager.monitor.poller import INTERVAL_MS, MonitorPoller
from boxoffice.gui.widgets.when import clock_text
from boxoffice.i18n import _, ngettext
from boxoffice.i18n.formats import number_text
from boxoffice.services.sales import monitor
from boxoffice.services.sales.monitor import EventUpdate, MonitorEvent, MonitorSnapshot

MAX_PANELS = 4


class MonitorTab(QWidget):
    """Signals: ``watching_changed(list)`` with the ids of the events on screen."""

    watching_changed = Signal(list)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("monitorTab")
        self.ctx = ctx
        self.panels: dict[int, EventPanel] = {}
        self._pending: list[int] = []  # asked for before the event list arrived

        self.events = EventChoiceModel(MAX_PANELS)
        self.list = QListView()
        self.list.setObjectName("monitorEvents")
        self.list.setModel(self.events)
        self.list.setMinimumWidth(240)
        self.list.setMaximumWidth(340)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        reload_button = QPushButton(_("Reload list"))
        reload_button.setObjectName("reloadEvents")
        reload_button.clicked.connect(self.load_events)
        hint = QLabel(
            _("Tick up to {MAX_PANELS} events to watch them live.").format(MAX_PANELS=MAX_PANELS)
        )
        hint.setObjectName("subtle")
        hint.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(QLabel(_("<b>Upcoming events</b>")))
        side.addWidget(hint)
        side.addWidget(self.list, 1)
        side.addWidget(reload_button)

        self.placeholder = QLabel(_("No event is being watched.\nTick one in the list."))
        self.placeholder.setObjectName("monitorPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rows = QSplitter(Qt.Orientation.Vertical)
        self.rows.setObjectName("monitorRows")
        self.rows.setChildrenCollapsible(False)
        self.rows.hide()
        self.status = QLabel()
        self.status.setObjectName("monitorStatus")
        self.status.setWordWrap(True)  # never widens the window
        area = QVBoxLayout()
        area.addWidget(self.placeholder, 1)
        area.addWidget(self.rows, 1)
        area.addWidget(self.status)
        body = QHBoxLayout(self)
        body.setContentsMargins(10, 8, 10, 6)
        body.addLayout(side)
        body.addLayout(area, 1)

        self.poller = MonitorPoller(ctx, interval_ms, self)
        self.poller.updated.connect(self._updated)
        self.poller.polled.connect(self._show_status)
        self.poller.failed.connect(self._poll_failed)
        self.events.toggled.connect(self._toggled)
        self.events.limit_reached.connect(
            lambda n: ctx.messages.warning.emit(
                _("The monitor shows at most {n} events at once.").format(n=n)
            )
        )
        self._show_status()
        self.load_events()

    # -- events -----------------------------------------------------------------------------------
    @Slot()
    def load_events(self) -> None:
        self.ctx.services.run(
            monitor.monitor_events,
            on_done=self._events_loaded,
            on_error=self.ctx.messages.report,
        )

    def _events_loaded(self, events: list[MonitorEvent]) -> None:
        watched = [self.events.find(i) for i in self.events.checked]
        self.events.set_events(events)
        for event in watched:  # a watched event that has started stays in the list
            if event is not None:
                self.events.add_event(event)
        pending, self._pending = self._pending, []
        for event_id in pending:
            self.watch(event_id)

    def watch(self, event_id: int) -> None:
        """Show *event_id* (from the reports' "Show seats"), loading it if it is not listed."""
        if self.events.find(event_id) is not None:
            self.events.set_checked(event_id, True)
            return
        if not self.events.events:
            self._pending.append(event_id)
            return
        self.ctx.services.run(
            monitor.open_event,
            event_id,
            on_done=self._opened_unlisted,
            on_error=self.ctx.messages.report,
        )

    def _opened_unlisted(self, snapshot: MonitorSnapshot) -> None:
        self.events.add_event(snapshot.event)
        if self.events.set_checked(snapshot.event.id, True):
            self._loaded(snapshot)

    # -- panels -----------------------------------------------------------------------------------
    @Slot(int, bool)
    def _toggled(self, event_id: int, on: bool) -> None:
        if not on:
            self._remove(event_id)
            return
        event = self.events.find(event_id)
        if event is None or event_id in self.panels:
            return
        panel = EventPanel(event)
        panel.close_requested.connect(lambda e: self.events.set_checked(e, False))
        self.panels[event_id] = panel
        self._arrange()
        self.ctx.services.run(
            monitor.open_event,
            event_id,
            on_done=self._loaded,
            on_error=self._open_failed(event_id),
        )

    def _open_failed(self, event_id: int) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            self.events.set_checked(event_id, False)
            self.ctx.messages.report(exc)

        return failed

    def _loaded(self, snapshot: MonitorSnapshot) -> None:
        panel = self.panels.get(snapshot.event.id)
        if panel is None or panel.loaded:
            return
        panel.set_snapshot(snapshot)
        self.poller.watch(snapshot.event.id, panel.version, snapshot.counts.next_expiry)
        self._show_status()

    def _remove(self, event_id: int) -> None:
        self.poller.forget(event_id)
        panel = self.panels.pop(event_id, None)
        if panel is not None:
            panel.hide()
            panel.setParent(None)
            panel.deleteLater()
        self._arrange()

    def _arrange(self) -> None:
        """Two panels per row, in the order they were ticked."""
        panels = [self.panels[i] for i in self.events.checked if i in self.panels]
        old_rows = [self.rows.widget(i) for i in range(self.rows.count())]
        for panel in panels:
            panel.setParent(None)  # out of the old rows before they go
        for row in old_rows:
            if row is not None:
                row.setParent(None)
                row.deleteLater()
        for start in range(0, len(panels), 2):
            row = QSplitter(Qt.Orientation.Horizontal)
            row.setChildrenCollapsible(False)
            for panel in panels[start : start + 2]:
                row.addWidget(panel)
                panel.show()
            self.rows.addWidget(row)
        self.rows.setVisible(bool(panels))
        self.placeholder.setVisible(not panels)
        self.watching_changed.emit([p.event_id for p in panels])
        self._show_status()

    # -- polling ----------------------------------------------------------------------------------
    @Slot(object)
    def _updated(self, updates: dict[int, EventUpdate]) -> None:
        for event_id, update in updates.items():
            panel = self.panels.get(event_id)
            if panel is not None:
                panel.apply(update)

    @Slot()
    def _show_status(self) -> None:
        p = self.poller
        watched = len(self.poller.known)
        last = clock_text(p.last_poll.astimezone(), seconds=True) if p.last_poll else "—"
        seconds = number_text(Decimal(p.timer.interval()) / 1000)
        state = (
            _("polling every {seconds} s")
            if p.is_active()
            else _("paused; polls every {seconds} s")
        ).format(seconds=seconds)
        parts = [
            ngettext("{count} event watched", "{count} events watched", watched).format(
                count=watched
            ),
            state,
            _("last poll {time}").format(time=last),
            ngettext(
                "{count} tick skipped while busy", "{count} ticks skipped while busy", p.skipped
            ).format(count=p.skipped),
        ]
        self.status.setText(" · ".join(parts))
        self.status.setProperty("level", "")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    @Slot(str)
    def _poll_failed(self, message: str) -> None:
        # Shown in the status line: a banner every second would bury the desk in messages.
        self.status.setText(_("Monitor paused a moment: {message}").format(message=message))
        self.status.setProperty("level", "error")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.poller.start()
        self._show_status()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.poller.stop()  # nobody looking: no queries
