"""The waiting list at the desk: queue a customer, an offer after a cancellation, take it to the
cart with the customer attached; the customer view lists the entry."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.waitlist.model import WaitlistModel
from boxoffice.gui.waitlist.panel import WaitlistPanel
from boxoffice.services.people.customers import get_customer
from tests.gui.sale.sale_support import available_seats, open_event, sell_tab
from tests.gui.screens import save


def test_an_offer_is_taken_to_the_cart_with_the_customer_attached(
    qtbot: QtBot, ctx: AppContext, qtmodeltester: object, styled: None, screens_folder: Path
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    event = tab.controller.event_detail
    assert event is not None and tab.actions_by_name["waitlist"].isEnabled()
    tab.open_waitlist()
    dialog = tab.waitlist_dialog
    assert dialog is not None
    panel = dialog.panel
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    alice = ctx.services.call(get_customer, 1)
    panel.quantity.setValue(2)
    panel.add(alice)  # Hamlet has free seats: the offer is made at once
    row = _row_of(panel, alice.id)
    entry = panel.model.entry(row)
    assert entry is not None and entry.offer_open and entry.quantity == 2
    assert "Offer open" in panel.model.index(row, 6).data()
    panel.table.selectRow(row)
    assert panel.take_button.isEnabled()
    save(dialog, screens_folder / "waitlist.png", 600, 8, 4)
    panel.take_button.click()

    hold = tab.controller.hold
    assert hold is not None and hold.hold_id == entry.hold_id and hold.quantity == 2
    assert tab.controller.customer is not None and tab.controller.customer.id == alice.id
    assert panel.model.rowCount() == 0 or _row_of(panel, alice.id, missing=True) < 0
    tab.shutdown()  # the seat poller stops before the database goes


def test_a_busy_cart_refuses_the_offer(qtbot: QtBot, ctx: AppContext, messages: object) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.controller.hold_seats(available_seats(tab, 1))
    qtbot.waitUntil(lambda: tab.controller.hold is not None)
    tab.open_waitlist()
    assert tab.waitlist_dialog is not None
    panel = tab.waitlist_dialog.panel
    panel.add(ctx.services.call(get_customer, 1))
    entry = panel.model.entry(_row_of(panel, 1))
    assert entry is not None
    tab.take_offer(entry)
    assert "cart is in use" in " ".join(messages.all())  # type: ignore[attr-defined]
    tab.shutdown()


def _row_of(panel: WaitlistPanel, customer_id: int, missing: bool = False) -> int:
    for r in range(panel.model.rowCount()):
        e = panel.model.entry(r)
        if e is not None and e.customer_id == customer_id:
            return r
    assert missing
    return -1


def test_the_customer_view_lists_the_entries(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    event = tab.controller.event_detail
    assert event is not None
    tab.shutdown()
    from boxoffice.services import waitlist

    ctx.services.call(waitlist.add_to_waitlist, event.id, 2, 3)
    panel = WaitlistPanel(ctx)
    qtbot.addWidget(panel)
    panel.show_customer(2, "Bruno Costa")
    assert isinstance(panel.model, WaitlistModel) and panel.model.rowCount() == 1
    assert panel.model.index(0, 3).data() == "3"
    assert not panel.add_row.isVisible()


def test_the_customers_tab_shows_waiting_lists_only_for_customers_on_one(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from boxoffice.gui.customers.tab import CustomersTab
    from boxoffice.services import waitlist
    from boxoffice.services.sales import catalog

    tab = CustomersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    bruno = ctx.services.call(get_customer, 2)
    tab.show_customer(bruno)
    assert not tab.waitlist_box.isVisible()
    hamlet = next(
        e
        for e in ctx.services.call(catalog.search_events, catalog.EventQuery(text="Hamlet"))
        if e.title == "Hamlet"
    )
    ctx.services.call(waitlist.add_to_waitlist, hamlet.id, bruno.id, 2)
    tab.show_customer(bruno)
    assert tab.waitlist_box.isVisible() and tab.waitlist.model.rowCount() == 1
