"""The big verdict at the door: green ADMIT or red STOP, with the reason and the ticket.

The colours are the theme's (``QFrame#checkinResult[verdict=...]`` in the stylesheets).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from boxoffice.domain.place_text import seat_and_tier
from boxoffice.gui.theme import restyle
from boxoffice.i18n import _
from boxoffice.services.tickets.checkin import CheckInResult


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

    def _paint(self, verdict: str, headline: str, reason: str, details: str) -> None:
        self.verdict = verdict
        restyle(self, verdict=verdict)
        self.headline.setText(headline)
        self.reason.setText(reason)
        self.details.setText(details)

    def show_idle(self, text: str = "") -> None:
        self._paint("idle", _("READY"), text or _("Scan the first ticket."), "")

    def show_result(self, result: CheckInResult) -> None:
        parts = [seat_and_tier(result.seat_label, result.tier), result.event_title]
        if result.reference:
            parts.append(_("booking {reference}").format(reference=result.reference))
        details = " · ".join(p for p in parts if p)
        if result.ok:
            self._paint("admitted", _("✔ ADMIT"), result.message, details)
        else:
            self._paint("refused", _("✖ STOP"), result.message, details)

    def show_error(self, text: str) -> None:
        self._paint("error", _("NOT CHECKED"), text, _("Scan again, or check by hand."))
