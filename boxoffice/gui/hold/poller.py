"""Live seat refresh: once a second ask for the event's seat version (one tiny indexed query);
only when it moved, fetch the seats that changed since the version this desk has.

A tick is skipped while a fetch is still running, so a slow server never piles up requests.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from boxoffice.domain.seatmap import SeatChanges
from boxoffice.gui.context import AppContext
from boxoffice.services.sales import catalog


class SeatPoller(QObject):
    """Signals: ``changes(object)`` with each :class:`SeatChanges` fetched."""

    changes = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id: int | None = None
        self.version = 0
        self.hold_id: str | None = None
        self.busy = False
        self.skipped = 0  # ticks skipped because a fetch was still running (tests read it)
        self.polls = 0
        self._again = False  # a fetch was requested while one was running
        self._last_error = ""  # a lost server is reported once, not every second
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    def watch(self, event_id: int, version: int, hold_id: str | None) -> None:
        self.event_id, self.version, self.hold_id = event_id, version, hold_id
        self._timer.start()

    def set_hold(self, hold_id: str | None) -> None:
        self.hold_id = hold_id

    def stop(self) -> None:
        self._timer.stop()
        self.event_id = None

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def tick(self) -> None:
        """Ask whether the event's seats moved; skip if the previous round is still out."""
        if self.event_id is None:
            return
        if self.busy:
            self.skipped += 1
            return
        self.busy = True
        self.polls += 1
        event_id = self.event_id
        self.ctx.services.run(
            catalog.seat_versions,
            [event_id],
            on_done=lambda versions: self._versions(event_id, versions),
            on_error=self._failed,
        )

    def fetch_now(self) -> None:
        """After this desk's own write: fetch the changes at once instead of at the next tick."""
        if self.event_id is None:
            return
        if self.busy:
            self._again = True
            return
        self.busy = True
        self._fetch(self.event_id)

    def _versions(self, event_id: int, versions: dict[int, int]) -> None:
        self._last_error = ""
        if event_id != self.event_id:
            self.busy = False
            return
        if versions.get(event_id, self.version) == self.version:
            self._done()
            return
        self._fetch(event_id)

    def _fetch(self, event_id: int) -> None:
        self.ctx.services.run(
            catalog.seat_changes,
            event_id,
            self.version,
            self.hold_id,
            on_done=self._changes,
            on_error=self._failed,
        )

    def _changes(self, changes: SeatChanges) -> None:
        self._last_error = ""
        if changes.event_id == self.event_id:
            self.version = max(self.version, changes.version)
            if changes.states:
                self.changes.emit(changes)
        self._done()

    def _done(self) -> None:
        self.busy = False
        if self._again:
            self._again = False
            self.fetch_now()

    def _failed(self, exc: BaseException) -> None:
        # A missed refresh is retried on the next tick; a lost server shows up in the banner
        # once (and again only if the problem changes or comes back after a good poll).
        self._done()
        if str(exc) == self._last_error:
            return
        self._last_error = str(exc)
        self.ctx.messages.report(exc)
