"""The Discount codes tab: create a code scoped to one event's tier, see its redemption after a
sale, disable it; a bad form says what to fix."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.tender import CashTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.codes import DiscountCodesTab
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import discount_codes as dc
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.catalog import EventQuery
from tests.gui.conftest import MessageLog

pytestmark = pytest.mark.gui


def test_create_sell_see_redemption_disable(
    qtbot: QtBot, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    ctx = manager_ctx
    tab = DiscountCodesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    assert tab.count.text() == "3 codes · 2 active"  # the demo's
    tab.new_button.click()
    form = tab.form
    assert form.isVisible()
    form.code.setText("friends")
    form.create_button.click()
    assert form.problem.text() == "Type how much the code takes off."
    form.value.setText("20")
    indie = next(
        e
        for e in catalog.search_events(ctx.db, ctx.actor, EventQuery())
        if e.title == "Indie Showcase"
    )
    form.event_box.setCurrentIndex(form.event_box.findData(indie.id))
    assert form.tiers.count() >= 1
    form.tiers.item(0).setCheckState(Qt.CheckState.Checked)
    form.use_limit.setValue(10)
    tab.grab().save("/tmp/codes/codes-form.png")
    form.create_button.click()
    assert not form.isVisible()
    assert tab.count.text() == "4 codes · 3 active"
    info = tab.selected()
    assert info is not None and info.code == "FRIENDS" and info.event_ids == (indie.id,)
    assert len(info.tier_ids) == 1 and info.use_limit == 10
    # A sale with the code shows up as a redemption.
    tier = info.tier_ids[0]
    hold = holds.hold_general_admission(ctx.db, ctx.actor, indie.id, tier, 2)
    priced = dc.price_hold(ctx.db, ctx.actor, hold.hold_id, ["FRIENDS"])
    assert priced is not None and priced.total == hold.total * Decimal("0.8")
    paid = [CashTender(priced.total, priced.total)]
    result = checkout.checkout(ctx.db, ctx.actor, hold.hold_id, paid, "tab", codes=["FRIENDS"])
    tab.reload()
    assert tab.redemptions.rowCount() == 1
    assert tab.redemptions.index(0, 0).data() == result.reference
    assert "used 1 of 10" in tab.detail.text()
    qtbot.wait(20)  # let the layout settle after the form closed
    tab.grab().save("/tmp/codes/codes-tab.png")
    tab.disable_button.click()
    row = next(r for r in range(tab.codes.rowCount()) if tab.codes.index(r, 0).data() == "FRIENDS")
    assert tab.codes.index(row, 5).data() == "disabled"
    assert not tab.disable_button.isEnabled()
    assert manager_messages.errors == []
