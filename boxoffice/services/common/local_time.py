"""Showing stored UTC times in the venue's local time, on tickets and at the door.

Times are stored as aware UTC. Tickets and the check-in screen show them in one zone: the
``timezone`` setting (an IANA name such as ``Europe/London``, env ``BOXOFFICE_TIMEZONE``) or,
when it is empty, the zone of the machine doing the rendering. The zone's abbreviation is
printed next to every time so nobody has to guess.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from boxoffice import config
from boxoffice.domain.errors import ConfigurationError

# English names whatever the process locale (Qt sets LC_ALL from the environment).
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def venue_zone() -> tzinfo:
    """The zone times are shown in (the setting, else the machine's local zone)."""
    name = str(config.get("timezone") or "").strip()
    if not name:
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            f"Unknown time zone {name!r} in the timezone setting (BOXOFFICE_TIMEZONE)."
        ) from None


def local(value: datetime, zone: tzinfo | None = None) -> datetime:
    """*value* (aware UTC) in the venue zone."""
    return value.astimezone(zone or venue_zone())


def format_when(value: datetime, zone: tzinfo | None = None) -> str:
    """``Sat 14 Dec 2024, 19:30 GMT``: date and time of a performance."""
    at = local(value, zone)
    return f"{_day_month_year(at)}, {at:%H:%M} {at.tzname() or ''}".rstrip()


def format_date(value: datetime, zone: tzinfo | None = None) -> str:
    return _day_month_year(local(value, zone))


def format_clock(value: datetime, zone: tzinfo | None = None) -> str:
    """``19:03`` (today) or ``12 Dec 19:03`` (another day), for "already used at ..."."""
    zone = zone or venue_zone()
    at = local(value, zone)
    today = datetime.now(zone).date()
    return f"{at:%H:%M}" if at.date() == today else f"{at.day} {_MONTHS[at.month - 1]} {at:%H:%M}"


def format_stamp(value: datetime, zone: tzinfo | None = None) -> str:
    """``14 Dec 2024 18:02``: when a payment or refund happened."""
    at = local(value, zone)
    return f"{at.day} {_MONTHS[at.month - 1]} {at.year} {at:%H:%M}"


def _day_month_year(at: datetime) -> str:
    return f"{_DAYS[at.weekday()]} {at.day} {_MONTHS[at.month - 1]} {at.year}"


def zone_label(value: datetime, zone: tzinfo | None = None) -> str:
    """``Europe/London, GMT`` (a named zone) or ``CET`` (the machine's zone)."""
    zone = zone or venue_zone()
    abbrev = local(value, zone).tzname() or ""
    key = getattr(zone, "key", "")
    return f"{key}, {abbrev}" if key and abbrev and key != abbrev else key or abbrev
