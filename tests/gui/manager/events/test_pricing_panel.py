"""The event editor's ticket types, fees and tax: loaded with the event, edited as text, saved
by one service call; a cell that is not a price says so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.tab import EventEditorTab
from boxoffice.services.events import FeeSetup, pricing_rules

pytestmark = pytest.mark.gui


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_a_manager_edits_types_fees_and_tax(qtbot: QtBot, manager_ctx: AppContext) -> None:
    tab = EventEditorTab(manager_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 1000)
    hamlet = next(r for r in tab.list_model.rows if r.title == "Hamlet")
    tab.open_event(hamlet.id)
    panel = tab.pricing
    qtbot.waitUntil(lambda: panel.types.rowCount() == 6)
    assert cell(panel.types, 1, 0) == "Child"
    assert cell(panel.types, 1, 4) == "50%"  # half off at the first tier
    assert panel.tax_name.text() == "VAT 20%"

    panel.types.setItem(1, 4, QTableWidgetItem("12.50"))  # Child: a fixed price at Premium
    panel.types.setItem(2, 5, QTableWidgetItem("half"))
    panel.save()
    assert "percentage off" in panel.note.text()  # nothing saved
    panel.types.setItem(2, 5, QTableWidgetItem("-5"))
    panel.fees.setRowCount(0)
    panel._add_fee(FeeSetup("Card fee", FeePer.ORDER, Decimal("0.75")))
    panel.save()
    qtbot.waitUntil(lambda: panel.note.text() == "Ticket types, fees and tax saved.")
    saved = pricing_rules(manager_ctx.db, manager_ctx.actor, hamlet.id)
    child = next(t for t in saved.types if t.name == "Child")
    premium = saved.tiers[0][0]
    assert [(p.tier_id, p.mode.value, p.value) for p in child.prices if p.tier_id == premium] == [
        (premium, "price", Decimal("12.50"))
    ]
    senior = next(t for t in saved.types if t.name == "Senior")
    assert any(p.mode.value == "off" and p.value == Decimal("5.00") for p in senior.prices)
    assert [(f.name, f.amount) for f in saved.fees] == [("Card fee", Decimal("0.75"))]
    tab.grab().save("/tmp/types/event_editor_pricing.png")
