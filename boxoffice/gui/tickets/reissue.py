"""Reissue one ticket from a booking view: confirm, give it a new code off the GUI thread, then
offer to print or preview the new ticket on its own.

The clerk's customer bookings panel and the managers' Bookings tab both use this:
:func:`reissue_hint` says whether (and why not) the action is offered for the selected tickets,
:func:`reissue_ticket` runs ``services.ticket_codes.reissue_ticket`` on the writer thread, and
:class:`ReissuedBar` is the inline "new code issued — print it?" strip shown afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from boxoffice.domain.errors import Conflict, NotFound
from boxoffice.domain.status import TicketStatus
from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets.preview import TicketPreviewDialog, preview_booking
from boxoffice.gui.tickets.print_dialog import TicketPrintDialog
from boxoffice.gui.tickets.printing import print_booking
from boxoffice.i18n import N_, _
from boxoffice.services.bookings.manage import TicketLine
from boxoffice.services.tickets import codes as ticket_codes
from boxoffice.services.tickets.codes import ReissuedTicket

ACTION_TEXT = N_("Reissue ticket…")
ACTION_TIP = N_("Give the selected ticket a new QR code; the old code stops working at the door")


def reissue_hint(selected: Sequence[TicketLine]) -> str:
    """Why the selected tickets cannot be reissued, or "" when exactly one can."""
    if not selected:
        return _("Select the ticket to reissue.")
    if len(selected) > 1:
        return _("Select one ticket at a time to reissue it.")
    ticket = selected[0]
    if ticket.status == TicketStatus.CANCELLED:
        return _("Cancelled tickets cannot be reissued.")
    if ticket.checked_in or ticket.status == TicketStatus.USED:
        return _("This ticket was already used at the door; it cannot be reissued.")
    if ticket.status != TicketStatus.VALID:
        return _("A {status} ticket cannot be reissued.").format(status=ticket.status)
    return ""


def reissue_question(ticket: TicketLine, reference: str) -> str:
    return _(
        "Reissue the ticket <b>{seat_label}</b> of <b>{reference}</b> with a new QR code? "
        "<b>The old code will stop working at the door</b>: only the new ticket gets in."
    ).format(seat_label=ticket.seat_label, reference=reference)


def reissue_ticket(
    ctx: AppContext,
    ticket_id: int,
    on_done: Callable[[ReissuedTicket], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Give ticket *ticket_id* a new code on the writer thread (the service checks permission)."""
    ctx.services.run_write(
        ticket_codes.reissue_ticket,
        ticket_id,
        on_done=on_done,
        on_error=on_error,
    )


def changed_elsewhere(exc: BaseException) -> bool:
    """A refusal because the ticket changed meanwhile (cancelled, used at another desk): the
    booking shown is stale and should be read again."""
    return isinstance(exc, Conflict | NotFound)


def reissued_message(result: ReissuedTicket, seat_label: str) -> str:
    return _("{reference}: ticket {seat_label} reissued; the old code no longer scans.").format(
        reference=result.reference, seat_label=seat_label
    )


def print_new_ticket(
    ctx: AppContext, reference: str, code: str, parent: QWidget | None
) -> TicketPrintDialog | None:
    """Print only the ticket carrying *code* (asks for a printer if the desk has none)."""
    return print_booking(ctx, reference, parent, codes=[code])


def preview_new_ticket(
    ctx: AppContext, reference: str, code: str, parent: QWidget | None
) -> TicketPreviewDialog:
    """Preview (and print from there) only the ticket carrying *code*."""
    return preview_booking(ctx, reference, parent, codes=[code])


class ReissuedBar(QWidget):
    """ "Ticket X of REF has a new code" with Print / Preview buttons, until closed.

    Signals: ``print_requested(str, str)`` and ``preview_requested(str, str)`` with the booking
    reference and the new code; the owner prints (it holds the desk context).
    """

    print_requested = Signal(str, str)
    preview_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reissuedBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.result: ReissuedTicket | None = None
        self.text = QLabel()
        self.text.setObjectName("reissuedText")
        self.text.setWordWrap(True)
        self.preview_button = QPushButton(_("Preview…"))
        self.preview_button.setObjectName("reissuedPreview")
        self.preview_button.setToolTip(_("See the new ticket, then print it from the preview"))
        self.preview_button.clicked.connect(self._preview)
        self.print_button = QPushButton(_("Print new ticket"))
        self.print_button.setObjectName("reissuedPrint")
        self.print_button.setProperty("role", "primary")
        self.print_button.setToolTip(_("Print only the new ticket on this desk's printer"))
        self.print_button.clicked.connect(self._print)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("reissuedClose")
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.close_button)
        row.addWidget(self.preview_button)
        row.addWidget(self.print_button)
        self.hide()

    @property
    def reference(self) -> str:
        return self.result.reference if self.result else ""

    def show_ticket(self, result: ReissuedTicket, seat_label: str) -> None:
        self.result = result
        self.text.setText(
            _(
                "<b>{seat_label}</b> of <b>{reference}</b> has a new code. The old ticket no "
                "longer gets in: give the customer the new one."
            ).format(seat_label=seat_label, reference=result.reference)
        )
        self.show()
        self.print_button.setFocus()

    def dismiss(self) -> None:
        self.result = None
        self.hide()

    def _print(self) -> None:
        if self.result is not None:
            self.print_requested.emit(self.result.reference, self.result.code)

    def _preview(self) -> None:
        if self.result is not None:
            self.preview_requested.emit(self.result.reference, self.result.code)
