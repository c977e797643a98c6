"""Reports for managers: sales by day, tier and method, event statistics, the end-of-shift
report, their periods, and export as CSV or PDF."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.reports.export import (
        save_csv,
        save_pdf,
    )
    from boxoffice.services.reports.sales import (
        DayRow,
        EventOption,
        EventStatsRow,
        MethodRow,
        SalesReport,
        TierRow,
        event_statistics,
        report_events,
        sales_report,
    )
    from boxoffice.services.reports.shift import (
        ClerkOption,
        ShiftReport,
        shift_clerks,
        shift_report,
        shift_reports,
    )
    from boxoffice.services.reports.table import ReportTable

__all__ = [
    "ClerkOption",
    "DayRow",
    "EventOption",
    "EventStatsRow",
    "MethodRow",
    "ReportTable",
    "SalesReport",
    "ShiftReport",
    "TierRow",
    "event_statistics",
    "report_events",
    "sales_report",
    "save_csv",
    "save_pdf",
    "shift_clerks",
    "shift_report",
    "shift_reports",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
