"""Every desk sends the outbox in the background: a timer runs the sender off the GUI thread.

The main window creates one ``OutboxPump(ctx)`` after sign-in, calls ``start()``, and
``stop()`` at sign-out. Several desks pumping at once is safe: each row is claimed atomically
by one sender. A tick is skipped while the previous run is still going.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.services.mail.sender import SendReport, send_due

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
FIRST_RUN_MS = 5_000  # let the desk finish starting before the first run


class OutboxPump(QObject):
    """Signals: ``ran(object)`` with each run's SendReport; ``stopped_on_error(str)`` when a
    bug stopped the pump (it is reported once instead of every interval)."""

    ran = Signal(object)
    stopped_on_error = Signal(str)

    def __init__(
        self, ctx: AppContext, interval_ms: int = INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False  # a run is in flight
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.tick)

    def start(self, first_run_ms: int = FIRST_RUN_MS) -> None:
        self.timer.start()
        self._first.start(first_run_ms)

    def stop(self) -> None:
        self.timer.stop()
        self._first.stop()

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    @Slot()
    def tick(self) -> None:
        if self.running:
            return
        self.running = True
        self.ctx.services.run(send_due, on_done=self._done, on_error=self._failed)

    def _done(self, report: SendReport) -> None:
        self.running = False
        if report.sent or report.error or report.failed:
            log.info("outbox: %s", report.summary())
        self.ran.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, BoxOfficeError):
            # The database is away or a setting is unusable: the next tick tries again.
            log.warning("outbox run failed: %s", exc.message)
            return
        self.stop()
        self.stopped_on_error.emit(f"{type(exc).__name__}: {exc}")
        self.ctx.messages.report(exc)  # a bug: to the crash handler, once
