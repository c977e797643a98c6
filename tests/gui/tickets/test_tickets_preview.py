"""Ticket preview and the print flow (without a printer: the CUPS tests are in tests/printing)."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinterInfo
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets import desk_settings, preview_booking, print_booking
from boxoffice.gui.tickets.print_dialog import TicketPrintDialog
from boxoffice.services.tickets.layout import QrCode
from tests.gui.conftest import MessageLog
from tests.printing.support import pick

pytestmark = pytest.mark.gui


def test_preview_shows_every_ticket_and_the_receipt(qtbot: QtBot, ctx: AppContext) -> None:
    booking = pick(ctx.db, min_tickets=3)
    ctx.settings.setValue(desk_settings.STOCK.key, "thermal")
    dialog = preview_booking(ctx, booking.reference, None)
    qtbot.addWidget(dialog)
    assert dialog.document is not None
    assert dialog.document.stock.key == "thermal"
    qr = [i for p in dialog.document.pages for i in p.items if isinstance(i, QrCode)]
    assert [q.text for q in qr] == [t.code for t in booking.tickets]
    assert dialog.view.pageCount() == len(dialog.document.pages)
    assert dialog.status.text() == f"{len(booking.tickets)} tickets"

    # Without the receipt only the tickets are shown (and would print).
    dialog.receipt_box.setChecked(False)
    assert dialog.view.pageCount() == len(booking.tickets)

    # Another stock lays the booking out again.
    with qtbot.waitSignal(dialog.document_loaded, timeout=5000):
        dialog.stocks.setCurrentIndex(dialog.stocks.findData("a4"))
    assert dialog.document.stock.key == "a4"
    assert dialog.view.pageCount() == len(booking.tickets)
    dialog.close()


def test_preview_of_unknown_booking_reports_the_error(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    dialog = preview_booking(ctx, "ZZZZ-ZZZZ", None)
    qtbot.addWidget(dialog)
    assert dialog.document is None
    assert not dialog.print_button.isEnabled()
    assert messages.errors == ["There is no booking ZZZZ-ZZZZ."]
    dialog.close()


def test_first_print_asks_for_printer_and_stock(qtbot: QtBot, ctx: AppContext) -> None:
    booking = pick(ctx.db)
    ctx.settings.setValue(desk_settings.PRINTER.key, "No Such Printer")
    ctx.settings.setValue(desk_settings.STOCK.key, "receipt")
    dialog = print_booking(ctx, booking.reference, None)
    assert isinstance(dialog, TicketPrintDialog)
    qtbot.addWidget(dialog)
    assert dialog.stock_key == "receipt" and dialog.receipt
    names = [dialog.printers.itemText(i) for i in range(dialog.printers.count())]
    assert sorted(names) == sorted(QPrinterInfo.availablePrinterNames())
    assert "No Such Printer" not in names


def test_print_without_any_printer_is_a_clear_message(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    booking = pick(ctx.db)
    ctx.settings.setValue(desk_settings.PRINTER.key, "No Such Printer")
    assert print_booking(ctx, booking.reference, None, ask=False) is None
    assert messages.errors and "No ticket printer" in messages.errors[0]


def test_desk_settings_round_trip(ctx: AppContext) -> None:
    s = ctx.settings
    assert desk_settings.stock(s) == "a4" and desk_settings.print_receipt(s)
    desk_settings.remember(s, "Desk 3", "thermal", False)
    assert desk_settings.printer(s) == "Desk 3"
    assert desk_settings.stock(s) == "thermal"
    assert desk_settings.print_receipt(s) is False
    s.setValue(desk_settings.STOCK.key, "papyrus")
    assert desk_settings.stock(s) == "a4"
