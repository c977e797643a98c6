"""docs/sign-in.png, docs/sell.png, docs/payment.png, docs/customers.png: the clerk's screens
with the desk's stylesheet, on the demo data.

Written to docs/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder (the grab itself is
still checked: right size, not blank).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.domain.tender import CashTender
from boxoffice.gui.app import load_stylesheet
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.sale.payment_dialog import CARD
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services import cards, checkout, customers, holds
from tests.gui.sale_support import open_event

pytestmark = pytest.mark.gui

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return DOCS if os.environ.get("BOXOFFICE_WRITE_DOCS") == "1" else tmp_path


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The desk's look (Fusion + QSS) for the grab; the plain look again afterwards."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    qapp.setStyle("Fusion")
    qapp.setStyleSheet(load_stylesheet())
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def save(widget: QWidget, path: Path) -> None:
    image = widget.grab().toImage()
    assert image.save(str(path))
    saved = QImage(str(path))
    assert saved.size() == image.size() and saved.width() >= 400
    # Not blank: a real screen has many colours.
    colours = {
        saved.pixel(x, y) for x in range(0, saved.width(), 23) for y in range(0, saved.height(), 23)
    }
    assert len(colours) > 8


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_screenshots(qtbot: QtBot, ctx: AppContext, folder: Path, styled: None) -> None:
    sign_in = SignInDialog(
        ctx.db,
        SyncTaskRunner(),
        "sqlite:///~/.local/share/boxoffice/demo.sqlite3",
        "front-desk",
        demo=True,
    )
    qtbot.addWidget(sign_in)
    sign_in.show()
    qtbot.keyClicks(sign_in.username, "clerk")
    qtbot.keyClicks(sign_in.password, "clerk-demo")
    sign_in.adjustSize()
    save(sign_in, folder / "sign-in.png")

    alice = customers.find_customers(ctx.db, ctx.actor, "alice")[0]
    cards.add_card(
        ctx.db, ctx.actor, alice.id, "4242424242424242", 11, 2030, "Alice Martin", make_default=True
    )
    window = MainWindow(ctx, "sqlite:///~/.local/share/boxoffice/demo.sqlite3")
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    open_event(qtbot, sell, "Hamlet")
    sell.attach_customer(alice)
    sell.best.quantity.setValue(4)
    sell.best.submit()
    qtbot.wait(50)
    save(window, folder / "sell.png")

    sell.open_payment()
    pay = sell.payment_dialog
    assert pay is not None
    pay.cash.tendered.setText("100")
    pay.add_current()
    pay.methods.setCurrentIndex(CARD)
    pay.card.number.set_digits("5555555555554444")
    pay.card.expiry.setText("08/29")
    pay.card.cvv.setText("123")
    pay.card.holder.setText("Alice Martin")
    pay.terms.setChecked(True)
    pay.adjustSize()
    save(pay, folder / "payment.png")
    pay.reject()

    hold = holds.best_available(ctx.db, ctx.actor, sell.controller.event_detail.id, 2)  # type: ignore[union-attr]
    checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        str(uuid.uuid4()),
        alice.id,
    )
    window.show_tab("customers")
    tab = window.pages["customers"]
    tab.search.edit.setText("alice")  # type: ignore[attr-defined]
    tab.search.search_now()  # type: ignore[attr-defined]
    qtbot.wait(50)
    save(window, folder / "customers.png")
