""" "Best N seats": a quantity, a tier (or the best zone with room) and Enter.

For general-admission events the same bar holds N places of the chosen tier, which is how GA is
sold (tier + quantity, no map).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import TierInfo
from boxoffice.i18n import _

MAX_QUANTITY = 20


class QuantityBox(QSpinBox):
    """A quantity spin box where Enter means "go".

    Signals: ``enter_pressed()``.
    """

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.interpretText()
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.selectAll()  # typing a digit replaces the number


class BestSeatsBar(QWidget):
    """Signals: ``requested(int, object)`` quantity and tier id (None = best zone with room)."""

    requested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bestSeatsBar")
        self.general_admission = False
        self.quantity = QuantityBox()
        self.quantity.setObjectName("bestQuantity")
        self.quantity.setRange(1, MAX_QUANTITY)
        self.quantity.setValue(2)
        self.quantity.setToolTip(_("How many seats (type a number, then Enter) — Ctrl+B"))
        self.quantity.setMinimumWidth(64)
        self.quantity.enter_pressed.connect(self.submit)
        self.tier = QComboBox()
        self.tier.setObjectName("bestTier")
        self.tier.setToolTip(_("Which price tier (best available picks the best zone with room)"))
        self.tier.setMinimumWidth(240)
        self.button = QPushButton(_("Best seats"))
        self.button.setObjectName("bestButton")
        self.button.setToolTip(_("Hold the best adjacent seats (Enter in the number box)"))
        self.button.clicked.connect(self.submit)
        self.caption = QLabel(_("Best"))
        self.caption.setMinimumWidth(self.caption.fontMetrics().horizontalAdvance(_("Places")) + 4)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.caption)
        row.addWidget(self.quantity)
        row.addWidget(self.tier)
        row.addWidget(self.button)
        row.addStretch(1)
        self.set_tiers((), general_admission=False)

    def set_tiers(self, tiers: tuple[TierInfo, ...], general_admission: bool) -> None:
        """Fill the tier list; GA events list only tiers, with the places left."""
        keep = self.tier.currentData()
        self.general_admission = general_admission
        self.tier.clear()
        if general_admission:
            self.caption.setText(_("Places"))
            self.button.setText(_("Add places"))
            self.button.setToolTip(_("Hold this many places of the tier (Enter in the number box)"))
            for tier in sorted(tiers, key=lambda t: t.sort_order):
                left = (
                    _("{ga_available} left").format(ga_available=tier.ga_available)
                    if tier.ga_available > 0
                    else _("sold out")
                )
                self.tier.addItem(f"{tier.name} — {format_money(tier.price)} ({left})", tier.id)
        else:
            self.caption.setText(_("Best"))
            self.button.setText(_("Best seats"))
            self.button.setToolTip(_("Hold the best adjacent seats (Enter in the number box)"))
            self.tier.addItem(_("Best available, any tier"), None)
            for tier in sorted(tiers, key=lambda t: t.sort_order):
                self.tier.addItem(f"{tier.name} — {format_money(tier.price)}", tier.id)
        index = self.tier.findData(keep)
        if keep is not None and index >= 0:
            self.tier.setCurrentIndex(index)
        self.setEnabled(bool(tiers))

    @Slot()
    def submit(self) -> None:
        if not self.isEnabled() or self.tier.count() == 0:
            return
        self.requested.emit(self.quantity.value(), self.tier.currentData())

    def focus_quantity(self) -> None:
        self.quantity.setFocus()
        self.quantity.selectAll()
