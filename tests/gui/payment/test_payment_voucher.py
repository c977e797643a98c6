"""Paying with a gift voucher in the payment dialog: Check shows the balance and offers the part
the sale needs; the rest is paid in cash; the voucher's balance goes down by that part."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.actor import SYSTEM
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.payment_dialog import CASH, VOUCHER
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import vouchers
from tests.gui.payment.test_payment import dialog_of, paying

pytestmark = pytest.mark.gui


def test_voucher_pays_part_and_cash_the_rest(qtbot: QtBot, ctx: AppContext) -> None:
    voucher = vouchers.issue_voucher(ctx.db, SYSTEM, "50.00")  # given away: no payment
    tab = paying(qtbot, ctx)  # 2 x Premium = 130.00
    d = dialog_of(tab)
    d.methods.setCurrentIndex(VOUCHER)
    qtbot.keyClicks(d.voucher.code, "not-a-code")
    qtbot.keyClick(d.voucher.code, Qt.Key.Key_Return)
    assert d.voucher.status.text() == "This is not a gift voucher code of this box office."
    d.voucher.code.setText(voucher.code.lower())
    d.voucher.check()
    assert d.voucher.status.text() == f"Voucher {voucher.number}: €50.00 left."
    assert d.voucher.amount.value() == Decimal("50.00")
    d.add_current()
    assert d.remaining_label.text() == "Paid so far €50.00 · still to pay €80.00"
    d.methods.setCurrentIndex(CASH)
    qtbot.keyClicks(d.cash.tendered, "80")
    d.terms.setChecked(True)
    d.grab().save("/tmp/codes/payment-voucher.png")
    d.pay()
    assert d.result is not None
    booking = bookings.get_booking(ctx.db, ctx.actor, d.result.reference)
    assert sorted((p.method, p.amount) for p in booking.payments) == [
        ("cash", Decimal("80.00")),
        ("voucher", Decimal("50.00")),
    ]
    assert vouchers.voucher_info(ctx.db, ctx.actor, voucher.number).balance == Decimal("0.00")
    tab.shutdown()
