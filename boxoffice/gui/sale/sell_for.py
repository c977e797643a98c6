"""The Sell tab's "Sell for" choice: general sale, one of the event's allocations (a channel or
group: its held seats or GA places), or house seats (staff allowed to sell from named holds)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.i18n import _
from boxoffice.services.events import allocations
from boxoffice.services.events.allocations import AllocationInfo

HOUSE = -1  # the item "House seats"; 0 is general sale, other data an allocation id


class SellForBar(QWidget):
    """A combo shown only when the event has something to sell for besides general sale.

    Signals: ``chosen(bool, object)`` (from house seats, allocation id or None) when the clerk
    picks another source.
    """

    chosen = Signal(bool, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sellFor")
        self.ctx = ctx
        self.event_id: int | None = None
        self.general_admission = False
        self.allocations: list[AllocationInfo] = []
        self.combo = QComboBox()
        self.combo.setObjectName("sellForChoice")
        self.combo.setAccessibleName(_("Sell for"))
        self.combo.setToolTip(
            _("Sell from an allocation (a channel or group) or from house seats, not general sale")
        )
        self.combo.activated.connect(self._activated)
        label = QLabel(_("Sell for"))
        label.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        self.setVisible(False)

    def set_event(self, event_id: int, general_admission: bool) -> None:
        """Another event (or the same one re-read): fetch what it can be sold for."""
        changed = event_id != self.event_id
        self.event_id = event_id
        self.general_admission = general_admission
        if changed:
            self.combo.clear()
            self.setVisible(False)
        self.ctx.services.run(
            allocations.list_allocations,
            event_id,
            on_done=lambda found: self._loaded(event_id, found),
            on_error=self.ctx.messages.report,
        )

    def _loaded(self, event_id: int, found: list[AllocationInfo]) -> None:
        if event_id != self.event_id:
            return  # a late answer for an event no longer shown
        keep = self.combo.currentData()
        self.allocations = [a for a in found if not a.returned]
        self.combo.clear()
        self.combo.addItem(_("General sale"), 0)
        for a in self.allocations:
            self.combo.addItem(_("{title} — {n} left").format(title=a.title, n=a.remaining), a.id)
        if not self.general_admission and self.ctx.actor.can(Permission.RELEASE_HOLDS):
            self.combo.addItem(_("House seats (named holds)"), HOUSE)
        index = self.combo.findData(keep) if keep is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.setVisible(self.combo.count() > 1)

    def reset(self) -> None:
        """Back to general sale (a finished sale)."""
        if self.combo.count():
            self.combo.setCurrentIndex(0)
            self._activated(0)

    @Slot(int)
    def _activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == HOUSE:
            self.chosen.emit(True, None)
        elif data:
            self.chosen.emit(False, int(data))
        else:
            self.chosen.emit(False, None)
