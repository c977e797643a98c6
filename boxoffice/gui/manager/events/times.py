"""Date-time fields show the desk's local time; services take aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime

from boxoffice.gui.widgets.when import when_text

DISPLAY_FORMAT = "ddd d MMM yyyy  HH:mm"


def to_qt(value: datetime) -> QDateTime:
    """An aware datetime as a local QDateTime (what a QDateTimeEdit shows)."""
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def to_utc(value: QDateTime) -> datetime:
    """A QDateTimeEdit's local value as aware UTC, to the minute."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC).replace(second=0)


def local_text(value: datetime) -> str:
    """``Sat, Dec 14, 2024, 19:30`` in the desk's time zone."""
    return when_text(value.astimezone())
