"""docs/reports.png, docs/monitor.png, docs/bookings.png, docs/staff.png: the manager and admin
tabs in the main window, with the desk's stylesheet, on the demo data.

Written to docs/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder (the grab itself is
still checked: right size, not blank).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from boxoffice.domain.errors import AuthenticationFailed
from boxoffice.domain.roles import Role
from boxoffice.domain.seatmap import SeatState
from boxoffice.domain.tender import CashTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.bookings import BookingsTab
from boxoffice.gui.manager.monitor import MonitorTab
from boxoffice.gui.manager.reports import ReportsTab
from boxoffice.gui.manager.staff import StaffTab
from boxoffice.services.people import auth, customers, staff
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.gui.conftest import sign_in
from tests.gui.screens import save as save_screen
from tests.gui.screens import show_window

pytestmark = pytest.mark.gui

SERVER = "mysql+pymysql://desk@boxoffice-db/boxoffice"


def save(widget: QWidget, path: Path) -> None:
    # Whole main windows: at least 1000 wide, more than 12 colours on a 17-pixel grid.
    save_screen(widget, path, min_width=1000, step=17, min_colours=12)


def _sell(ctx: AppContext, event_id: int, seats: list[int], customer: str) -> str:
    who = customers.find_customers(ctx.db, ctx.actor, customer)[0]
    hold = holds.hold_seats(ctx.db, ctx.actor, event_id, seats)
    return checkout.checkout(
        ctx.db,
        ctx.actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        str(uuid.uuid4()),
        who.id,
    ).reference


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_reports_and_monitor_screenshots(
    qtbot: QtBot, manager_ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    window = show_window(qtbot, manager_ctx, SERVER)
    window.show_tab("reports")
    reports = window.pages["reports"]
    assert isinstance(reports, ReportsTab)
    qtbot.wait(100)
    save(window, screens_folder / "reports.png")

    events = {
        e.title: e.id
        for e in catalog.search_events(manager_ctx.db, manager_ctx.actor, catalog.EventQuery())
    }
    window.show_tab("monitor")
    monitor = window.pages["monitor"]
    assert isinstance(monitor, MonitorTab)
    for title in ("Hamlet", "Indie Showcase", "Polar Lights Tour", "The Nutcracker"):
        monitor.events.set_checked(events[title], True)
    hamlet = events["Hamlet"]
    states = catalog.seat_map(manager_ctx.db, manager_ctx.actor, hamlet).states
    free = [i for i, s in sorted(states.items()) if s is SeatState.AVAILABLE]
    other_desk = sign_in(manager_ctx.db, "clerk2")
    holds.hold_seats(manager_ctx.db, other_desk, hamlet, free[60:64])
    _sell(manager_ctx, hamlet, free[100:105], "emma")
    monitor.poller.tick()
    qtbot.wait(300)  # the flash rings are drawn by their timer
    assert monitor.panels[hamlet].view is not None
    assert set(free[60:64]) <= set(monitor.panels[hamlet].view.flashing_ids())
    save(window, screens_folder / "monitor.png")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bookings_screenshot(
    qtbot: QtBot, manager_ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    events = {
        e.title: e.id
        for e in catalog.search_events(manager_ctx.db, manager_ctx.actor, catalog.EventQuery())
    }
    nutcracker = events["The Nutcracker"]
    states = catalog.seat_map(manager_ctx.db, manager_ctx.actor, nutcracker).states
    free = [i for i, s in sorted(states.items()) if s is SeatState.AVAILABLE]
    reference = _sell(manager_ctx, nutcracker, free[30:34], "chiara")
    window = show_window(qtbot, manager_ctx, SERVER)
    window.show_tab("bookings")
    tab = window.pages["bookings"]
    assert isinstance(tab, BookingsTab)
    tab.text.setText("chiara")
    tab.search()
    assert tab.detail.detail is not None and tab.detail.detail.reference == reference
    selection = tab.detail.ticket_view.selectionModel()
    for row in (2, 3):
        selection.select(
            tab.detail.tickets.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    tab.detail.cancel_tickets_button.click()
    tab.detail.confirm.reason.setText("Two guests cannot come")
    qtbot.wait(50)
    save(window, screens_folder / "bookings.png")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_staff_screenshot(
    qtbot: QtBot, make_ctx: Callable[..., AppContext], screens_folder: Path, styled: None
) -> None:
    ctx = make_ctx("admin")
    staff.add_user(ctx.db, ctx.actor, "jsmith", Role.CLERK, "weekend shift", "Jo Smith")
    leaver = staff.add_user(
        ctx.db, ctx.actor, "pnguyen", Role.MANAGER, "left in May", "Priya Nguyen"
    )
    staff.set_active(ctx.db, ctx.actor, leaver.id, False, "left the company")
    for _ in range(12):  # clerk2 mistypes until the account locks
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(ctx.db, "clerk2", "wrong guess", "desk-2")
    window = show_window(qtbot, ctx, SERVER)
    window.show_tab("staff")
    tab = window.pages["staff"]
    assert isinstance(tab, StaffTab)
    tab.select_user("clerk2")
    assert tab.selected() is not None and tab.selected().status == "locked"  # type: ignore[union-attr]
    tab.password_button.click()
    tab.password_form.passwords.first.setText("new password")
    tab.password_form.passwords.second.setText("new password")
    qtbot.wait(50)
    save(window, screens_folder / "staff.png")
