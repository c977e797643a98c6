"""Showing stored UTC times in the venue's local time, on tickets and at the door.

Times are stored as aware UTC and written the way the current language's locale writes them
(CLDR through Babel; never the process locale, which Qt sets from the environment). Tickets
and the check-in screen show them in one zone: the
``timezone`` setting (an IANA name such as ``Europe/London``, env ``BOXOFFICE_TIMEZONE``) or,
when it is empty, the zone of the machine doing the rendering. The zone's abbreviation is
printed next to every time so nobody has to guess.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from boxoffice import config
from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _
from boxoffice.i18n.formats import clock_text, date_text, day_month_text, weekday_date_text


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
            _("Unknown time zone {name!r} in the timezone setting (BOXOFFICE_TIMEZONE).").format(
                name=name
            )
        ) from None


def local(value: datetime, zone: tzinfo | None = None) -> datetime:
    """*value* (aware UTC) in the venue zone."""
    return value.astimezone(zone or venue_zone())


def format_when(value: datetime, zone: tzinfo | None = None) -> str:
    """``Sat, Dec 14, 2024, 19:30 GMT`` (en): date and time of a performance."""
    at = local(value, zone)
    return f"{weekday_date_text(at)}, {clock_text(at)} {at.tzname() or ''}".rstrip()


def format_date(value: datetime, zone: tzinfo | None = None) -> str:
    return weekday_date_text(local(value, zone))


def format_clock(value: datetime, zone: tzinfo | None = None) -> str:
    """``19:03`` (today) or ``Dec 12 19:03`` (another day), for "already used at ..."."""
    zone = zone or venue_zone()
    at = local(value, zone)
    today = datetime.now(zone).date()
    return clock_text(at) if at.date() == today else f"{day_month_text(at)} {clock_text(at)}"


def format_stamp(value: datetime, zone: tzinfo | None = None) -> str:
    """``Dec 14, 2024 18:02`` (en): when a payment or refund happened."""
    at = local(value, zone)
    return f"{date_text(at)} {clock_text(at)}"


def zone_label(value: datetime, zone: tzinfo | None = None) -> str:
    """``Europe/London, GMT`` (a named zone) or ``CET`` (the machine's zone)."""
    zone = zone or venue_zone()
    abbrev = local(value, zone).tzname() or ""
    key = getattr(zone, "key", "")
    return f"{key}, {abbrev}" if key and abbrev and key != abbrev else key or abbrev
