"""Event series patterns: the dates of a run of performances (daily or weekly, with exceptions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

MAX_PERFORMANCES = 366  # one series at most a year of daily shows: one short transaction


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


@dataclass(frozen=True)
class SeriesPattern:
    """Performances from *first* to *until* (inclusive): every day, or on *weekdays* (Monday =
    0) of every week; *skip* dates are left out (a dark night, a holiday)."""

    first: date
    until: date
    frequency: Frequency = Frequency.WEEKLY
    weekdays: frozenset[int] = field(default_factory=frozenset)
    skip: frozenset[date] = field(default_factory=frozenset)

    def dates(self) -> list[date]:
        """The performance dates, in order; ValidationError for a pattern that makes none or
        too many."""
        if self.until < self.first:
            raise ValidationError(_("The last date of a series comes before its first."))
        if any(d not in range(7) for d in self.weekdays):
            raise ValidationError(_("Weekdays are 0 (Monday) to 6 (Sunday)."))
        days = set(self.weekdays) or {self.first.weekday()}
        found: list[date] = []
        day = self.first
        while day <= self.until:
            wanted = self.frequency is Frequency.DAILY or day.weekday() in days
            if wanted and day not in self.skip:
                found.append(day)
                if len(found) > MAX_PERFORMANCES:
                    raise ValidationError(
                        _(
                            "A series has at most {MAX_PERFORMANCES} performances; shorten it."
                        ).format(MAX_PERFORMANCES=MAX_PERFORMANCES)
                    )
            day += timedelta(days=1)
        if not found:
            raise ValidationError(_("This pattern makes no performances: check the dates."))
        return found


def parse_skip_dates(text: str) -> frozenset[date]:
    """``"2026-12-24, 2026-12-25"`` → those dates (ValidationError names a bad one)."""
    out: set[date] = set()
    for part in _parts(text):
        try:
            out.add(date.fromisoformat(part))
        except ValueError:
            raise ValidationError(
                _("{part!r} is not a date (write 2026-12-24).").format(part=part)
            ) from None
    return frozenset(out)


def _parts(text: str) -> Iterable[str]:
    for chunk in text.replace(";", ",").replace("\n", ",").split(","):
        if chunk.strip():
            yield chunk.strip()
