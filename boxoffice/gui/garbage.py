"""Python's cycle collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is
crossed - often a worker running a database call. If it then frees a cycle holding a live Qt
object (a thread pool, a timer, a relay with a queued signal), that object is destroyed on the
wrong thread, which Qt answers with a crash in the event loop some time later. So the automatic
collector is switched off and a timer on the GUI thread collects instead, by the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


def collect_due() -> int:
    """Collect the generations whose thresholds are crossed (what automatic collection would
    have done by now); returns the number of unreachable objects found."""
    threshold = gc.get_threshold()
    count = gc.get_count()
    found = 0
    if count[0] > threshold[0]:
        found += gc.collect(0)
        if count[1] > threshold[1]:
            found += gc.collect(1)
            if count[2] > threshold[2]:
                found += gc.collect(2)
    return found


class GuiThreadCollector(QObject):
    """Owns the timer; made once per application by :func:`install`."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(collect_due)
        self.timer.start()


def install(app: QObject) -> GuiThreadCollector:
    """Switch off automatic collection and collect on *app*'s (the GUI) thread from now on."""
    gc.disable()
    return GuiThreadCollector(app)
