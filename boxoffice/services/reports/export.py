"""Reports as plain tables, written as CSV (csv module) or PDF (reportlab).

Each report becomes a :class:`ReportTable` of typed cells; CSV keeps machine-readable values
(``1234.50``, ISO dates) for spreadsheets, PDF formats them for people (``€1,234.50``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from boxoffice.domain.clock import utcnow
from boxoffice.i18n import _
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.reports.pdf import render_pdf
from boxoffice.services.reports.period import zone_label
from boxoffice.services.reports.pricing import TypeRow
from boxoffice.services.reports.sales import EventStatsRow, SalesReport, TierRow
from boxoffice.services.reports.shift import ShiftReport
from boxoffice.services.reports.table import Column
from boxoffice.services.reports.table import ReportTable as ReportTable  # re-exported: its old home


def _money_cols(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "money") for n in names)


def daily_table(report: SalesReport) -> ReportTable:
    rows = tuple(
        (d.day, d.tickets_sold, d.tickets_cancelled, d.gross, d.cancelled, d.net)
        for d in report.days
    )
    return ReportTable(
        title=_("Daily sales — {event_title}").format(event_title=report.event_title),
        subtitle=report.period.label,
        columns=(
            Column(_("Day"), "date"),
            Column(_("Sold"), "int"),
            Column(_("Cancelled"), "int"),
            *_money_cols(_("Gross"), _("Cancelled value"), _("Net revenue")),
        ),
        rows=rows,
        totals=(
            _("Total"),
            report.tickets_sold,
            report.tickets_cancelled,
            report.gross,
            report.gross - report.net,
            report.net,
        ),
        utc_offset_minutes=report.period.utc_offset_minutes,
    )


def _sold_table(
    report: SalesReport, what: str, first: str, t: Sequence[TierRow | TypeRow]
) -> ReportTable:
    """Sold/cancelled/gross/net per named group (price tier or ticket type), with totals."""
    return ReportTable(
        title=_("Sales per {what} — {event_title}").format(
            what=what, event_title=report.event_title
        ),
        subtitle=report.period.label,
        columns=(
            Column(first),
            Column(_("Sold"), "int"),
            Column(_("Cancelled"), "int"),
            *_money_cols(_("Gross"), _("Cancelled value"), _("Net revenue")),
        ),
        rows=tuple(
            (r.name, r.tickets_sold, r.tickets_cancelled, r.gross, r.cancelled, r.net) for r in t
        ),
        totals=(
            _("Total"),
            sum(r.tickets_sold for r in t),
            sum(r.tickets_cancelled for r in t),
            sum((r.gross for r in t), Decimal("0.00")),
            sum((r.cancelled for r in t), Decimal("0.00")),
            sum((r.net for r in t), Decimal("0.00")),
        ),
        utc_offset_minutes=report.period.utc_offset_minutes,
    )


def tier_table(report: SalesReport) -> ReportTable:
    return _sold_table(report, _("price tier"), _("Tier"), report.tiers)


def method_table(report: SalesReport) -> ReportTable:
    m = report.methods
    return ReportTable(
        title=_("Payments per method — {event_title}").format(event_title=report.event_title),
        subtitle=report.period.label,
        columns=(
            Column(_("Method")),
            Column(_("Payments"), "int"),
            Column(_("Paid"), "money"),
            Column(_("Refunds"), "int"),
            *_money_cols(_("Refunded"), _("Net")),
        ),
        rows=tuple((r.label, r.payments, r.paid, r.refunds, r.refunded, r.net) for r in m),
        totals=(
            _("Total"),
            sum(r.payments for r in m),
            sum((r.paid for r in m), Decimal("0.00")),
            sum(r.refunds for r in m),
            sum((r.refunded for r in m), Decimal("0.00")),
            sum((r.net for r in m), Decimal("0.00")),
        ),
        utc_offset_minutes=report.period.utc_offset_minutes,
    )


def type_table(report: SalesReport) -> ReportTable:
    return _sold_table(report, _("ticket type"), _("Ticket type"), report.types)


def fee_tax_table(report: SalesReport) -> ReportTable:
    """Fees charged, then tax per rate (net, tax, gross) of the sales in the period."""
    rows: list[tuple[object, ...]] = [
        (_("Fee: {name}").format(name=f.name), f.count, None, f.amount, None) for f in report.fees
    ]
    rows += [
        (f"{t.rate}{' (included)' if t.included else ''}", None, t.net, t.tax, t.gross)
        for t in report.taxes
    ]
    return ReportTable(
        title=_("Fees and tax — {event_title}").format(event_title=report.event_title),
        subtitle=report.period.label,
        columns=(
            Column(_("Line")),
            Column(_("Count"), "int"),
            *_money_cols(_("Net"), _("Amount"), _("Gross")),
        ),
        rows=tuple(rows),
        totals=(
            _("Total fees"),
            sum(f.count for f in report.fees),
            None,
            sum((f.amount for f in report.fees), Decimal("0.00")),
            None,
        ),
        utc_offset_minutes=report.period.utc_offset_minutes,
    )


def sales_tables(report: SalesReport) -> list[ReportTable]:
    return [
        daily_table(report),
        tier_table(report),
        type_table(report),
        method_table(report),
        fee_tax_table(report),
    ]


def stats_table(rows: Sequence[EventStatsRow], utc_offset_minutes: int = 0) -> ReportTable:
    sold = sum(r.sold for r in rows)
    capacity = sum(r.capacity for r in rows)
    return ReportTable(
        title=_("Event statistics"),
        subtitle=_("{count} events, times in {zone}, as of {moment}").format(
            count=len(rows),
            zone=zone_label(utc_offset_minutes),
            moment=stamp_text(utcnow() + timedelta(minutes=utc_offset_minutes)),
        ),
        columns=(
            Column(_("Event")),
            Column(_("Venue")),
            Column(_("Starts"), "datetime"),
            Column(_("Status")),
            Column(_("Sold"), "int"),
            Column(_("Capacity"), "int"),
            Column(_("Sold %"), "percent"),
            Column(_("Revenue"), "money"),
            Column(_("Named holds")),
        ),
        rows=tuple(
            (
                r.title,
                r.venue,
                r.starts_at,
                r.status,
                r.sold,
                r.capacity,
                r.percent_sold,
                r.revenue,
                r.house_text,
            )
            for r in rows
        ),
        totals=(
            _("Total"),
            "",
            None,
            "",
            sold,
            capacity,
            100.0 * sold / capacity if capacity else 0.0,
            sum((r.revenue for r in rows), Decimal("0.00")),
            "",
        ),
        utc_offset_minutes=utc_offset_minutes,
    )


def shift_table(reports: Sequence[ShiftReport], utc_offset_minutes: int = 0) -> ReportTable:
    """One row per clerk and method, then each clerk's expected cash."""
    rows: list[tuple[Any, ...]] = []
    emphasis: list[int] = []
    for r in reports:
        name = r.full_name or r.username
        for line in r.lines:
            rows.append(
                (
                    name,
                    line.label,
                    line.payments,
                    line.taken,
                    line.tendered,
                    line.change,
                    line.refunds,
                    line.refunded,
                    line.net,
                )
            )
        for line in r.voucher_lines:  # money taken, not ticket revenue
            rows.append(
                (
                    name,
                    _("Gift vouchers sold: {method}").format(method=line.label),
                    line.payments,
                    line.taken,
                    line.tendered,
                    line.change,
                    None,
                    None,
                    None,
                )
            )
        emphasis.append(len(rows))
        rows.append(
            (
                name,
                _("Expected cash in drawer ({bookings} bookings, {tickets} tickets)").format(
                    bookings=r.bookings, tickets=r.tickets
                ),
                None,
                None,
                r.cash_taken,
                r.change_given,
                None,
                r.cash_refunded,
                r.expected_cash,
            )
        )
    first = reports[0] if reports else None
    zone = zone_label(utc_offset_minutes)
    span = (
        f"{stamp_text(first.start + timedelta(minutes=utc_offset_minutes))} – "
        f"{stamp_text(first.end + timedelta(minutes=utc_offset_minutes))} ({zone})"
        if first
        else ""
    )
    return ReportTable(
        title=_("End-of-shift report"),
        subtitle=span,
        columns=(
            Column(_("Clerk")),
            Column(_("Method")),
            Column(_("Payments"), "int"),
            Column(_("Taken"), "money"),
            Column(_("Tendered"), "money"),
            Column(_("Change"), "money"),
            Column(_("Refunds"), "int"),
            Column(_("Refunded"), "money"),
            Column(_("Net"), "money"),
        ),
        rows=tuple(rows),
        totals=None,
        utc_offset_minutes=utc_offset_minutes,
        emphasis=tuple(emphasis),
    )


