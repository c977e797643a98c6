"""Printing to a real CUPS queue backed by cups-pdf; the QR codes are read back with zbarimg.

Setup (root, once per machine; see the report / .ci/run)::

    cupsd
    lpadmin -p BoxOfficePDF -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd

Skipped with the reason when no such queue exists, unless BOXOFFICE_REQUIRE_CUPS=1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.db.models import AuditLog
from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets import desk_settings, preview_booking, print_booking
from boxoffice.gui.tickets.print_dialog import TicketPrintDialog
from tests.gui.conftest import MessageLog
from tests.printing.support import (
    QUEUE,
    cups_pdf_files,
    cups_queue_problem,
    pick,
    qr_codes_in_pdf,
    wait_for_cups_pdf,
)

pytestmark = [pytest.mark.printing, pytest.mark.gui]


@pytest.fixture
def queue() -> Iterator[str]:
    problem = cups_queue_problem()
    if problem:
        if os.environ.get("BOXOFFICE_REQUIRE_CUPS") == "1":
            pytest.fail(problem)
        pytest.skip(f"printing tests skipped: {problem}")
    yield QUEUE


def _audited_prints(ctx: AppContext) -> list[str]:
    with ctx.db.session() as s:
        return list(s.scalars(select(AuditLog.detail).where(AuditLog.action == "ticket.print")))


def test_enter_prints_the_whole_booking_on_the_desk_printer(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog, queue: str, tmp_path: object
) -> None:
    booking = pick(ctx.db, seated=True, min_tickets=3)
    desk_settings.remember(ctx.settings, queue, "thermal", True)
    before = cups_pdf_files()
    assert print_booking(ctx, booking.reference, None) is None  # no dialog: printed at once
    assert messages.errors == []
    assert messages.infos == [
        f"Printed {len(booking.tickets)} tickets of {booking.reference} on {queue}."
    ]
    out = wait_for_cups_pdf(f"Tickets {booking.reference}", before)
    pages = qr_codes_in_pdf(out)
    assert [p for p in pages if p] == [[t.code] for t in booking.tickets]
    assert len(pages) > len(booking.tickets)  # the receipt came too
    assert len(_audited_prints(ctx)) == 1 and queue in _audited_prints(ctx)[0]


def test_threaded_print_paints_and_spools_off_the_gui_thread(
    qtbot: QtBot, threaded_ctx: AppContext, queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the real TaskRunner the job is painted and handed to CUPS on a worker (the hand-over
    blocks until the print server answers), and the PDF still carries every ticket's code."""
    import threading

    from boxoffice.gui.tickets import printing

    ctx = threaded_ctx
    log = MessageLog()
    log.attach(ctx.messages)
    threads: list[bool] = []
    real = printing.print_document

    def spy(*args: object, **kwargs: object) -> int:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(printing, "print_document", spy)
    booking = pick(ctx.db, seated=True, min_tickets=2)
    desk_settings.remember(ctx.settings, queue, "a4", False)
    before = cups_pdf_files()
    assert print_booking(ctx, booking.reference, None) is None
    qtbot.waitUntil(lambda: bool(log.infos or log.errors), timeout=30_000)
    assert log.errors == []
    assert threads == [False]  # printed once, not on the GUI thread
    out = wait_for_cups_pdf(f"Tickets {booking.reference}", before)
    assert [p for p in qr_codes_in_pdf(out) if p] == [[t.code] for t in booking.tickets]
    qtbot.waitUntil(lambda: len(_audited_prints(ctx)) == 1, timeout=30_000)


def test_dialog_choice_is_remembered_and_used(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog, queue: str
) -> None:
    booking = pick(ctx.db, seated=False, min_tickets=2)
    dialog = print_booking(ctx, booking.reference, None, ask=True)
    assert isinstance(dialog, TicketPrintDialog)
    qtbot.addWidget(dialog)
    dialog.printers.setCurrentText(queue)
    dialog.stocks.setCurrentIndex(dialog.stocks.findData("receipt"))
    dialog.receipt_box.setChecked(False)
    before = cups_pdf_files()
    dialog.accept()
    assert messages.errors == []
    out = wait_for_cups_pdf(f"Tickets {booking.reference}", before)
    assert qr_codes_in_pdf(out) == [[t.code] for t in booking.tickets]  # tickets only
    assert desk_settings.printer(ctx.settings) == queue
    assert desk_settings.stock(ctx.settings) == "receipt"
    assert desk_settings.print_receipt(ctx.settings) is False


def test_preview_print_button_prints_what_it_shows(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog, queue: str
) -> None:
    booking = pick(ctx.db, seated=True, min_tickets=2)
    desk_settings.remember(ctx.settings, queue, "a4", True)
    dialog = preview_booking(ctx, booking.reference, None)
    qtbot.addWidget(dialog)
    assert dialog.printers.currentText() == queue
    shown = dialog.view.pageCount()
    before = cups_pdf_files()
    with qtbot.waitSignal(dialog.printed, timeout=10_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [shown]
    out = wait_for_cups_pdf(f"Tickets {booking.reference}", before)
    pages = qr_codes_in_pdf(out)
    assert len(pages) == shown
    assert [p for p in pages if p] == [[t.code] for t in booking.tickets]
    assert messages.errors == []
    assert len(_audited_prints(ctx)) == 1
