"""The from/to time pair of the shift and till pages: editors, "today", reading the span."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDateTimeEdit


def span_edit(name: str = "") -> QDateTimeEdit:
    """A minute-precise date-time editor with a calendar popup."""
    edit = QDateTimeEdit()
    if name:
        edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy HH:mm")
    return edit


def today_span(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Local midnight to the minute after *now* (so what happened this minute is in)."""
    moment = (now or datetime.now(UTC)).astimezone()
    midnight = datetime.combine(moment.date(), time(), tzinfo=moment.tzinfo)
    return midnight, moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


def set_span(start: QDateTimeEdit, end: QDateTimeEdit, span: tuple[datetime, datetime]) -> None:
    """Shows *span* without signals: the caller says once that it changed."""
    for edit, value in ((start, span[0]), (end, span[1])):
        edit.blockSignals(True)
        edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
        edit.blockSignals(False)


def read_span(start: QDateTimeEdit, end: QDateTimeEdit) -> tuple[datetime, datetime]:
    """The two editors' times in UTC."""
    return _utc(start), _utc(end)


def _utc(edit: QDateTimeEdit) -> datetime:
    return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)
