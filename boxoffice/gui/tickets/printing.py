"""Printing a booking's tickets on this desk's printer (database work through ctx.services)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.messages import headless
from boxoffice.gui.tickets import desk_settings, painter, thermal
from boxoffice.gui.tickets.painter import paint_document, setup_printer
from boxoffice.gui.tickets.print_dialog import TicketPrintDialog
from boxoffice.i18n import _, ngettext
from boxoffice.services.packages.card import season_card
from boxoffice.services.tickets.layout import Document, Page, QrCode
from boxoffice.services.tickets.pdf import booking_document, record_print


class PrintFailed(BoxOfficeError):
    """The printer could not be used (gone, stopped, out of reach)."""


def page_codes(page: Page) -> set[str]:
    """The ticket codes printed as QR symbols on *page*."""
    return {item.text for item in page.items if isinstance(item, QrCode)}


def chosen_pages(
    document: Document, receipt: bool, codes: Collection[str] | None = None
) -> list[Page]:
    """The pages to print: all, or only the tickets whose code is in *codes* (no receipt then:
    a reissued ticket is printed on its own)."""
    if codes is not None:
        wanted = set(codes)
        return [p for p in document.pages if p.kind == "ticket" and page_codes(p) & wanted]
    return [p for p in document.pages if receipt or p.kind != "receipt"]


def print_document(
    document: Document,
    printer_name: str,
    receipt: bool = True,
    printer: QPrinter | None = None,
    codes: Collection[str] | None = None,
) -> int:
    """Send *document* to the local queue *printer_name* as one job; returns the page count.

    With *codes*, only the tickets with those codes are printed (see :func:`chosen_pages`)."""
    if printer_name not in QPrinterInfo.availablePrinterNames():
        raise PrintFailed(
            _("The printer {printer_name!r} is not installed on this computer.").format(
                printer_name=printer_name
            )
        )
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(printer_name)
    setup_printer(printer, document)
    pages = chosen_pages(document, receipt, codes)
    if not pages:
        if codes is not None:
            raise PrintFailed(
                _("There is nothing to print: the ticket is no longer valid or has a newer code.")
            )
        raise PrintFailed(_("There is nothing to print: the booking has no valid tickets."))
    done = paint_document(printer, document, pages)
    if done != len(pages) or printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintFailed(
            _("The printer {printer_name!r} refused the job.").format(printer_name=printer_name)
        )
    return done


def _anchor(parent: QWidget | None) -> QWidget | None:
    """The top-level window above *parent*: dialogs outlive the dialog that asked for them."""
    while parent is not None and parent.parentWidget() is not None:
        parent = parent.parentWidget()
    return parent


def send(
    ctx: AppContext,
    reference: str,
    printer_name: str,
    stock: str,
    receipt: bool,
    codes: Collection[str] | None = None,
) -> None:
    """Fetch the booking's document, print it (both on worker threads), then audit the print.

    With *codes*, only those tickets are printed (a reissued ticket)."""

    def fetched(document: Document) -> None:
        # Painting and spooling run on the writer thread: handing the job to CUPS blocks
        # until the print server answers (~100 ms here, far longer when it is busy), which on
        # the GUI thread froze the desk. QPainter may paint on a QPrinter in any thread; the
        # ticket fonts are registered here first, on the GUI thread. The writer keeps one
        # desk's jobs in order, with their print records after them.
        painter.family(True)
        painter.family(False)
        ctx.tasks.run_write(
            print_document,
            document,
            printer_name,
            receipt,
            None,
            codes,
            on_done=lambda pages: printed(document, pages),
            on_error=ctx.messages.report,
        )

    def printed(document: Document, pages: int) -> None:
        ctx.services.run_write(
            record_print,
            reference,
            document.stock.key,
            printer_name,
            pages,
            on_error=ctx.messages.report,
        )
        tickets = sum(1 for p in chosen_pages(document, receipt, codes) if p.kind == "ticket")
        ctx.messages.info.emit(
            ngettext(
                "Printed {tickets} ticket of {reference} on {printer_name}.",
                "Printed {tickets} tickets of {reference} on {printer_name}.",
                tickets,
            ).format(
                tickets=tickets,
                reference=reference,
                printer_name=printer_name,
            )
        )

    ctx.services.run(
        booking_document,
        reference,
        stock,
        on_done=fetched,
        on_error=ctx.messages.report,
    )


def print_booking(
    ctx: AppContext,
    reference: str,
    parent: QWidget | None = None,
    ask: bool | None = None,
    codes: Collection[str] | None = None,
) -> TicketPrintDialog | None:
    """Print all tickets of a booking (and its receipt) in one job on this desk's printer.

    With a remembered printer this prints at once (the clerk pressed Enter); otherwise, or
    with ``ask=True``, it first opens :class:`TicketPrintDialog` (returned) and remembers the
    choice for this desk. With *codes*, only the tickets carrying those codes are printed.
    """
    settings = ctx.settings
    receipt_too = desk_settings.print_receipt(settings) and codes is None
    pick = lambda d: chosen_pages(d, receipt_too, codes)  # noqa: E731
    if not ask and thermal.print_booking_thermal(ctx, reference, pick):
        return None  # this desk prints on its ESC/POS printer
    name = desk_settings.printer(settings)
    known = name in QPrinterInfo.availablePrinterNames()
    if ask or (ask is None and not known):
        dialog = TicketPrintDialog(
            name,
            desk_settings.stock(settings),
            desk_settings.print_receipt(settings),
            _anchor(parent),
        )
        dialog.setWindowTitle(
            (
                _("Print ticket — {reference}")
                if codes is not None
                else _("Print tickets — {reference}")
            ).format(reference=reference)
        )
        if codes is not None:
            dialog.receipt_box.setChecked(False)
            dialog.receipt_box.setEnabled(False)

        def accepted() -> None:
            # For one ticket the receipt box was forced off: keep the desk's own receipt choice.
            receipt = dialog.receipt if codes is None else desk_settings.print_receipt(settings)
            desk_settings.remember(settings, dialog.printer_name, dialog.stock_key, receipt)
            send(ctx, reference, dialog.printer_name, dialog.stock_key, dialog.receipt, codes)

        dialog.accepted.connect(accepted)
        if not headless():
            dialog.open()  # window-modal, never blocks the event loop
        return dialog
    if not known:
        ctx.messages.error.emit(
            _(
                "No ticket printer is set up at this desk ({printer}); choose one in the print "
                "dialog."
            ).format(printer=name or _("none chosen"))
        )
        return None
    send(
        ctx,
        reference,
        name,
        desk_settings.stock(settings),
        desk_settings.print_receipt(settings),
        codes,
    )
    return None


def print_season_card(ctx: AppContext, reference: str) -> None:
    """Print season ticket *reference*'s card on this desk's remembered printer (one page)."""
    printer_name = desk_settings.printer(ctx.settings)
    if not printer_name:
        ctx.messages.report(
            PrintFailed(_("Choose this desk's printer first (print any booking once)."))
        )
        return

    def printed(document: Document) -> None:
        try:
            print_document(document, printer_name, receipt=False)
        except BoxOfficeError as exc:
            ctx.messages.report(exc)
            return
        ctx.messages.info.emit(
            _("Printed the season card {reference} on {printer}.").format(
                reference=reference.strip().upper(), printer=printer_name
            )
        )

    ctx.services.run(season_card, reference, on_done=printed, on_error=ctx.messages.report)
