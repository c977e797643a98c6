"""docs/sign-in.png, docs/sell.png, docs/payment.png, docs/customers.png: the clerk's screens
with the desk's stylesheet, on the demo data; the same with ``-high-contrast`` in the name in
the high-contrast theme.

Written to docs/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder (the grab itself is
still checked: right size, not blank).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.domain.tender import CashTender
from boxoffice.gui import theme
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.payment_dialog import CARD
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.people import customers
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales import saved_cards as cards
from tests.gui.sale.sale_support import open_event
from tests.gui.screens import save as save_screen
from tests.gui.screens import show_window

pytestmark = pytest.mark.gui

URL = "sqlite:///~/.local/share/boxoffice/demo.sqlite3"


def save(widget: QWidget, path: Path) -> None:
    # Dialogs are small: at least 400 wide, more than 8 colours on a 23-pixel grid (7 pixels in
    # high contrast, which is mostly black and white by design).
    step = 23 if theme.current() is theme.STANDARD else 7
    save_screen(widget, path, min_width=400, step=step, min_colours=8)


def png(stem: str, key: str) -> str:
    return f"{stem}.png" if key == theme.STANDARD.key else f"{stem}-{key}.png"


@pytest.mark.parametrize("key", sorted(theme.THEMES))
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_screenshots(
    qtbot: QtBot, qapp: QApplication, ctx: AppContext, screens_folder: Path, styled: None, key: str
) -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # no half-gone widgets
    theme.apply(qapp, key)
    try:
        _screens(qtbot, ctx, screens_folder, key)
    finally:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        theme.apply(qapp, theme.STANDARD.key)


def _screens(qtbot: QtBot, ctx: AppContext, screens_folder: Path, key: str) -> None:
    sign_in = SignInDialog(
        ctx.db,
        SyncTaskRunner(),
        URL,
        "front-desk",
        demo=True,
    )
    qtbot.addWidget(sign_in)
    sign_in.show()
    qtbot.keyClicks(sign_in.username, "clerk")
    qtbot.keyClicks(sign_in.password, "clerk-demo")
    sign_in.adjustSize()
    save(sign_in, screens_folder / png("sign-in", key))

    alice = customers.find_customers(ctx.db, ctx.actor, "alice")[0]
    cards.add_card(
        ctx.db, ctx.actor, alice.id, "4242424242424242", 11, 2030, "Alice Martin", make_default=True
    )
    window = show_window(qtbot, ctx, URL)
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    open_event(qtbot, sell, "Hamlet")
    sell.attach_customer(alice)
    sell.best.quantity.setValue(4)
    sell.best.submit()
    qtbot.wait(50)
    save(window, screens_folder / png("sell", key))

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
    save(pay, screens_folder / png("payment", key))
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
    save(window, screens_folder / png("customers", key))
