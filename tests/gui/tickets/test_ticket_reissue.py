"""Reissue a ticket from the booking views (managers' Bookings tab, clerk's customer panel):
confirm, new code off the GUI thread, the old code refused at the door, print/preview the new
ticket on its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Ticket
from boxoffice.domain.roles import PERMISSIONS, Permission, Role
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.tab import CustomersTab
from boxoffice.gui.manager.bookings import BookingsTab
from boxoffice.gui.tickets import desk_settings, reissue
from boxoffice.gui.tickets.preview import TicketPreviewDialog
from boxoffice.gui.tickets.print_dialog import TicketPrintDialog
from boxoffice.gui.tickets.printing import chosen_pages, page_codes
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.people import customers
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets import codes as ticket_codes
from boxoffice.services.tickets import pdf as ticket_pdf
from boxoffice.services.tickets.checkin import Outcome
from tests.gui.conftest import MessageLog
from tests.gui.customers.test_customers import book, search
from tests.gui.manager.bookings.test_booking_management import _book

pytestmark = pytest.mark.gui


def generation(db: Database, ticket_id: int) -> int:
    def work(s: Session) -> int:
        value = s.scalar(select(Ticket.code_generation).where(Ticket.id == ticket_id))
        assert value is not None
        return int(value)

    return db.run(work)


def current_codes(ctx: AppContext, reference: str) -> dict[int, str]:
    """Ticket id -> the code its ticket prints today (read from the booking's document)."""
    document = ticket_pdf.booking_document(ctx.db, ctx.actor, reference)
    codes = [code for page in document.pages for code in page_codes(page)]
    return {ticket_codes.decode(code).ticket_id: code for code in codes}


def select_rows(view: QTableView, rows: list[int]) -> None:
    selection = view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            view.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


@pytest.fixture
def tab(qtbot: QtBot, manager_ctx: AppContext) -> BookingsTab:
    widget = BookingsTab(manager_ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 820)
    widget.show()
    return widget


def open_booking(tab: BookingsTab, reference: str) -> None:
    tab.text.setText(reference)
    tab.search()
    assert tab.detail.detail is not None and tab.detail.detail.reference == reference


def test_manager_reissues_a_ticket_and_the_old_code_is_refused(
    qtbot: QtBot, tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    reference = _book(manager_ctx, "alice", seats=2)
    before = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    ticket = before.tickets[1]
    old_code = current_codes(manager_ctx, reference)[ticket.id]
    other_code = current_codes(manager_ctx, reference)[before.tickets[0].id]
    first = generation(manager_ctx.db, ticket.id)
    open_booking(tab, reference)
    panel = tab.detail

    assert not panel.reissue_button.isEnabled()  # nothing selected
    select_rows(panel.ticket_view, [1])
    assert panel.reissue_button.isEnabled() and panel.reissue_button.text() == "Reissue ticket…"
    qtbot.mouseClick(panel.reissue_button, Qt.MouseButton.LeftButton)
    assert panel.confirm.isVisible()
    question = panel.confirm.question.text()
    assert "The old code will stop working at the door" in question
    assert ticket.seat_label in question and reference in question
    assert not panel.confirm.reason.isVisible()  # nothing to explain: no reason field
    assert generation(manager_ctx.db, ticket.id) == first  # nothing happens before confirming
    qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)

    # The database: a new code generation; the old code is void at the door, the new one admits.
    assert generation(manager_ctx.db, ticket.id) == first + 1
    new_code = current_codes(manager_ctx, reference)[ticket.id]
    assert new_code != old_code
    door = manager_ctx.actor
    refused = checkin.check_in(manager_ctx.db, door, old_code, before.event_id)
    assert refused.outcome is Outcome.REPLACED and refused.ticket_id == ticket.id
    assert checkin.verify_code(manager_ctx.db, door, new_code).outcome is Outcome.VALID
    other = checkin.verify_code(manager_ctx.db, door, other_code)
    assert other.outcome is Outcome.VALID  # the booking's other ticket is untouched

    # The screen: message, the list read again, the ticket still selected, print offered.
    assert manager_messages.errors == []
    assert manager_messages.infos == [
        f"{reference}: ticket {ticket.seat_label} reissued; the old code no longer scans."
    ]
    assert not panel.confirm.isVisible()
    assert panel.reissued.isVisible() and panel.reissued.result is not None
    assert panel.reissued.result.code == new_code and panel.reissued.result.generation == first + 1
    assert ticket.seat_label in panel.reissued.text.text()
    assert [t.id for t in panel.selected_lines()] == [ticket.id]

    # Preview offers the new ticket on its own: one page, the new QR code, no receipt.
    with qtbot.waitSignal(panel.reissued.preview_requested) as preview:
        qtbot.mouseClick(panel.reissued.preview_button, Qt.MouseButton.LeftButton)
    assert preview.args == [reference, new_code]
    dialog = tab.findChild(TicketPreviewDialog)
    assert isinstance(dialog, TicketPreviewDialog) and dialog.document is not None
    pages = dialog.pages()
    assert [p.kind for p in pages] == ["ticket"] and page_codes(pages[0]) == {new_code}
    assert dialog.view.pageCount() == 1 and dialog.status.text() == "1 ticket"
    assert not dialog.receipt_box.isEnabled() and not dialog.receipt_box.isChecked()
    dialog.close()

    # Close puts the offer away.
    panel.reissued.close_button.click()
    assert not panel.reissued.isVisible()


def test_print_new_ticket_prints_only_that_ticket(
    qtbot: QtBot, tab: BookingsTab, manager_ctx: AppContext
) -> None:
    reference = _book(manager_ctx, "bruno", seats=3)
    ticket = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference).tickets[0]
    result = ticket_codes.reissue_ticket(manager_ctx.db, manager_ctx.actor, ticket.id)
    document = ticket_pdf.booking_document(manager_ctx.db, manager_ctx.actor, reference)
    assert len(chosen_pages(document, True)) == 4  # three tickets and the receipt
    only = chosen_pages(document, True, [result.code])
    assert len(only) == 1 and page_codes(only[0]) == {result.code}
    assert chosen_pages(document, True, ["NOT-A-CODE"]) == []

    # No printer set up at this desk: the print dialog asks, for one ticket without receipt.
    manager_ctx.settings.setValue(desk_settings.PRINTER.key, "No Such Printer")
    dialog = reissue.print_new_ticket(manager_ctx, reference, result.code, tab)
    assert isinstance(dialog, TicketPrintDialog)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Print ticket — {reference}"
    assert not dialog.receipt and not dialog.receipt_box.isEnabled()


