"""The Bookings tab (managers): find any booking by reference, customer or e-mail, by event and
status; open it; cancel all or some tickets, move tickets to other seats, reissue a ticket with a
new code (then print it), resend the e-mail.

Writes go through ``ctx.services.run_write``; after each change the booking is read again and its
row in the results is updated in place.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, PaymentMethodKind
from boxoffice.gui.bookings.actions import fetch_booking, open_exchange, show_new_voucher
from boxoffice.gui.bookings.cancel_text import refunded_text
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.bookings.detail_panel import BookingDetailPanel
from boxoffice.gui.manager.bookings.results_model import BookingResults
from boxoffice.gui.tickets import reissue
from boxoffice.gui.widgets.list_table import list_table
from boxoffice.gui.widgets.shortcuts import keyed_action
from boxoffice.gui.widgets.when import day_text
from boxoffice.i18n import _, ngettext
from boxoffice.i18n.formats import number_text
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.bookings.manage import BookingDetail, BookingSummary, TicketLine
from boxoffice.services.mail import notifications
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports.sales import EventOption
from boxoffice.services.tickets.codes import ReissuedTicket

SEARCH_DELAY_MS = 300
EVENT_COLUMN = 1  # in results_model.COLUMNS
EVENT_WIDTH = 170  # "The Nutcracker", "Symphony of Games"


def summary_of(detail: BookingDetail) -> BookingSummary:
    """The results row of a booking read in full."""
    return detail.summary()


class BookingsTab(QWidget):
    """Signals: ``booking_shown(object)`` with each BookingDetail displayed;
    ``changed(object)`` with the BookingDetail after a cancel or reassignment."""

    booking_shown = Signal(object)
    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingsTab")
        self.ctx = ctx
        self.exchange_dialog: QWidget | None = None

        self.text = QLineEdit()
        self.text.setObjectName("bookingSearch")
        self.text.setPlaceholderText(_("Reference, customer name, e-mail or phone"))
        self.text.setClearButtonEnabled(True)
        self.event_box = QComboBox()
        self.event_box.setObjectName("bookingEvent")
        self.event_box.addItem(_("All events"), None)
        self.event_box.setMinimumContentsLength(24)
        self.status = QComboBox()
        self.status.setObjectName("bookingStatusFilter")
        self.status.addItem(_("Any status"), None)
        for status in BookingStatus:
            self.status.addItem(status.value.capitalize(), status.value)
        self.count = QLabel()
        self.count.setObjectName("subtle")
        # The search text has a row of its own: its hint stays readable in every language.
        search_row = QVBoxLayout()
        search_row.addWidget(self.text)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.event_box, 2)
        filter_row.addWidget(self.status, 1)
        search_row.addLayout(filter_row)

        self.results = BookingResults(self._fetch)
        self.results.loaded.connect(self._loaded)
        self.table = list_table("bookingResults", self.results, stretch=1)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(70)
        # Eleven columns overflow the list on a 1366-wide screen, and a stretched column then
        # shrinks to the minimum ("The …"): the event keeps a readable width (the clerk may
        # drag it), the later columns scroll.
        header.setSectionResizeMode(EVENT_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(EVENT_COLUMN, EVENT_WIDTH)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(search_row)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.count)

        self.detail = BookingDetailPanel(may_override=ctx.actor.can(Permission.MANAGE_BOOKINGS))
        self.detail.cancel_booking.connect(self.cancel_booking)
        self.detail.cancel_tickets.connect(self.cancel_tickets)
        self.detail.reassign.connect(self.reassign)
        self.detail.resend.connect(self.resend)
        self.detail.reissue_ticket.connect(self.reissue_ticket)
        self.detail.reissued.print_requested.connect(
            lambda ref, code: reissue.print_new_ticket(self.ctx, ref, code, self)
        )
        self.detail.reissued.preview_requested.connect(
            lambda ref, code: reissue.preview_new_ticket(self.ctx, ref, code, self)
        )
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 420])
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(split)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        self.text.returnPressed.connect(self.search)
        self.event_box.currentIndexChanged.connect(lambda _i: self.search())
        self.status.currentIndexChanged.connect(lambda _i: self.search())
        self._build_actions()
        self._load_events()
        self.search()

    def _build_actions(self) -> None:
        """Every step of finding, refunding and changing a booking, by keyboard."""
        d = self.detail
        self.actions_list = [
            keyed_action(self, _("Find booking"), ("Ctrl+F",), self.focus_first),
            keyed_action(self, _("Results list"), ("Ctrl+L",), self.table.setFocus),
            keyed_action(self, _("Tickets of the booking"), ("Ctrl+T",), d.focus_tickets),
            keyed_action(
                self,
                _("Cancel selected tickets…"),
                ("Shift+Del",),
                d.ask_cancel_tickets,
                button=d.cancel_tickets_button,
            ),
            keyed_action(
                self,
                _("Cancel whole booking…"),
                ("Ctrl+Shift+Del",),
                d.ask_cancel_booking,
                button=d.cancel_booking_button,
            ),
            keyed_action(
                self, _("Reassign seats…"), ("Ctrl+E",), d.ask_reassign, button=d.reassign_button
            ),
            keyed_action(
                self, _(reissue.ACTION_TEXT), ("Ctrl+I",), d.ask_reissue, button=d.reissue_button
            ),
            keyed_action(
                self,
                _("Resend confirmation"),
                ("Ctrl+Shift+M",),
                d.resend_button.click,
                button=d.resend_button,
            ),
        ]

    def menu_actions(self) -> tuple[str, list[QAction]]:
        """The main window puts these in a "Booking" menu (with their shortcuts)."""
        return _("&Booking"), list(self.actions_list)

    def focus_first(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    # -- searching --------------------------------------------------------------------------------
    def _load_events(self) -> None:
        if not self.ctx.actor.can(Permission.VIEW_REPORTS):
            return  # the event filter is a convenience; searching works without it
        self.ctx.services.run(
            reports.report_events,
            on_done=self._events_loaded,
            on_error=self.ctx.messages.report,
        )

    def _events_loaded(self, options: list[EventOption]) -> None:
        current = self.event_box.currentData()
        self.event_box.blockSignals(True)
        self.event_box.clear()
        self.event_box.addItem(_("All events"), None)
        for o in options:
            self.event_box.addItem(f"{o.title} — {day_text(o.starts_at.astimezone())}", o.id)
        self.event_box.setCurrentIndex(max(self.event_box.findData(current), 0))
        self.event_box.blockSignals(False)

    @Slot()
    def search(self) -> None:
        self._debounce.stop()
        self.detail.show_detail(None)
        self.results.search()

    def _fetch(
        self, offset: int, limit: int, deliver: Callable[[list[BookingSummary]], None]
    ) -> None:
        ctx = self.ctx
        text, event_id, status = (
            self.text.text(),
            self.event_box.currentData(),
            self.status.currentData(),
        )

        def failed(exc: BaseException) -> None:
            self.results.failed()
            ctx.messages.report(exc)

        ctx.services.run(
            bookings.search_bookings,
            text,
            event_id,
            status,
            offset,
            limit,
            on_done=deliver,
            on_error=failed,
        )

    def _loaded(self, rows: int) -> None:
        more = "" if self.results.exhausted else _(" (scroll for more)")
        self.count.setText(
            ngettext("{rows} booking{more}", "{rows} bookings{more}", rows).format(
                rows=number_text(rows), more=more
            )
        )
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.results.record(current.row())
        if summary is not None:
            self.open_booking(summary.reference)

    def open_booking(self, reference: str) -> None:
        fetch_booking(self.ctx, reference, self._show)

    def _show(self, detail: BookingDetail) -> None:
        self.detail.show_detail(detail)
        self.results.replace(summary_of(detail))
        self.booking_shown.emit(detail)

    # -- actions ----------------------------------------------------------------------------------
    def _write(
        self,
        done: Callable[[Any], str],
        use_case: Callable[..., Any],
        *args: Any,
        to_voucher: bool | None = None,
        refund_by: PaymentMethodKind | None = None,
    ) -> None:
        """Run one change of the shown booking on the writer; then say *done* and read it again.
        *to_voucher* (cancellations): the refund goes onto a new gift voucher, shown after."""
        detail = self.detail.detail
        if detail is None:
            return
        reference = detail.reference
        kwargs: dict[str, Any] = {} if to_voucher is None else {"to_voucher": to_voucher}
        if refund_by is not None:
            kwargs["refund_by"] = refund_by  # a manager's override (the reason says why)

        def finished(result: Any) -> None:
            self.ctx.messages.info.emit(done(result))

            def changed(detail: BookingDetail) -> None:
                self._changed(detail)
                if to_voucher and result:
                    show_new_voucher(self.ctx, detail, self, "")

            fetch_booking(self.ctx, reference, changed)

        def failed(exc: BaseException) -> None:
            self.ctx.messages.report(exc)  # re-raises a bug before the panel is redrawn
            self.detail.show_detail(self.detail.detail)

        self.ctx.services.run_write(use_case, *args, on_done=finished, on_error=failed, **kwargs)

    def _changed(self, detail: BookingDetail) -> None:
        self._show(detail)
        self.changed.emit(detail)

    @Slot(str)
    def cancel_booking(self, reason: str) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        ref = detail.reference
        to_voucher = self.detail.confirm.chose_option
        self._write(
            lambda refunded: refunded_text(ref, Decimal(refunded), to_voucher),
            bookings.cancel_booking,
            ref,
            reason,
            to_voucher=to_voucher,
            refund_by=self.detail.refund_by(),
        )

    @Slot(list, str)
    def cancel_tickets(self, ticket_ids: list[int], reason: str) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        ref = detail.reference
        n = len(ticket_ids)
        self._write(
            lambda refunded: ngettext(
                "{ref}: {n} ticket cancelled, {amount} refunded.",
                "{ref}: {n} tickets cancelled, {amount} refunded.",
                n,
            ).format(ref=ref, n=n, amount=format_money(Decimal(refunded))),
            bookings.cancel_tickets,
            ref,
            ticket_ids,
            reason,
            to_voucher=self.detail.confirm.chose_option,
            refund_by=self.detail.refund_by(),
        )

    @Slot(list)
    def reassign(self, tickets: list[TicketLine]) -> None:
        """Pick new seats on the event's map (the clerk desk's exchange dialog, non-modal)."""
        detail = self.detail.detail
        if detail is None or not tickets:
            return
        self.exchange_dialog = open_exchange(
            self.ctx, detail, tickets, self, self._changed, _("{reference}: seats reassigned.")
        )

    @Slot(object)
    def reissue_ticket(self, ticket: TicketLine) -> None:
        """Give *ticket* a new code (writer thread); then show the booking again and offer to
        print the new ticket."""
        if self.detail.detail is None:
            return
        self.detail.reissue_button.setEnabled(False)

        def refreshed(result: ReissuedTicket, detail: BookingDetail) -> None:
            self._show(detail)
            self.detail.show_reissued(result, ticket.seat_label)

        def done(result: ReissuedTicket) -> None:
            self.ctx.messages.info.emit(reissue.reissued_message(result, ticket.seat_label))
            fetch_booking(self.ctx, result.reference, lambda d: refreshed(result, d))

        reference = self.detail.detail.reference

        def failed(exc: BaseException) -> None:
            self.ctx.messages.report(exc)  # re-raises a bug before the panel is redrawn
            self.detail.show_detail(self.detail.detail)
            if reissue.changed_elsewhere(exc):
                fetch_booking(self.ctx, reference, self._show)

        reissue.reissue_ticket(self.ctx, ticket.id, on_done=done, on_error=failed)

    @Slot(str)
    def resend(self, address: str) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        ctx, ref = self.ctx, detail.reference
        ctx.services.run_write(
            notifications.resend_confirmation,
            ref,
            address,
            on_done=lambda to: ctx.messages.info.emit(
                _("{ref}: confirmation queued for {to}.").format(ref=ref, to=to)
            ),
            on_error=ctx.messages.report,
        )
