"""A report as a plain table of typed cells, and how each cell reads in CSV and in print.

Both writers (:mod:`.export` for CSV, :mod:`.pdf`) take a :class:`ReportTable`; it imports
neither, so they do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from boxoffice.domain.money import format_money
from boxoffice.i18n.formats import number_text, percent_text, stamp_text, weekday_date_text

Kind = Literal["text", "int", "money", "date", "datetime", "percent"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "money", "percent")


@dataclass(frozen=True)
class ReportTable:
    """A titled table; ``totals`` is an optional last row shown in bold."""

    title: str
    subtitle: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None
    utc_offset_minutes: int = 0  # zone datetimes are shown in
    emphasis: tuple[int, ...] = ()  # indexes of rows shown in bold (subtotals)

    def local_text(self, moment: datetime) -> str:
        """*moment* (UTC) as the report's readers read it: ``Dec 3, 2026 18:13`` (en)."""
        return stamp_text(self._local(moment))

    def csv_cell(self, value: Any, kind: Kind) -> str:
        if value is None:
            return ""
        if kind == "percent":
            return f"{value:.1f}"
        if kind == "datetime" and isinstance(value, datetime):
            return self._local(value).isoformat(timespec="minutes")
        if isinstance(value, date | Decimal):
            return value.isoformat() if isinstance(value, date) else f"{value:.2f}"
        return str(value)

    def text_cell(self, value: Any, kind: Kind) -> str:
        if value is None:
            return ""
        if kind == "money" and isinstance(value, Decimal):
            return format_money(value)
        if kind == "int" and isinstance(value, int):
            return number_text(value)
        if kind == "percent":
            # A share in percent (45.0 for 45 %), written with the locale's sign and spacing.
            return percent_text(Decimal(str(value)).quantize(Decimal("0.1")) / 100)
        if kind == "datetime" and isinstance(value, datetime):
            return stamp_text(self._local(value))
        if kind == "date" and isinstance(value, date):
            return weekday_date_text(value)
        return str(value)

    def _local(self, value: datetime) -> datetime:
        return (value + timedelta(minutes=self.utc_offset_minutes)).replace(tzinfo=None)
