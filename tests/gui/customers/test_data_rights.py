"""The Customers tab's data-rights buttons: export, erase and merge (managers), and the
consent source in the customer dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.customers.erase_dialog import EraseDialog
from boxoffice.gui.customers.merge_dialog import MergeDialog
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from tests.gui.conftest import MessageLog
from tests.gui.customers.test_customers import book, customers_tab, search

pytestmark = pytest.mark.gui


def test_a_clerk_sees_no_data_rights_buttons(qtbot: QtBot, ctx: AppContext) -> None:
    tab = customers_tab(qtbot, ctx)
    search(qtbot, tab, "alice")
    assert tab.rights.isHidden()


def test_export_then_erase(
    qtbot: QtBot, manager_ctx: AppContext, manager_messages: MessageLog, tmp_path: Path
) -> None:
    tab = customers_tab(qtbot, manager_ctx)
    search(qtbot, tab, "alice")
    alice = tab.customer
    assert alice.name == "Alice Martin" and tab.rights.isVisible()
    assert "marketing e-mails: yes (demo data" in tab.contact_label.text()
    tab.grab().save(str(tmp_path / "customers.png"))

    tab.rights.export(tmp_path)
    [written] = list(tmp_path.glob("customer-*.json"))
    assert json.loads(written.read_text(encoding="utf-8"))["customer"]["name"] == "Alice Martin"
    assert list(tmp_path.glob("customer-*.pdf"))
    assert "Customer data written to" in manager_messages.infos[-1]

    tab.rights.erase()
    dialog = tab.rights.dialog
    assert isinstance(dialog, EraseDialog)
    text = dialog.summary.text()
    assert "Alice Martin" in text and "Kept, anonymous: bookings" in text
    dialog.reason.clear()
    dialog.save()
    assert dialog.error.isVisible() and "reason" in dialog.error.text()
    dialog.reason.setText("letter of 3 December")
    dialog.save()
    assert "erased" in manager_messages.infos[-1]
    assert tab.customer is None
    search(qtbot, tab, "alice")
    assert tab.search.model.rowCount() == 0
    erased = customers.get_customer(manager_ctx.db, manager_ctx.actor, alice.id)
    assert erased.erased and erased.name == "Erased customer"


def test_merge_into_another_customer(
    qtbot: QtBot, manager_ctx: AppContext, manager_messages: MessageLog, tmp_path: Path
) -> None:
    dup = customers.create_customer(
        manager_ctx.db, manager_ctx.actor, "Bruno Costa", "", "+44 7700 900123"
    )
    reference = book(manager_ctx, dup.id)
    tab = customers_tab(qtbot, manager_ctx)
    search(qtbot, tab, "Bruno")
    assert tab.search.model.rowCount() == 2
    tab.search.select_row(next(i for i, c in enumerate(tab.search.model.records) if c.id == dup.id))
    assert tab.customer.id == dup.id

    tab.rights.merge()
    dialog = tab.rights.dialog
    assert isinstance(dialog, MergeDialog)
    dup_row = next(i for i, c in enumerate(dialog.search.model.records) if c.id == dup.id)
    dialog.search.select_row(dup_row)
    assert not dialog.save_button.isEnabled()  # the duplicate itself is no target
    keep_row = next(i for i, c in enumerate(dialog.search.model.records) if c.id != dup.id)
    dialog.search.select_row(keep_row)
    assert dialog.save_button.isEnabled()
    assert f"Customer {dup.id} is removed" in dialog.summary.text()
    dialog.grab().save(str(tmp_path / "merge.png"))
    dialog.save()
    assert "Merged customer" in manager_messages.infos[-1]
    assert tab.customer.name == "Bruno Costa" and tab.customer.id != dup.id
    assert tab.customer.phone  # Bruno had a phone already; kept
    search(qtbot, tab, "Bruno")
    assert tab.search.model.rowCount() == 1
    kept = tab.customer.id
    assert reference in {
        b.reference for b in bookings.customer_bookings(manager_ctx.db, manager_ctx.actor, kept)
    }


def test_consent_source_is_recorded_from_the_dialog(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = CustomerDialog(ctx, name="Cleo Ray")
    qtbot.addWidget(dialog)
    dialog.email.setText("cleo@example.org")
    dialog.marketing.setChecked(True)
    dialog.consent_source.setText("phone call")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save()
    info = saved.args[0]
    assert info.marketing_opt_in and info.consent_source == "phone call" and info.consent_at
