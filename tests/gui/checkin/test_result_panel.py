"""The door's verdict panel names the place once, even when the tier is called after it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from boxoffice.gui.checkin.result_panel import ResultPanel
from boxoffice.services.tickets.checkin import CheckInResult, Outcome


def test_seat_line_does_not_repeat_its_section(qtbot: QtBot) -> None:
    panel = ResultPanel()
    qtbot.addWidget(panel)
    seat = "Floor, row A, seat 19"
    panel.show_result(
        CheckInResult(Outcome.ADMITTED, "Welcome.", 1, 1, "Gala", seat, "Floor", "7KQ4-MX2P")
    )
    assert panel.details.text() == f"{seat} · Gala · booking 7KQ4-MX2P"
    panel.show_result(CheckInResult(Outcome.ADMITTED, "Welcome.", 1, 1, "Gala", seat, "Gold"))
    assert panel.details.text() == f"{seat} · Gold · Gala"
