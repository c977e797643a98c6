"""The Till tab on the demo database: open with a float, pay in/out, the drawer by hand, close
with a count and a manager's sign-off; a manager sees the other desks' tills."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets import thermal
from boxoffice.gui.till.cash_dialog import CashDialog
from boxoffice.gui.till.close_dialog import CloseTillDialog
from boxoffice.gui.till.open_dialog import OpenTillDialog
from boxoffice.gui.till.tab import TillTab
from boxoffice.printing.thermal import thermal_printer
from boxoffice.services.demo import demo_password
from boxoffice.services.till import open_session, pay_in, pay_out
from tests.gui.conftest import MessageLog
from tests.gui.screens import TAB_SIZE, save
from tests.printing.escpos_support import PrinterListener, raster_images

pytestmark = pytest.mark.gui

D = Decimal


def _tab(qtbot: QtBot, ctx: AppContext, kicks: list[int] | None = None) -> TillTab:
    tab = TillTab(ctx, kick_drawer=(lambda: kicks.append(1)) if kicks is not None else None)
    qtbot.addWidget(tab)
    tab.resize(*TAB_SIZE)
    tab.show()
    return tab


def _ok(dialog: object) -> None:
    buttons = dialog.buttons  # type: ignore[attr-defined]
    assert isinstance(buttons, QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_open_pay_in_out_drawer_and_close(
    qtbot: QtBot,
    ctx: AppContext,
    messages: MessageLog,
    tmp_path: Path,
    screens_folder: Path,
    styled: None,
) -> None:
    kicks: list[int] = []
    tab = _tab(qtbot, ctx, kicks)
    assert "closed" in tab.status.text()
    assert not tab.close_button.isEnabled()

    tab.open_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, OpenTillDialog)
    dialog.form.spins[D("20")].setValue(5)
    dialog.form.spins[D("0.50")].setValue(10)
    assert dialog.form.total_label.text() == "Counted: €105.00"
    _ok(dialog)
    assert "open" in tab.status.text() and tab.expected_label.text() == "€105.00"

    tab.pay_in_button.click()
    cash = tab.dialog
    assert isinstance(cash, CashDialog)
    cash.amount.setText("20")
    cash.reason.setText("change from the safe")
    _ok(cash)
    tab.pay_out_button.click()
    cash = tab.dialog
    assert isinstance(cash, CashDialog)
    cash.amount.setText("-3")
    cash.reason.setText("oops")
    _ok(cash)
    assert messages.errors[-1] == "The amount must be more than zero (got -3.00)."
    tab.drawer_button.click()
    cash = tab.dialog
    assert isinstance(cash, CashDialog)
    cash.reason.setText("change for the bar")
    _ok(cash)
    assert kicks == [1]
    assert tab.expected_label.text() == "€125.00"
    assert tab.movements.rowCount() == 1

    tab.close_button.click()
    closing = tab.dialog
    assert isinstance(closing, CloseTillDialog)
    closing.form.spins[D("100")].setValue(1)
    closing.form.spins[D("20")].setValue(1)
    assert closing.variance_label.text().startswith("-€5.00")
    closing.manager.setText("manager")
    closing.password.setText("wrong password")
    _ok(closing)
    assert "Wrong user name or password" in messages.errors[-1]
    assert tab.close_button.isEnabled()  # still open: nothing lost

    tab.close_button.click()
    closing = tab.dialog
    assert isinstance(closing, CloseTillDialog)
    closing.form.spins[D("100")].setValue(1)
    closing.form.spins[D("20")].setValue(1)
    closing.manager.setText("manager")
    closing.password.setText(demo_password("manager"))
    closing.reason.setText("A five short: counted twice")
    closing.adjustSize()
    save(closing, screens_folder / "till-close.png", 300, 12, 3)
    _ok(closing)
    assert messages.infos[-1] == (
        "The till is closed: counted €120.00, variance -€5.00, signed off by manager."
    )
    assert "closed" in tab.status.text()

    tab.save_z_pdf(tmp_path / "z.pdf")
    assert (tmp_path / "z.pdf").read_bytes().startswith(b"%PDF")
    tab.print_z()
    assert messages.warnings[-1].startswith("No receipt printer is set up")
    printer = PrinterListener()
    try:
        thermal.remember(ctx.settings, thermal_printer("network", printer.address, 58), False, True)
        tab.print_z()
        [job] = printer.wait_jobs(1)
    finally:
        printer.close()
    [image] = raster_images(job)
    assert image.width == 384 and image.height > 400
    image.save(screens_folder / "z-report-thermal.png")


def test_manager_sees_other_desks_and_screenshot(
    qtbot: QtBot,
    make_ctx: Callable[..., AppContext],
    styled: None,
    screens_folder: Path,
) -> None:
    clerk = make_ctx("clerk")
    manager = make_ctx("manager")
    elsewhere = replace(clerk.actor, desk="desk-2")
    open_session(clerk.db, elsewhere, {"50": 2, "10": 5})
    open_session(clerk.db, clerk.actor, {"20": 5, "5": 4, "1": 10})
    pay_in(clerk.db, clerk.actor, "50.00", "Change from the safe")
    pay_out(clerk.db, clerk.actor, "12.40", "Flowers for the foyer")
    tab = _tab(qtbot, manager)
    assert tab.manager_box is not None
    first = tab.others.item(0, 0)
    assert tab.others.rowCount() == 1 and first is not None and first.text() == "desk-2"
    save(tab, screens_folder / "till.png", 900, 16, 4)


def test_a_till_left_open_is_said_at_sign_in(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    from boxoffice.gui.main_window import MainWindow

    open_session(ctx.db, ctx.actor, {"20": 1})
    window = MainWindow(ctx, "test")  # the desk starts again with the till still open
    qtbot.addWidget(window)
    assert any(
        w.startswith("The till of test-desk is still open: clerk") for w in messages.warnings
    )


def test_a_cash_sale_kicks_the_drawer_a_card_sale_does_not(ctx: AppContext) -> None:
    from boxoffice.domain.tender import CardTender, CashTender

    printer = PrinterListener()
    try:
        assert thermal.cash_kicker(ctx) is not None  # no printer: nothing happens
        thermal.cash_kicker(ctx)([CashTender(D("5.00"), D("5.00"))])
        thermal.remember(ctx.settings, thermal_printer("network", printer.address, 80), False, True)
        kick = thermal.cash_kicker(ctx)
        kick([CardTender(D("5.00"), "4242424242424242", 12, 2035, "123", "Ann")])
        kick([CashTender(D("5.00"), D("10.00"))])
        [job] = printer.wait_jobs(1)
        assert job == b"\x1b@\x1bp\x0022"  # ESC p on pin 2 (m=0)
    finally:
        printer.close()
    assert len(printer.jobs) == 1
