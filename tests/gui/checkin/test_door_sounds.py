"""The door's sound per result: one beep in, two out, three to stop (real timers, counted beeps)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.checkin import door_sounds
from boxoffice.services.tickets.checkin import CheckInResult, Outcome

pytestmark = pytest.mark.gui


def _result(outcome: Outcome) -> CheckInResult:
    return CheckInResult(outcome, "message")


@pytest.mark.parametrize(
    ("outcome", "beeps"),
    [
        (Outcome.ADMITTED, 1),
        (Outcome.VALID, 1),
        (Outcome.LEFT, 2),
        (Outcome.FORGED, 3),
        (Outcome.ALREADY_USED, 3),
        (Outcome.CANCELLED, 3),
        (Outcome.WRONG_EVENT, 3),
        (Outcome.REPLACED, 3),
        (Outcome.NOT_INSIDE, 3),
        (Outcome.NO_REENTRY, 3),
    ],
)
def test_each_result_has_its_pattern(qtbot: QtBot, outcome: Outcome, beeps: int) -> None:
    heard: list[int] = []
    played = door_sounds.sound(_result(outcome), beep=lambda: heard.append(1))
    assert played == beeps
    assert len(heard) == 1  # the first beep at once, the rest on timers
    qtbot.waitUntil(lambda: len(heard) == beeps, timeout=2000)
    qtbot.wait(door_sounds.GAP_MS * 2)
    assert len(heard) == beeps  # and no more
