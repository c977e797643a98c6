"""Reports for managers: sales by day, tier and method, event statistics, the end-of-shift
report, their periods, and export as CSV or PDF."""

from boxoffice.services.reports.export import (
    ReportTable,
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
