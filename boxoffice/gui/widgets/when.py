"""Dates and times on the desk's screens, written the way the desk's language writes them.

CLDR skeletons through Babel (the locale picks the order, the month names and the separators);
24-hour clock everywhere, as box offices and printed tickets use it. Pass a local time (the
callers convert with ``astimezone()``); nothing here formats a date by hand.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates

from boxoffice.i18n import current_language


def _skeleton(value: date | datetime, skeleton: str) -> str:
    return str(dates.format_skeleton(skeleton, value, locale=current_language()))


def _joined(day: str, clock: str) -> str:
    pattern = str(Locale.parse(current_language()).datetime_formats["medium"])
    return pattern.replace("{1}", day).replace("{0}", clock)


def when_text(value: datetime, weekday: bool = True, year: bool = True) -> str:
    """``Sat, Mar 14, 2026, 19:30`` (en), ``Sa., 14. März 2026, 19:30`` (de)."""
    skeleton = ("y" if year else "") + "MMM" + ("E" if weekday else "") + "d"
    return _joined(_skeleton(value, skeleton), clock_text(value))


def day_text(value: date, weekday: bool = False, year: bool = True) -> str:
    """``Mar 14, 2026`` (en), ``14. März 2026`` (de); with *weekday* ``Sat, Mar 14, 2026``."""
    skeleton = ("y" if year else "") + "MMM" + ("E" if weekday else "") + "d"
    return _skeleton(value, skeleton)


def clock_text(value: datetime, seconds: bool = False) -> str:
    """``19:30`` (or ``19:30:05``)."""
    return _skeleton(value, "Hms" if seconds else "Hm")
