"""Manager seat monitor tab: live read-only seat maps of one or several events, polled each second.

Widgets call boxoffice.services.sales.monitor only, through ``ctx.services``.
"""

from boxoffice.gui.manager.monitor.tab import MonitorTab

__all__ = ["MonitorTab"]
