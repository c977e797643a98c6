"""An event's sales state as the manager reads it, derived from its status and sales window
(the window is the truth: "open sales now" and "close sales" move its ends)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from boxoffice.domain.status import EventStatus


class SalesState(StrEnum):
    DRAFT = "Draft"  # booking has not opened yet
    ON_SALE = "On sale"
    OFF_SALE = "Off sale"  # booking closed, or the event started
    CANCELLED = "Cancelled"


def sales_state(
    status: str, opens: datetime, closes: datetime, starts: datetime, now: datetime
) -> SalesState:
    """The state of an event with this *status* and sales window at *now* (aware times)."""
    if status == EventStatus.CANCELLED.value:
        return SalesState.CANCELLED
    if now < opens:
        return SalesState.DRAFT
    if now >= closes or now >= starts:
        return SalesState.OFF_SALE
    return SalesState.ON_SALE
