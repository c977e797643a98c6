"""The Sell tab's "Waiting list…" window: the panel for the event on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from boxoffice.domain.seatmap import TierInfo
from boxoffice.gui.context import AppContext
from boxoffice.gui.waitlist.panel import CustomerPicker, WaitlistPanel
from boxoffice.i18n import _


class WaitlistDialog(QDialog):
    """Modeless: the clerk keeps selling while it is open. ``panel`` is public for tests."""

    def __init__(
        self,
        ctx: AppContext,
        event_id: int,
        title: str,
        tiers: tuple[TierInfo, ...],
        picker: CustomerPicker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("waitlistDialog")
        self.setWindowTitle(_("Waiting list"))
        self.panel = WaitlistPanel(ctx, picker, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.panel, 1)
        column.addWidget(buttons)
        self.resize(720, 420)
        self.panel.show_event(event_id, title, tiers)