def test_cancelled_used_or_several_tickets_cannot_be_reissued(
    tab: BookingsTab, manager_ctx: AppContext
) -> None:
    reference = _book(manager_ctx, "hana", seats=3)
    detail = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference)
    bookings.cancel_tickets(manager_ctx.db, manager_ctx.actor, reference, [detail.tickets[0].id])
    used = current_codes(manager_ctx, reference)[detail.tickets[1].id]
    assert checkin.check_in(manager_ctx.db, manager_ctx.actor, used).outcome is Outcome.ADMITTED
    open_booking(tab, reference)
    panel = tab.detail
    assert [t.status for t in panel.tickets.records] == ["cancelled", "used", "valid"]

    select_rows(panel.ticket_view, [0])
    assert not panel.reissue_button.isEnabled()
    assert panel.reissue_button.toolTip() == "Cancelled tickets cannot be reissued."
    panel.ask_reissue()  # even if called: nothing is asked
    assert not panel.confirm.isVisible()
    select_rows(panel.ticket_view, [1])
    assert not panel.reissue_button.isEnabled()
    assert "already used" in panel.reissue_button.toolTip()
    select_rows(panel.ticket_view, [1, 2])
    assert not panel.reissue_button.isEnabled()
    assert panel.reissue_button.toolTip() == "Select one ticket at a time to reissue it."
    select_rows(panel.ticket_view, [2])
    assert panel.reissue_button.isEnabled()
    assert panel.reissue_button.toolTip() == reissue.ACTION_TIP


