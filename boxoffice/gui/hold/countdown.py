"""The hold countdown: ticks the seconds left, warns once near the end, fires once at zero."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from boxoffice.domain.clock import utcnow

WARN_SECONDS = 60


def format_left(seconds: int) -> str:
    """``9:05`` for 545 seconds."""
    seconds = max(0, seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class HoldCountdown(QObject):
    """Signals: ``tick(int)`` seconds left (each second); ``warning(int)`` once when at most
    ``WARN_SECONDS`` are left; ``expired()`` once at zero. ``now`` is swappable for tests."""

    tick = Signal(int)
    warning = Signal(int)
    expired = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now: Callable[[], datetime] = utcnow
        self.expires_at: datetime | None = None
        self._warned = False
        self._last = -1
        self._timer = QTimer(self)
        self._timer.setInterval(250)  # a quarter second keeps the display within one second
        self._timer.timeout.connect(self.update)

    def start(self, expires_at: datetime) -> None:
        if expires_at != self.expires_at:
            self._warned = False
        self.expires_at = expires_at
        self._last = -1
        self._timer.start()
        self.update()

    def stop(self) -> None:
        self._timer.stop()
        self.expires_at = None
        self._warned = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def seconds_left(self) -> int:
        if self.expires_at is None:
            return 0
        return max(0, math.ceil((self.expires_at - self.now()).total_seconds()))

    @Slot()
    def update(self) -> None:
        if self.expires_at is None:
            return
        left = self.seconds_left()
        if left != self._last:
            self._last = left
            self.tick.emit(left)
        if 0 < left <= WARN_SECONDS and not self._warned:
            self._warned = True
            self.warning.emit(left)
        if left <= 0:
            self.stop()
            self.expired.emit()
