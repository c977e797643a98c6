"""Admin staff tab: accounts, roles, disable/enable, password resets (boxoffice.services.staff)."""

from boxoffice.gui.manager.staff.tab import StaffTab

__all__ = ["StaffTab"]