def test_backing_out_changes_nothing(tab: BookingsTab, manager_ctx: AppContext) -> None:
    reference = _book(manager_ctx, "dmitri", seats=1)
    ticket = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference).tickets[0]
    first = generation(manager_ctx.db, ticket.id)
    open_booking(tab, reference)
    select_rows(tab.detail.ticket_view, [0])
    tab.detail.reissue_button.click()
    assert tab.detail.confirm.isVisible()
    tab.detail.confirm.no.click()
    assert not tab.detail.confirm.isVisible() and not tab.detail.reissued.isVisible()
    assert generation(manager_ctx.db, ticket.id) == first


def test_permission_denied_is_a_message(
    tab: BookingsTab,
    manager_ctx: AppContext,
    manager_messages: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = _book(manager_ctx, "emma", seats=1)
    ticket = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference).tickets[0]
    first = generation(manager_ctx.db, ticket.id)
    open_booking(tab, reference)
    select_rows(tab.detail.ticket_view, [0])
    tab.detail.reissue_button.click()
    # The role loses the right to sell while the question is on screen; the service checks.
    monkeypatch.setitem(PERMISSIONS, Role.MANAGER, PERMISSIONS[Role.MANAGER] - {Permission.SELL})
    tab.detail.confirm.yes.click()
    assert manager_messages.errors == ["manager (manager) is not allowed to sell."]
    assert not tab.detail.reissued.isVisible()
    monkeypatch.undo()
    assert generation(manager_ctx.db, ticket.id) == first


def test_a_ticket_cancelled_at_another_desk_is_refused_and_shown(
    tab: BookingsTab, manager_ctx: AppContext, manager_messages: MessageLog
) -> None:
    reference = _book(manager_ctx, "farah", seats=2)
    ticket = bookings.get_booking(manager_ctx.db, manager_ctx.actor, reference).tickets[0]
    first = generation(manager_ctx.db, ticket.id)
    open_booking(tab, reference)
    select_rows(tab.detail.ticket_view, [0])
    tab.detail.reissue_button.click()
    bookings.cancel_tickets(manager_ctx.db, manager_ctx.actor, reference, [ticket.id])
    tab.detail.confirm.yes.click()
    assert manager_messages.errors == [
        f"Ticket {ticket.id} is cancelled; only valid tickets are reissued."
    ]
    assert tab.detail.tickets.records[0].status == "cancelled"  # the list was read again
    assert generation(manager_ctx.db, ticket.id) == first


def test_clerk_reissues_from_the_customer_bookings_on_a_worker_thread(
    qtbot: QtBot, make_ctx: Callable[..., AppContext]
) -> None:
    ctx = make_ctx("clerk", threaded=True)
    messages = MessageLog()
    messages.attach(ctx.messages)
    gustav = customers.find_customers(ctx.db, ctx.actor, "gustav")[0]
    reference = book(ctx, gustav.id, seats=2)
    detail = bookings.get_booking(ctx.db, ctx.actor, reference)
    ticket = detail.tickets[0]
    old_code = current_codes(ctx, reference)[ticket.id]
    first = generation(ctx.db, ticket.id)

    tab = CustomersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 850)
    tab.show()
    tab.search.edit.setText("gustav")
    tab.search.search_now()
    panel = tab.bookings
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.reference == reference)
    assert not panel.reissue_button.isEnabled()
    select_rows(panel.ticket_table, [0])
    assert panel.reissue_button.isEnabled()
    qtbot.mouseClick(panel.reissue_button, Qt.MouseButton.LeftButton)
    assert "The old code will stop working at the door" in panel.confirm.question.text()
    qtbot.mouseClick(panel.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.reissued.isVisible, timeout=10_000)

    assert generation(ctx.db, ticket.id) == first + 1
    assert messages.errors == []
    assert messages.infos == [
        f"{reference}: ticket {ticket.seat_label} reissued; the old code no longer scans."
    ]
    door = make_ctx("clerk2")
    verdict = checkin.verify_code(door.db, door.actor, old_code)
    assert verdict.outcome is Outcome.REPLACED
    assert panel.reissued.result is not None
    assert checkin.verify_code(door.db, door.actor, panel.reissued.result.code).outcome is (
        Outcome.VALID
    )
    assert [t.id for t in panel.selected_tickets()] == [ticket.id]
    assert panel.detail is not None and panel.detail.tickets == detail.tickets
    # Another customer's booking shown: the offer goes away.
    search(qtbot, tab, "alice")
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.reference != reference)
    assert not panel.reissued.isVisible()
