"""Manager reports tab: sales per day / tier / method with charts, event statistics, end of shift.

Widgets call boxoffice.services.reports.sales* only, through ``ctx.services``.
"""

from boxoffice.gui.manager.reports.tab import ReportsTab

__all__ = ["ReportsTab"]
