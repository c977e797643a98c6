"""The Reports tab's pages, in tab order, registered like the main window's tabs: a new report
is a :class:`~boxoffice.gui.manager.reports.page.ReportPage` and one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from boxoffice.gui.manager.reports.filters import ReportFilters
from boxoffice.gui.manager.reports.page import ReportPage
from boxoffice.gui.manager.reports.sales_page import SalesPage
from boxoffice.gui.manager.reports.shift_page import ShiftPage
from boxoffice.gui.manager.reports.stats_page import StatsPage
from boxoffice.gui.manager.reports.till_page import TillPage
from boxoffice.i18n import N_


@dataclass(frozen=True)
class PageSetup:
    """What a page may need to be built: the tab's filters, the desk's UTC offset, "now"."""

    filters: ReportFilters
    utc_offset_minutes: int
    now: datetime | None


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    build: Callable[[PageSetup], ReportPage]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("sales", N_("Sales"), lambda s: SalesPage(s.filters)),
    PageSpec("stats", N_("Event statistics"), lambda s: StatsPage(s.utc_offset_minutes)),
    PageSpec("shift", N_("End of shift"), lambda s: ShiftPage(s.utc_offset_minutes, s.now)),
    PageSpec("till", N_("Till sessions"), lambda s: TillPage(s.utc_offset_minutes, s.now)),
)
KEYS = tuple(spec.key for spec in PAGES)
