"""Every screen fits a 1366×768 desk: the main window with each tab built (the Seat monitor
watching four events) and the dialogs never ask for more than that (issue 15.1)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.domain.tender import CashTender
from boxoffice.gui.about import AboutDialog
from boxoffice.gui.bookings.exchange_dialog import ExchangeDialog
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.gui.manager.monitor import MonitorTab
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.sale.share_dialog import ShareEventDialog
from boxoffice.gui.setup.wizard import SetupWizard
from boxoffice.gui.sign_in import SignInDialog
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from boxoffice.services.sales import holds, monitor
from boxoffice.services.sales import purchase as checkout
from tests.gui.sale.sale_support import open_event

pytestmark = [pytest.mark.gui, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]

SCREEN = QSize(1366, 768)
# What the window manager's title bar and a desktop panel take from 768 pixels.
FRAME = QSize(0, 60)


def fits(widget: QWidget, room: QSize = SCREEN - FRAME) -> bool:
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return need.width() <= room.width() and need.height() <= room.height()


def test_the_main_window_fits_with_every_tab_and_four_watched_events(
    qtbot: QtBot, make_ctx: Callable[..., AppContext], styled: None
) -> None:
    ctx: AppContext = make_ctx("admin")
    window = MainWindow(ctx, "sqlite:///~/.local/share/boxoffice/demo.sqlite3")
    qtbot.addWidget(window)
    window.resize(SCREEN - FRAME)
    window.show()
    for spec in window.specs:
        window.show_tab(spec.key)
        qtbot.wait(5)
        assert fits(window), (spec.key, window.minimumSizeHint())
    window.show_tab("monitor")
    tab = window.pages["monitor"]
    assert isinstance(tab, MonitorTab)
    for event in monitor.monitor_events(ctx.db, ctx.actor)[:4]:
        tab.events.set_checked(event.id, True)
    qtbot.waitUntil(lambda: len(tab.panels) == 4 and all(p.loaded for p in tab.panels.values()))
    qtbot.wait(5)
    assert fits(window), window.minimumSizeHint()
    # Really laid out at that size: no panel squeezed below what it asks for.
    for panel in tab.panels.values():
        assert panel.width() >= panel.minimumSizeHint().width()
        assert panel.height() >= panel.minimumSizeHint().height()


def test_the_dialogs_fit(
    qtbot: QtBot, ctx: AppContext, desk_settings: QSettings, styled: None, qapp: QApplication
) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    window.resize(SCREEN - FRAME)
    window.show()
    sell = window.pages["sell"]
    assert isinstance(sell, SellTab)
    open_event(qtbot, sell, "Hamlet")
    sell.best.quantity.setValue(2)
    sell.best.submit()
    sell.open_payment()
    payment = sell.payment_dialog
    assert payment is not None

    event_id = sell.controller.event_detail.id  # type: ignore[union-attr]
    hold = holds.best_available(ctx.db, ctx.actor, event_id, 1)
    alice = customers.find_customers(ctx.db, ctx.actor, "alice")[0]
    reference = checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        str(uuid.uuid4()),
        alice.id,
    ).reference
    detail = bookings.get_booking(ctx.db, ctx.actor, reference)
    dialogs: list[QWidget] = [
        payment,
        ShareEventDialog(ctx, event_id),
        ExchangeDialog(ctx, detail, list(detail.tickets), customer=alice),
        AboutDialog(ctx),
        SignInDialog(ctx.db, SyncTaskRunner(), "server", "front-desk", demo=True),
        SetupWizard(SyncTaskRunner(), desk_settings),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(5)
        assert fits(dialog), (type(dialog).__name__, dialog.minimumSizeHint())
        dialog.close()
