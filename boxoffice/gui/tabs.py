"""The main window's tabs, in the order they appear: title, permission, key and a factory.

This is the one place a new screen is added. Each factory ``(ctx) -> QWidget`` imports its
feature when first called, so a clerk's desk never loads manager-only modules. The window shell
reads :data:`TABS`; feature folders never import it (nor each other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.i18n import N_


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    permission: Permission
    factory: Callable[[AppContext], QWidget]
    shortcut: str = ""  # e.g. "F2"


def _sell(ctx: AppContext) -> QWidget:
    from boxoffice.gui.sale.sell_tab import SellTab

    def customer_picker(parent: QWidget) -> QWidget:
        from boxoffice.gui.customers.picker import CustomerPickerDialog

        return CustomerPickerDialog(ctx, parent)

    return SellTab(ctx, customer_picker=customer_picker)


def _packages(ctx: AppContext) -> QWidget:
    from boxoffice.gui.packages.tab import PackagesTab

    def customer_picker(parent: QWidget) -> QWidget:
        from boxoffice.gui.customers.picker import CustomerPickerDialog

        return CustomerPickerDialog(ctx, parent)

    return PackagesTab(ctx, customer_picker=customer_picker)


def _customers(ctx: AppContext) -> QWidget:
    from boxoffice.gui.customers.tab import CustomersTab

    return CustomersTab(ctx)


def _checkin(ctx: AppContext) -> QWidget:
    from boxoffice.gui.checkin import CheckInTab

    return CheckInTab(ctx)


def _events(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.events import EventEditorTab

    return EventEditorTab(ctx)


def _venues(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.venues import VenueDesignerTab

    return VenueDesignerTab(ctx)


def _reports(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.reports import ReportsTab

    return ReportsTab(ctx)


def _monitor(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.monitor import MonitorTab

    return MonitorTab(ctx)


def _bookings(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.bookings import BookingsTab

    return BookingsTab(ctx)


def _codes(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.codes import DiscountCodesTab

    return DiscountCodesTab(ctx)


def _staff(ctx: AppContext) -> QWidget:
    from boxoffice.gui.manager.staff import StaffTab

    return StaffTab(ctx)


def _mail(ctx: AppContext) -> QWidget:
    from boxoffice.gui.mail.tab import MailTab

    return MailTab(ctx)


def _till(ctx: AppContext) -> QWidget:
    from boxoffice.gui.tickets.thermal import drawer_kicker
    from boxoffice.gui.till.tab import TillTab

    return TillTab(ctx, kick_drawer=drawer_kicker(ctx))


TABS: tuple[TabSpec, ...] = (
    TabSpec("sell", N_("Sell"), Permission.SELL, _sell, "F2"),
    TabSpec("customers", N_("Customers"), Permission.SELL, _customers, "F3"),
    TabSpec("checkin", N_("Check-in"), Permission.CHECK_IN, _checkin, "F4"),
    TabSpec("till", N_("Till"), Permission.USE_TILL, _till, "F6"),
    TabSpec("packages", N_("Packages"), Permission.SELL, _packages, "F7"),
    TabSpec("events", N_("Events"), Permission.MANAGE_EVENTS, _events),
    TabSpec("venues", N_("Venues"), Permission.MANAGE_VENUES, _venues),
    TabSpec("reports", N_("Reports"), Permission.VIEW_REPORTS, _reports),
    TabSpec("monitor", N_("Seat monitor"), Permission.VIEW_REPORTS, _monitor),
    TabSpec("bookings", N_("Bookings"), Permission.MANAGE_BOOKINGS, _bookings),
    TabSpec("codes", N_("Discount codes"), Permission.MANAGE_EVENTS, _codes),
    TabSpec("staff", N_("Staff"), Permission.MANAGE_STAFF, _staff),
    TabSpec("mail", N_("Mail"), Permission.MANAGE_SETTINGS, _mail),
)
