"""This desk's thermal (ESC/POS) printer: remembered per desk, used for tickets and receipts
instead of the CUPS/QPrinter queue when chosen, and for the cash drawer's kick.

Printing and kicking run on a worker (the printer may take seconds to time out): a sale never
waits on them; a printer that is off is reported through the message bridge.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.tender import CashTender, Tender
from boxoffice.gui.context import AppContext
from boxoffice.i18n import N_, _
from boxoffice.printing import escpos_out
from boxoffice.printing.raster import render_page
from boxoffice.printing.thermal import ThermalPrinter, thermal_printer
from boxoffice.services.tickets.layout import Document, Page
from boxoffice.services.tickets.pdf import booking_document, record_print

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeskSetting:
    key: str
    default: str | int | bool
    description: str


CONNECTION = DeskSetting(
    "thermal/connection", "", N_("network, usb or cups; empty: no thermal printer")
)
ADDRESS = DeskSetting("thermal/address", "", N_("host:port, vendor:product (hex) or CUPS queue"))
PAPER = DeskSetting("thermal/paper_mm", 80, N_("Roll width: 58 or 80 mm."))
PIN = DeskSetting("thermal/drawer_pin", 2, N_("The cash drawer's kick pin: 2 or 5."))
TICKETS = DeskSetting(
    "thermal/tickets", False, N_("Print tickets and receipts on it instead of the ticket printer.")
)
DRAWER = DeskSetting("thermal/drawer", True, N_("A cash drawer hangs on it: kick it for cash."))
SETTINGS = (CONNECTION, ADDRESS, PAPER, PIN, TICKETS, DRAWER)


def _flag(settings: QSettings, setting: DeskSetting) -> bool:
    value = settings.value(setting.key, setting.default)
    return value not in (False, "false", "0", 0)  # INI files hand booleans back as text


def printer_of(settings: QSettings) -> ThermalPrinter | None:
    """The desk's thermal printer, or None (none set up, or the saved values no longer check)."""
    connection = str(settings.value(CONNECTION.key, CONNECTION.default) or "")
    if not connection:
        return None
    try:
        return thermal_printer(
            connection,
            str(settings.value(ADDRESS.key, ADDRESS.default) or ""),
            int(str(settings.value(PAPER.key, PAPER.default))),
            int(str(settings.value(PIN.key, PIN.default))),
        )
    except (BoxOfficeError, ValueError):
        return None


def prints_tickets(settings: QSettings) -> bool:
    return printer_of(settings) is not None and _flag(settings, TICKETS)


def has_drawer(settings: QSettings) -> bool:
    return printer_of(settings) is not None and _flag(settings, DRAWER)


def remember(
    settings: QSettings, printer: ThermalPrinter | None, tickets: bool, drawer: bool
) -> None:
    """Keep *printer* (None: none) and its uses for this desk."""
    settings.setValue(CONNECTION.key, printer.connection.value if printer else "")
    settings.setValue(ADDRESS.key, printer.address if printer else "")
    settings.setValue(PAPER.key, printer.paper_mm if printer else PAPER.default)
    settings.setValue(PIN.key, printer.drawer_pin if printer else PIN.default)
    settings.setValue(TICKETS.key, tickets)
    settings.setValue(DRAWER.key, drawer)
    settings.sync()


def _in_background(ctx: AppContext, job: Callable[[], None]) -> None:
    """Run *job* on its own thread; a printer error becomes a warning on the desk.

    Not the task runner's pools: a printer timing out must hold up no database call.
    """

    def run() -> None:
        try:
            job()
        except BoxOfficeError as exc:
            ctx.messages.warning.emit(exc.message)  # a queued signal: shown on the GUI thread
        except Exception:
            log.exception("thermal printer job failed")

    threading.Thread(target=run, name="thermal-printer", daemon=True).start()


def drawer_kicker(ctx: AppContext) -> Callable[[], None]:
    """What the Till tab calls after a hand opening is recorded: kick the drawer, if any."""

    def kick() -> None:
        printer = printer_of(ctx.settings)
        if printer is None or not has_drawer(ctx.settings):
            ctx.messages.warning.emit(
                _("No cash drawer printer is set up at this desk: open the drawer with its key.")
            )
            return
        _in_background(ctx, lambda: escpos_out.kick_drawer(printer))

    return kick


def cash_kicker(ctx: AppContext) -> Callable[[Sequence[Tender]], None]:
    """What a sale calls once it is saved, from its worker: open the drawer if cash was taken.

    Made on the GUI thread (it reads the desk's settings); the kick runs on its own thread.
    """
    printer = printer_of(ctx.settings) if has_drawer(ctx.settings) else None

    def kick(tenders: Sequence[Tender]) -> None:
        if printer is not None and any(isinstance(t, CashTender) for t in tenders):
            _in_background(ctx, lambda: escpos_out.kick_drawer(printer))

    return kick


def print_booking_thermal(
    ctx: AppContext, reference: str, pick: Callable[[Document], list[Page]]
) -> bool:
    """Print the booking on the desk's thermal printer if it prints tickets; False otherwise.

    The receipt-roll layout is used; the document comes from a worker, *pick* chooses its
    pages (tickets, receipt, a reissued ticket) as for the ticket printer.
    """
    printer = printer_of(ctx.settings)
    if printer is None or not prints_tickets(ctx.settings):
        return False
    stock = "receipt"

    def printed(document: Document) -> None:
        pages = pick(document)
        if not pages:
            ctx.messages.error.emit(
                _("There is nothing to print: the booking has no valid tickets.")
            )
            return

        def job() -> None:
            images = [render_page(p, document.stock, printer.dots) for p in pages]
            escpos_out.print_images(printer, images, title=document.title)
            ctx.messages.info.emit(
                _("Printed {reference} on the {describe}.").format(
                    reference=reference, describe=printer.describe()
                )
            )

        _in_background(ctx, job)
        ctx.services.run_write(
            record_print,
            reference,
            document.stock.key,
            printer.describe()[:64],
            len(pages),
            on_error=ctx.messages.report,
        )

    ctx.services.run(
        booking_document, reference, stock, on_done=printed, on_error=ctx.messages.report
    )
    return True


def print_lines(ctx: AppContext, lines: Sequence[tuple[str, str, bool]], title: str) -> bool:
    """Print rows of (left, right, bold) text on the desk's thermal printer (a Z-report);
    False if the desk has none."""
    from boxoffice.printing.raster import text_lines_image

    printer = printer_of(ctx.settings)
    if printer is None:
        return False

    def job() -> None:
        escpos_out.print_images(printer, [text_lines_image(list(lines), printer.dots)], title=title)
        ctx.messages.info.emit(
            _("{title} printed on the {describe}.").format(title=title, describe=printer.describe())
        )

    _in_background(ctx, job)
    return True
