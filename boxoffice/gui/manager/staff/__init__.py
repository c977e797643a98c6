"""Admin staff tab: accounts, roles, disable/enable, password resets (services.people)."""

from boxoffice.gui.manager.staff.tab import StaffTab

__all__ = ["StaffTab"]