def to_csv(table: ReportTable) -> str:
    """The table as CSV text: a header row, data rows, and the totals row if any."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    kinds = [c.kind for c in table.columns]
    body = [*table.rows, *([table.totals] if table.totals else [])]
    for row in body:
        writer.writerow(table.csv_cell(v, k) for v, k in zip(row, kinds, strict=True))
    return out.getvalue()


def heading_csv(table: ReportTable, generated_at: datetime) -> str:
    """What a saved CSV starts with: the report, its period and when its figures were read,
    then an empty line before the table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([table.title])
    if table.subtitle:
        writer.writerow([_("Period"), table.subtitle])
    writer.writerow([_("Generated"), table.local_text(generated_at)])
    writer.writerow([])
    return out.getvalue()


def save_csv(path: str | Path, table: ReportTable, generated_at: datetime | None = None) -> None:
    """The table as a CSV file, under a heading naming its period and time of generation."""
    text = heading_csv(table, generated_at or utcnow()) + to_csv(table)
    # utf-8-sig: spreadsheet programs then read "€" and accented names correctly.
    Path(path).write_text(text, encoding="utf-8-sig", newline="")


def to_pdf(
    tables: Sequence[ReportTable], title: str = "", generated_at: datetime | None = None
) -> bytes:
    """A landscape A4 document with one styled table per report."""
    return render_pdf(tables, title, generated_at)


def save_pdf(
    path: str | Path,
    tables: Sequence[ReportTable],
    title: str = "",
    generated_at: datetime | None = None,
) -> None:
    Path(path).write_bytes(to_pdf(tables, title, generated_at))
