"""Registers every tab of the main window (import this module once, before building the window).

Each feature adds one ``register(TabSpec(...))`` here with a lazy factory, so the main window
only imports the widgets the signed-in role can see.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.gui.tabs import TabSpec, register

__all__ = ["AppContext", "Permission", "QWidget", "TabSpec", "register"]

# Tabs register below, in the order they appear.


def _sell(ctx: AppContext) -> QWidget:
    from boxoffice.gui.sale.sell_tab import SellTab

    return SellTab(ctx)


def _customers(ctx: AppContext) -> QWidget:
    from boxoffice.gui.customers.tab import CustomersTab

    return CustomersTab(ctx)


register(TabSpec("sell", "Sell", Permission.SELL, _sell, "F2"))
register(TabSpec("customers", "Customers", Permission.SELL, _customers, "F3"))


def _checkin(ctx: AppContext) -> QWidget:
    from boxoffice.gui.checkin import CheckInTab

    return CheckInTab(ctx)


register(TabSpec("checkin", "Check-in", Permission.CHECK_IN, _checkin, "F4"))


def _events(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.events import EventEditorTab

    return EventEditorTab(ctx)


def _venues(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.venues import VenueDesignerTab

    return VenueDesignerTab(ctx)


register(TabSpec("events", "Events", Permission.MANAGE_EVENTS, _events))
register(TabSpec("venues", "Venues", Permission.MANAGE_VENUES, _venues))


def _reports(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.reports import ReportsTab

    return ReportsTab(ctx)


register(TabSpec("reports", "Reports", Permission.VIEW_REPORTS, _reports))


def _monitor(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.monitor import MonitorTab

    return MonitorTab(ctx)


register(TabSpec("monitor", "Seat monitor", Permission.VIEW_REPORTS, _monitor))


def _bookings(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.bookings import BookingsTab

    return BookingsTab(ctx)


register(TabSpec("bookings", "Bookings", Permission.MANAGE_BOOKINGS, _bookings))


def _staff(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.staff import StaffTab

    return StaffTab(ctx)


register(TabSpec("staff", "Staff", Permission.MANAGE_STAFF, _staff))


def _mail(ctx: AppContext) -> QWidget:
    from boxoffice.gui.mail.tab import MailTab

    return MailTab(ctx)


register(TabSpec("mail", "Mail", Permission.MANAGE_SETTINGS, _mail))
