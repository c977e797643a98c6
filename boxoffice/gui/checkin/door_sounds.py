"""What the door sounds like: a pattern of beeps per result, so a steward who is looking at the
queue, not the screen, hears the verdict. The desk's system bell is used (QApplication.beep):
one short beep to let in, two for someone leaving, three quick ones to stop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from boxoffice.services.tickets.checkin import CheckInResult, Outcome

GAP_MS = 140  # between the beeps of one pattern: distinct, yet over before the next scan

ADMIT, LEAVE, STOP = 1, 2, 3


def beeps_for(result: CheckInResult) -> int:
    """How many beeps *result* gets: admitted or valid 1, left 2, every refusal 3."""
    if result.outcome is Outcome.LEFT:
        return LEAVE
    return ADMIT if result.ok else STOP


def sound(
    result: CheckInResult,
    beep: Callable[[], None] = QApplication.beep,
    owner: QObject | None = None,
) -> int:
    """Play *result*'s pattern (the first beep now, the others on timers); returns the count.

    The later beeps belong to *owner* (the door's tab): they do not outlive it."""
    count = beeps_for(result)
    beep()
    for n in range(1, count):
        if owner is None:
            QTimer.singleShot(n * GAP_MS, beep)
        else:
            QTimer.singleShot(n * GAP_MS, owner, beep)
    return count
