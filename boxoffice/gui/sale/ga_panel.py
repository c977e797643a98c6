"""General admission has no map: show each tier with its price and places left instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from boxoffice.domain.money import format_money
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text
from boxoffice.services.sales.catalog import EventDetail


class GeneralAdmissionPanel(QWidget):
    """Tier, price and places left of a GA event; selling goes through the quantity bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gaPanel")
        heading = QLabel(_("General admission — no reserved seats"))
        heading.setObjectName("gaHeading")
        hint = QLabel(_("Choose the tier below, type how many places and press Enter."))
        hint.setObjectName("subtle")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.rows: dict[int, QLabel] = {}
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(hint, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(12)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(self.grid)
        centred.addStretch(1)
        column.addLayout(centred)
        column.addStretch(2)

    def set_event(self, event: EventDetail) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        for row, tier in enumerate(sorted(event.tiers, key=lambda t: t.sort_order)):
            swatch = QLabel()
            swatch.setFixedSize(14, 14)
            swatch.setStyleSheet(f"background: {tier.colour}; border-radius: 3px;")
            name = QLabel(f"<b>{tier.name}</b>")
            price = QLabel(format_money(tier.price))
            left = QLabel(
                _("{ga_available} of {ga_capacity} left").format(
                    ga_available=number_text(tier.ga_available),
                    ga_capacity=number_text(tier.ga_capacity),
                )
                if tier.ga_available > 0
                else _("Sold out")
            )
            left.setObjectName("gaLeft")
            self.rows[tier.id] = left
            for col, widget in enumerate((swatch, name, price, left)):
                self.grid.addWidget(widget, row, col)
