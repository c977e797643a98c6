"""The monitor's heartbeat: a QTimer that polls the watched events through ``ctx.services``.

A tick while the previous poll is still running is skipped (counted in ``skipped``), so a slow
database never piles up requests. Idle, a poll is the one small ``seat_versions`` query.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.services.sales import monitor
from boxoffice.services.sales.monitor import EventUpdate

INTERVAL_MS = 1000


class MonitorPoller(QObject):
    """Signals: ``updated(dict)`` event id → EventUpdate after a poll that found changes;
    ``polled()`` after every finished poll; ``failed(str)`` when a poll could not run."""

    updated = Signal(object)
    polled = Signal()
    failed = Signal(str)

    def __init__(
        self, ctx: AppContext, interval_ms: int = INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.known: dict[int, int] = {}  # event id -> version shown
        self.next_expiry: dict[int, datetime | None] = {}
        self.busy = False
        self.skipped = 0
        self.polls = 0
        self.last_poll: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    def watch(self, event_id: int, version: int, next_expiry: datetime | None) -> None:
        self.known[event_id] = version
        self.next_expiry[event_id] = next_expiry

    def forget(self, event_id: int) -> None:
        self.known.pop(event_id, None)
        self.next_expiry.pop(event_id, None)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def is_active(self) -> bool:
        return self.timer.isActive()

    @Slot()
    def tick(self) -> None:
        if not self.known:
            return
        if self.busy:
            self.skipped += 1  # the last fetch is still running: never queue a second one
            return
        self.busy = True
        now = utcnow()
        recount = [e for e, at in self.next_expiry.items() if at is not None and at <= now]
        self.ctx.services.run(
            monitor.poll,
            dict(self.known),
            recount,
            on_done=self._done,
            on_error=self._error,
        )

    def _done(self, updates: dict[int, EventUpdate]) -> None:
        self.busy = False
        self.polls += 1
        self.last_poll = utcnow()
        fresh = {e: u for e, u in updates.items() if e in self.known}
        for event_id, update in fresh.items():
            self.known[event_id] = max(self.known[event_id], update.version)
            self.next_expiry[event_id] = update.counts.next_expiry
        if fresh:
            self.updated.emit(fresh)
        self.polled.emit()

    def _error(self, exc: BaseException) -> None:
        self.busy = False
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.failed.emit(exc.message)
