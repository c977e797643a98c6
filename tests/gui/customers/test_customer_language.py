"""The customer form's language choice: stored with the customer, shown again when editing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.services.people import customers

pytestmark = pytest.mark.gui


def test_the_customer_form_stores_the_language_of_their_documents(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    dialog = CustomerDialog(ctx, name="Amélie Roux")
    qtbot.addWidget(dialog)
    choices = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert choices == ["", "en", "de", "fr"]  # the desk's language first, the default
    assert dialog.language.currentData() == ""
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.show()
    dialog.grab().save(str(tmp_path / "customer-language.png"))
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save()
    info = saved.args[0]
    assert info.language == "fr"
    assert customers.get_customer(ctx.db, ctx.actor, info.id).language == "fr"

    again = CustomerDialog(ctx, customer=info)
    qtbot.addWidget(again)
    assert again.language.currentData() == "fr"
    again.language.setCurrentIndex(0)
    with qtbot.waitSignal(again.saved) as saved:
        again.save()
    assert saved.args[0].language == ""
