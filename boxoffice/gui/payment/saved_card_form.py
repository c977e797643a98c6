"""Pay with a card the attached customer saved earlier (only brand and last four are shown)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from boxoffice.domain.card import MASK
from boxoffice.domain.tender import SavedCardTender
from boxoffice.gui.payment.card_tender_form import CardTenderForm
from boxoffice.i18n import _


def card_title(card: Any) -> str:
    """``Visa •••• 4242 · 12/27 · default`` for a SavedCardInfo."""
    default = _(" · default") if card.is_default else ""
    brand = str(card.brand).title()
    return f"{brand} {MASK} {card.last4} · {card.exp_month:02d}/{card.exp_year % 100:02d}{default}"


class SavedCardForm(CardTenderForm):
    """Signals: ``changed()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("savedCardCvv", "savedCardAmount", parent)
        self.setObjectName("savedCardForm")
        self.cards = QComboBox()
        self.cards.setObjectName("savedCards")
        self.cards.currentIndexChanged.connect(self.changed)
        self.cvv.setToolTip(_("Optional; sent to the bank, never stored"))
        self.note = QLabel(_("Attach a customer to use their saved cards."))
        self.note.setObjectName("subtle")
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("", self.note)
        form.addRow(_("&Card"), self.cards)
        form.addRow(_("CVV"), self.cvv)
        form.addRow(_("A&mount"), self.amount)

    def set_cards(self, cards: list[Any], titles: dict[int, str]) -> None:
        self.cards.clear()
        default_index = 0
        for card in cards:
            if card.is_default:
                default_index = self.cards.count()
            self.cards.addItem(titles[card.id], card.id)
        self.cards.setCurrentIndex(default_index if cards else -1)
        if cards:
            self.note.hide()
        else:
            self.note.setText(_("This customer has no saved cards."))
            self.note.show()
        self.changed.emit()

    def _clear_fields(self) -> None:
        self.cvv.clear()

    def problem(self) -> str:
        if self.cards.currentData() is None:
            return _("No saved card to use.")
        return self.amount_problem()

    def tender(self) -> SavedCardTender | None:
        if self.problem():
            return None
        amount = self.amount.value()
        assert amount is not None
        return SavedCardTender(
            amount=amount, saved_card_id=int(self.cards.currentData()), cvv=self.cvv.text()
        )

    def focus(self) -> None:
        self.cards.setFocus()
