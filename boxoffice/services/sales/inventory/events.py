"""The event as a sale sees it (sales window), and :func:`publish`, the last statement of every
change to an event's seats or places: the seat version the monitor follows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import Event, EventSeat
from boxoffice.db.prepared import Prepared
from boxoffice.domain.errors import (
    NotFound,
    SalesClosed,
)
from boxoffice.domain.status import EventStatus
from boxoffice.i18n import _
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.sales.inventory.common import chunks


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    status: str
    starts_at: datetime
    sales_open_at: datetime
    sales_close_at: datetime
    ga_capacity: int | None
    layout_id: int | None

    @property
    def general_admission(self) -> bool:
        return self.ga_capacity is not None

    def sale_problem(self, now: datetime) -> str | None:
        """Why tickets cannot be sold at *now*, or None when they can."""
        if self.status == EventStatus.CANCELLED.value:
            return _("{title} is cancelled.").format(title=self.title)
        if self.starts_at <= now:
            return _("{title} has already started.").format(title=self.title)
        if now < self.sales_open_at:
            return _("Sales for {title} open on {moment} UTC.").format(
                title=self.title, moment=stamp_text(self.sales_open_at)
            )
        if now >= self.sales_close_at:
            return _("Sales for {title} have closed.").format(title=self.title)
        return None


# The columns of an EventRow, in its field order (checkout reads them joined to the seats).
EVENT_ROW_COLUMNS = (
    Event.id,
    Event.title,
    Event.status,
    Event.starts_at,
    Event.sales_open_at,
    Event.sales_close_at,
    Event.ga_capacity,
    Event.layout_id,
)


def _bump(unless_cancelled: bool) -> Prepared:
    """MySQL's bump (see :func:`lock_version`), built once: LAST_INSERT_ID(expr) hands the new
    version back in the OK packet, no second round trip."""
    which = Event.id == bindparam("b_event")
    if unless_cancelled:
        which = which & (Event.status != EventStatus.CANCELLED.value)
    return Prepared(
        update(Event)
        .where(which)
        .values(
            seat_version=func.last_insert_id(Event.seat_version + 1),
            sold_count=Event.sold_count + bindparam("b_sold"),
        )
        .execution_options(synchronize_session=False)
    )


_BUMP = {False: _bump(False), True: _bump(True)}
_STAMP = Prepared(
    update(EventSeat)
    .where(EventSeat.id.in_(bindparam("b_ids", expanding=True)))
    .values(version=bindparam("b_version"))
    .execution_options(synchronize_session=False)
)


def load_event(session: Session, event_id: int) -> EventRow:
    row = session.execute(select(*EVENT_ROW_COLUMNS).where(Event.id == event_id)).one_or_none()
    if row is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    return EventRow(*row)


def on_sale_event(session: Session, event_id: int, now: datetime) -> EventRow:
    """The event, or SalesClosed if it is cancelled, started or outside its sales window."""
    return require_on_sale(load_event(session, event_id), now)


def require_on_sale(event: EventRow, now: datetime) -> EventRow:
    """*event*, or SalesClosed if it is cancelled, started or outside its sales window."""
    problem = event.sale_problem(now)
    if problem:
        raise SalesClosed(problem)
    return event


def lock_version(
    session: Session, event_id: int, sold_delta: int = 0, *, unless_cancelled: bool = False
) -> int:
    """Lock the event row, bump ``seat_version`` (and ``sold_count``); returns the new version.

    NotFound if the event is gone (rolls the whole change back), or with *unless_cancelled*
    also if it was cancelled: the UPDATE reads the latest committed row, so a sale that bumps
    this way needs no second, locking read of the status (the caller says which it was).
    Use :func:`publish`.
    """
    session.flush()
    values: dict[str, Any] = {}
    if sold_delta:
        values["sold_count"] = Event.sold_count + sold_delta
    which = Event.id == event_id
    if unless_cancelled:
        which = which & (Event.status != EventStatus.CANCELLED.value)
    dialect = session.get_bind().dialect
    version: int | None
    if dialect.name in ("mysql", "mariadb"):
        params = {"b_event": event_id, "b_sold": sold_delta}
        result = _BUMP[unless_cancelled].write(session, params)
        version = int(result.lastrowid) if result.rowcount else None
    elif dialect.update_returning:
        version = session.execute(
            update(Event)
            .where(which)
            .values(seat_version=Event.seat_version + 1, **values)
            .returning(Event.seat_version)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
    else:  # pragma: no cover - every supported backend takes one of the branches above
        session.execute(
            update(Event)
            .where(which)
            .values(seat_version=Event.seat_version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        version = session.scalar(select(Event.seat_version).where(Event.id == event_id))
    if version is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    return version


def stamp(session: Session, seat_ids: Iterable[int], version: int) -> None:
    """Mark seats this transaction changed (and holds locked) with *version*."""
    for part in chunks(sorted(set(seat_ids))):
        _STAMP.write(session, {"b_ids": list(part), "b_version": version})


def publish(
    session: Session,
    event_id: int,
    seat_ids: Iterable[int] = (),
    sold_delta: int = 0,
    *,
    unless_cancelled: bool = False,
) -> int:
    """The end of every change to an event's seats or places: bump the event's version (and
    sold_count) and stamp the changed seats with it; returns the version. Call it last.
    *unless_cancelled*: NotFound if the event was cancelled meanwhile (see :func:`lock_version`)."""
    version = lock_version(session, event_id, sold_delta, unless_cancelled=unless_cancelled)
    stamp(session, seat_ids, version)
    return version
