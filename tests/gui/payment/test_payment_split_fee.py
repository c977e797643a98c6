"""A card fee in a split payment: the payment dialog adds it as soon as a card pays a part,
says so, and the sale is booked with it (the receipt's fee line comes from the same quote)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.db.models import Event, SaleAdjustment
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.payment_dialog import CARD, CASH
from boxoffice.services import events
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.events import FeeSetup
from tests.gui.payment.test_payment import NEXT_YEAR, dialog_of, paying

pytestmark = pytest.mark.gui


def _card_fee_on_hamlet(ctx: AppContext) -> None:
    event_id = ctx.db.run(lambda s: s.scalar(select(Event.id).where(Event.title == "Hamlet")))
    rules = events.pricing_rules(ctx.db, SYSTEM, event_id)
    fee = FeeSetup("Card fee", FeePer.ORDER, Decimal("0.75"), payment_method="card")
    events.save_pricing_rules(ctx.db, SYSTEM, event_id, replace(rules, fees=(fee,)))


def test_cash_and_card_split_pays_the_card_fee(qtbot: QtBot, ctx: AppContext) -> None:
    _card_fee_on_hamlet(ctx)
    tab = paying(qtbot, ctx)  # 2 x Premium = 130.00
    d = dialog_of(tab)
    assert d.total_label.text() == "€130.00"
    qtbot.keyClicks(d.cash.tendered, "50")
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    d.methods.setCurrentIndex(CARD)  # the card pays the rest: its fee is due
    assert d.total_label.text() == "€130.75"
    assert "incl. €0.75 fees for paying by card" in d.summary_label.text()
    assert d.card.amount.value() == Decimal("80.75")
    d.card.number.set_digits("5555555555554444")
    d.card.expiry.setText(f"06/{NEXT_YEAR}")
    d.card.cvv.setText("321")
    d.card.holder.setText("Bruno Costa")
    d.terms.setChecked(True)
    assert d.pay_button.isEnabled()
    d.grab().save("/tmp/split-fee.png")
    d.pay()
    assert d.result is not None
    booking = bookings.get_booking(ctx.db, ctx.actor, d.result.reference)
    assert booking.total == Decimal("130.75")
    assert sorted((p.method, p.amount) for p in booking.payments) == [
        ("card", Decimal("80.75")),
        ("cash", Decimal("50.00")),
    ]
    fees = ctx.db.run(
        lambda s: s.execute(
            select(SaleAdjustment.label, SaleAdjustment.amount).where(
                SaleAdjustment.booking_id == booking.id, SaleAdjustment.step == "fee"
            )
        ).all()
    )
    assert [tuple(f) for f in fees] == [("Card fee", Decimal("0.75"))]


def test_back_to_cash_only_drops_the_card_fee(qtbot: QtBot, ctx: AppContext) -> None:
    _card_fee_on_hamlet(ctx)
    d = dialog_of(paying(qtbot, ctx))
    d.methods.setCurrentIndex(CARD)
    assert d.total_label.text() == "€130.75"
    d.methods.setCurrentIndex(CASH)
    assert d.total_label.text() == "€130.00" and "fees" not in d.summary_label.text()
    d.reject()
