"""What the clerk's customer bookings panel and the managers' Bookings tab both do with one
booking: read it again by reference, and open the seat exchange for some of its tickets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from boxoffice.gui.context import AppContext
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.bookings.manage import BookingDetail, TicketLine

if TYPE_CHECKING:
    from boxoffice.gui.bookings.exchange_dialog import ExchangeDialog


def fetch_booking(
    ctx: AppContext, reference: str, on_done: Callable[[BookingDetail], None]
) -> None:
    """Read *reference* in full off the GUI thread; an error goes to the message bridge."""
    ctx.services.run(
        bookings.get_booking,
        reference,
        on_done=on_done,
        on_error=ctx.messages.report,
    )


def open_exchange(
    ctx: AppContext,
    detail: BookingDetail,
    tickets: list[TicketLine],
    parent: QWidget,
    on_exchanged: Callable[[BookingDetail], None],
    done: str,
    customer: Any = None,
) -> ExchangeDialog:
    """Open the (non-modal) exchange dialog for *tickets*; once done *on_exchanged* gets the
    updated booking and the desk reads *done* (a translated text with ``{reference}``)."""
    # Imported here: the dialog pulls in the whole sale screen.
    from boxoffice.gui.bookings.exchange_dialog import ExchangeDialog

    dialog = ExchangeDialog(ctx, detail, tickets, customer=customer, parent=parent)
    dialog.exchanged.connect(on_exchanged)
    dialog.exchanged.connect(lambda d: ctx.messages.info.emit(done.format(reference=d.reference)))
    dialog.open()
    return dialog


def show_new_voucher(ctx: AppContext, detail: BookingDetail, parent: QWidget, email: str) -> None:
    """After a refund onto a new gift voucher: open it (print, PDF, mail) for the clerk. The
    newest refund rows of *detail* name it."""
    from boxoffice.gui.vouchers.issued_dialog import show_refund_voucher

    numbers = [r.voucher for r in sorted(detail.refunds, key=lambda r: r.id) if r.voucher]
    if numbers:
        show_refund_voucher(ctx, numbers[-1], parent, email)
