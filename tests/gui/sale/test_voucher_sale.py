"""Selling a gift voucher from the Sell tab (Ctrl+G): the value is taken in the payment dialog
(cash into the till as a voucher sale), then the voucher is saved as PDF and mailed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.db.models import OutboxEmail, VoucherPayment
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.payment_dialog import VOUCHER
from boxoffice.gui.sale.voucher_sale import VoucherSaleDialog
from boxoffice.services.sales import vouchers
from tests.gui.sale.sale_support import sell_tab

pytestmark = pytest.mark.gui


def test_sell_a_voucher_for_cash_save_and_mail_it(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    tab = sell_tab(qtbot, ctx)
    tab.actions_by_name["voucher"].trigger()
    dialog = tab.voucher_dialog
    assert isinstance(dialog, VoucherSaleDialog)
    assert not dialog.issue_button.isEnabled()
    assert not dialog.voucher_actions.mail_button.isEnabled()  # nothing to mail yet
    qtbot.keyClicks(dialog.value, "40")
    dialog.recipient.setText("Grace")
    dialog.expires_on.setChecked(True)
    dialog.issue_button.click()
    pay = dialog.payment_dialog
    assert pay is not None and dialog.voucher is None  # not issued before it is paid
    assert pay.total_label.text() == "€40.00"
    assert not pay.methods.isTabEnabled(VOUCHER)  # a voucher never pays for a voucher
    qtbot.keyClicks(pay.cash.tendered, "50")
    pay.terms.setChecked(True)
    assert pay.pay_button.isEnabled()
    pay.pay()
    info = dialog.voucher
    assert info is not None and info.value == Decimal("40.00") and info.expires_at is not None
    assert info.number in dialog.outcome.text() and info.code in dialog.outcome.text()
    assert not dialog.issue_button.isEnabled()  # one payment, one voucher
    paid = ctx.db.run(
        lambda s: s.execute(select(VoucherPayment.method, VoucherPayment.amount)).all()
    )
    assert [tuple(p) for p in paid] == [("cash", Decimal("40.00"))]
    target = tmp_path / "voucher.pdf"
    dialog.save_pdf(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    shown = vouchers.voucher_info(ctx.db, ctx.actor, info.code)
    assert shown.balance == Decimal("40.00") and shown.recipient == "Grace"
    qtbot.keyClicks(dialog.voucher_actions.email, "grace@example.com")
    assert dialog.voucher_actions.mail_button.isEnabled()
    dialog.voucher_actions.mail_button.click()
    dialog.voucher_actions.mail_button.click()  # a double click queues it once
    queued = ctx.db.run(
        lambda s: s.execute(
            select(OutboxEmail.to_addr, OutboxEmail.kind, OutboxEmail.subject)
        ).all()
    )
    voucher_mails = [tuple(q) for q in queued if q[1] == "voucher"]
    assert len(voucher_mails) == 1 and voucher_mails[0][0] == "grace@example.com"
    assert info.number in voucher_mails[0][2]
    qtbot.wait(20)
    dialog.grab().save("/tmp/voucher-sale.png")
    dialog.accept()
    tab.shutdown()
