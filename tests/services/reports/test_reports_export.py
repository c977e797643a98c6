"""CSV and PDF exports of every report."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from boxoffice.db.database import Database
from boxoffice.services.reports import export as reports_export
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports import shift as reports_shift
from boxoffice.services.reports.period import preset
from tests.services.reports.test_reports_support import demo_ids


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_every_report_exports_to_csv_and_pdf(demo_db: Database, tmp_path: Path) -> None:
    demo = demo_ids(demo_db)
    period = preset("30d", 60)
    report = reports.sales_report(demo_db, demo.manager, period)
    now = datetime.now(UTC)
    tables = [
        *reports_export.sales_tables(report),
        reports_export.stats_table(reports.event_statistics(demo_db, demo.manager), 60),
        reports_export.shift_table(
            reports_shift.shift_reports(demo_db, demo.manager, now - timedelta(days=40), now), 60
        ),
    ]
    for index, table in enumerate(tables):
        path = tmp_path / f"report{index}.csv"
        reports_export.save_csv(path, table, now)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        # A heading first: what the report is, its period and when it was generated.
        heading, rows = rows[: rows.index([]) + 1], rows[rows.index([]) + 1 :]
        assert heading[0] == [table.title]
        assert heading[-2] == ["Generated", table.local_text(now)]
        if table.subtitle:
            assert heading[1] == ["Period", table.subtitle]
        assert rows[0] == [c.name for c in table.columns]
        assert len(rows) == 1 + len(table.rows) + (1 if table.totals else 0)
        assert all(len(r) == len(table.columns) for r in rows)

    daily = list(csv.DictReader(io.StringIO(reports_export.to_csv(tables[0]))))
    assert len(daily) == 31 and daily[-1]["Day"] == "Total"
    assert daily[0]["Day"] == period.first_day.isoformat()
    assert Decimal(daily[-1]["Net revenue"]) == report.net  # plain numbers, no currency sign
    assert sum(Decimal(r["Gross"]) for r in daily[:-1]) == report.gross
    stats = list(csv.DictReader(io.StringIO(reports_export.to_csv(tables[5]))))
    assert stats[0]["Event"] == "Hamlet" and float(stats[0]["Sold %"]) > 0

    pdf = tmp_path / "all.pdf"
    reports_export.save_pdf(pdf, tables, "Manager reports")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    for title in (
        "Daily sales — All events",
        "Sales per price tier",
        "Payments per method",
        "Sales per ticket type",
        "Fees and tax",
        "Event statistics",
        "End-of-shift report",
        "Expected cash in drawer",
    ):
        assert title in text
    assert f"€{report.net:,.2f}" in text
    assert "UTC+01:00" in text and "Page 5" in text


def test_an_empty_report_still_renders(demo_db: Database) -> None:
    demo = demo_ids(demo_db)
    period = preset("7d", 0, now=datetime(2019, 1, 10, tzinfo=UTC))
    report = reports.sales_report(demo_db, demo.manager, period)
    table = reports_export.method_table(report)
    assert reports_export.to_csv(table).splitlines() == [
        "Method,Payments,Paid,Refunds,Refunded,Net",
        "Total,0,0.00,0,0.00,0.00",
    ]
    assert reports_export.to_pdf([reports_export.shift_table([])]).startswith(b"%PDF")
