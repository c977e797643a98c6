"""Selling a gift voucher from the Sell tab (Ctrl+G): issue, then save it as PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.sale.voucher_sale import VoucherSaleDialog
from boxoffice.services.sales import vouchers
from tests.gui.sale.sale_support import sell_tab

pytestmark = pytest.mark.gui


def test_sell_a_voucher_and_save_it(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    tab = sell_tab(qtbot, ctx)
    tab.actions_by_name["voucher"].trigger()
    dialog = tab.voucher_dialog
    assert isinstance(dialog, VoucherSaleDialog)
    assert not dialog.issue_button.isEnabled()
    qtbot.keyClicks(dialog.value, "40")
    dialog.recipient.setText("Grace")
    dialog.expires_on.setChecked(True)
    dialog.issue_button.click()
    info = dialog.voucher
    assert info is not None and info.value == Decimal("40.00") and info.expires_at is not None
    assert info.number in dialog.outcome.text() and info.code in dialog.outcome.text()
    assert not dialog.issue_button.isEnabled()  # one click, one voucher
    target = tmp_path / "voucher.pdf"
    dialog.save_pdf(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    shown = vouchers.voucher_info(ctx.db, ctx.actor, info.code)
    assert shown.balance == Decimal("40.00") and shown.recipient == "Grace"
    qtbot.wait(20)
    dialog.grab().save("/tmp/codes/voucher-sale.png")
    dialog.accept()
    tab.shutdown()
