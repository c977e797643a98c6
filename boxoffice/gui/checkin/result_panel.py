"""The big verdict at the door: green ADMIT or red STOP, with the reason and the ticket."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from boxoffice.services.tickets.checkin import CheckInResult

GREEN = "#1b7f3b"
RED = "#b3261e"
GREY = "#5f6670"

STYLE = """
QFrame#checkinResult { border-radius: 12px; background: %(colour)s; }
QFrame#checkinResult QLabel { color: white; background: transparent; }
QLabel#verdict { font-size: 40pt; font-weight: 700; }
QLabel#reason { font-size: 20pt; font-weight: 600; }
QLabel#details { font-size: 13pt; }
"""


class ResultPanel(QFrame):
    """Shows one scan's outcome; ``verdict`` is "idle", "admitted", "refused" or "error"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkinResult")
        self.verdict = "idle"
        self.headline = QLabel()
        self.headline.setObjectName("verdict")
        self.reason = QLabel()
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 22, 28, 22)
        for label in (self.headline, self.reason, self.details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label)
        self.setMinimumHeight(240)
        self.show_idle()

    def _paint(self, verdict: str, colour: str, headline: str, reason: str, details: str) -> None:
        self.verdict = verdict
        self.setStyleSheet(STYLE % {"colour": colour})
        self.headline.setText(headline)
        self.reason.setText(reason)
        self.details.setText(details)

    def show_idle(self, text: str = "Scan the first ticket.") -> None:
        self._paint("idle", GREY, "READY", text, "")

    def show_result(self, result: CheckInResult) -> None:
        parts = [result.seat_label, result.tier, result.event_title]
        if result.reference:
            parts.append(f"booking {result.reference}")
        details = " · ".join(p for p in parts if p)
        if result.ok:
            self._paint("admitted", GREEN, "✔ ADMIT", result.message, details)
        else:
            self._paint("refused", RED, "✖ STOP", result.message, details)

    def show_error(self, text: str) -> None:
        self._paint("error", RED, "NOT CHECKED", text, "Scan again, or check by hand.")
