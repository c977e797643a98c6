"""Report periods: whole days in one fixed UTC offset, and the SQL that buckets rows into them.

Days are explicit about their zone: a :class:`Period` of 1–7 March at ``utc_offset_minutes=60``
covers 28 Feb 23:00 UTC up to 7 Mar 23:00 UTC, and a ticket issued at 23:30 UTC on 1 March
counts for 2 March. A fixed offset (not a named zone) keeps the bucketing a plain SQL
expression on both backends; the GUI passes the desk's current offset and shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, literal_column
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _
from boxoffice.i18n.formats import date_text

MAX_OFFSET_MINUTES = 14 * 60
MAX_DAYS = 3660  # ten years of day buckets is the most a chart can show
PRESETS: dict[str, int] = {"7d": 7, "30d": 30, "1y": 365}


def zone_label(utc_offset_minutes: int) -> str:
    """``UTC`` or ``UTC+05:30`` / ``UTC-03:00``."""
    if utc_offset_minutes == 0:
        return "UTC"
    sign = "+" if utc_offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(utc_offset_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


@dataclass(frozen=True)
class Period:
    """The whole days ``first_day`` … ``last_day`` (inclusive) at UTC + ``utc_offset_minutes``."""

    first_day: date
    last_day: date
    utc_offset_minutes: int = 0

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValidationError(_("The report period ends before it starts."))
        if (self.last_day - self.first_day).days + 1 > MAX_DAYS:
            raise ValidationError(
                _("A report covers at most {MAX_DAYS} days.").format(MAX_DAYS=MAX_DAYS)
            )
        if abs(self.utc_offset_minutes) > MAX_OFFSET_MINUTES:
            raise ValidationError(_("A time zone offset is at most 14 hours from UTC."))

    @property
    def start(self) -> datetime:
        """First instant of ``first_day`` in the period's zone, as aware UTC."""
        midnight = datetime.combine(self.first_day, time(), tzinfo=UTC)
        return midnight - timedelta(minutes=self.utc_offset_minutes)

    @property
    def end(self) -> datetime:
        """First instant after ``last_day`` (exclusive bound), as aware UTC."""
        return self.start + timedelta(days=self.day_count)

    @property
    def day_count(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.day_count)]

    @property
    def zone(self) -> str:
        return zone_label(self.utc_offset_minutes)

    @property
    def label(self) -> str:
        """``1 Mar 2025 – 30 Mar 2025 (UTC+01:00)``."""
        return (
            f"{date_text(self.first_day)} – {date_text(self.last_day)} ({self.zone})"
            if self.first_day != self.last_day
            else f"{date_text(self.first_day)} ({self.zone})"
        )


def last_days(days: int, utc_offset_minutes: int = 0, now: datetime | None = None) -> Period:
    """The *days* days ending today (today as seen at UTC + *utc_offset_minutes*)."""
    if days < 1:
        raise ValidationError(_("A report covers at least one day."))
    local_now = (now or utcnow()) + timedelta(minutes=utc_offset_minutes)
    today = local_now.date()
    return Period(today - timedelta(days=days - 1), today, utc_offset_minutes)


def preset(name: str, utc_offset_minutes: int = 0, now: datetime | None = None) -> Period:
    """``"7d"``, ``"30d"`` or ``"1y"`` ending today."""
    if name not in PRESETS:
        raise ValidationError(
            _("Unknown report range {name!r}; choose 7d, 30d or 1y.").format(name=name)
        )
    return last_days(PRESETS[name], utc_offset_minutes, now)


def day_bucket(column: Any, utc_offset_minutes: int, dialect: str) -> ColumnElement[Any]:
    """SQL for the local calendar day of a naive-UTC datetime *column*.

    The offset is an ``int`` validated by :class:`Period`, rendered literally so the SELECT
    and GROUP BY expressions are textually identical (ONLY_FULL_GROUP_BY accepts them).
    """
    minutes = int(utc_offset_minutes)
    if dialect in ("mysql", "mariadb"):
        shifted = func.date_add(column, literal_column(f"INTERVAL {minutes} MINUTE"))
        return func.date(shifted)
    # SQLite rounds fractional seconds to milliseconds (23:59:59.9999 would become the next
    # day), so the bucket is taken from the time truncated to whole seconds.
    return func.date(
        func.substr(column, 1, 19),
        literal_column(f"'{minutes:+d} minutes'"),
    )


def as_date(value: Any) -> date:
    """A day bucket as returned by the driver (``date`` on MySQL, ``'YYYY-MM-DD'`` on SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
