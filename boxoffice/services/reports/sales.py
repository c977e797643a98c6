"""Sales reports for managers: per day, per price tier, per payment method, per event (and per
ticket type, fees and tax per rate: :mod:`.pricing`).

Every figure is aggregated by the database (GROUP BY over indexed ranges); Python only receives
one row per day, tier, method or event, never tickets. Closed days are read from per-day
summaries (:mod:`.summaries`), the rest live (:mod:`.figures`); both add up to the same report.
Conventions:

- A ticket counts as *sold* on the day it was issued and as *cancelled* on the day it was
  cancelled (an exchange is both). Net = sold − cancelled, so reports over adjacent periods add up.
- Revenue is the tickets' face price; money actually taken and given back is the per-method
  report (payments − refunds).
- Days are calendar days at the period's fixed UTC offset (see :mod:`reports_period`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, Ticket, Venue
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import TicketStatus
from boxoffice.i18n import _
from boxoffice.services.events.house import kept_back_in
from boxoffice.services.reports.figures import (
    NO_TYPE,
    Figures,
    money_sum,
    tier_names,
    type_names,
)
from boxoffice.services.reports.methods import method_name, method_order
from boxoffice.services.reports.period import Period
from boxoffice.services.reports.pricing import FeeRow, TaxRow, TypeRow
from boxoffice.services.reports.summaries import needs_refresh, read_figures, refresh_in
from boxoffice.services.sales.inventory import ga_allocations

log = logging.getLogger(__name__)
ZERO = Decimal("0.00")
_LIVE = (TicketStatus.VALID.value, TicketStatus.USED.value)


@dataclass(frozen=True)
class DayRow:
    day: date
    tickets_sold: int
    tickets_cancelled: int
    gross: Decimal  # face value of tickets issued that day
    cancelled: Decimal  # face value of tickets cancelled that day

    @property
    def net_tickets(self) -> int:
        return self.tickets_sold - self.tickets_cancelled

    @property
    def net(self) -> Decimal:
        return self.gross - self.cancelled


@dataclass(frozen=True)
class TierRow:
    """One price tier (overall: all tiers of that name across events)."""

    name: str
    colour: str
    tickets_sold: int
    tickets_cancelled: int
    gross: Decimal
    cancelled: Decimal

    @property
    def net_tickets(self) -> int:
        return self.tickets_sold - self.tickets_cancelled

    @property
    def net(self) -> Decimal:
        return self.gross - self.cancelled


@dataclass(frozen=True)
class MethodRow:
    method: str  # domain.status.PaymentMethodKind value
    payments: int
    paid: Decimal
    refunds: int
    refunded: Decimal

    @property
    def label(self) -> str:
        return method_name(self.method)

    @property
    def net(self) -> Decimal:
        return self.paid - self.refunded


@dataclass(frozen=True)
class SalesReport:
    """Daily, per-tier and per-method figures of one period, read in one transaction."""

    period: Period
    event_id: int | None
    event_title: str  # "All events" when event_id is None
    days: tuple[DayRow, ...]  # every day of the period, zero-filled
    tiers: tuple[TierRow, ...]
    methods: tuple[MethodRow, ...]
    types: tuple[TypeRow, ...] = ()  # per ticket type (concession)
    fees: tuple[FeeRow, ...] = ()
    taxes: tuple[TaxRow, ...] = ()  # per rate

    @property
    def tickets_sold(self) -> int:
        return sum(d.tickets_sold for d in self.days)

    @property
    def tickets_cancelled(self) -> int:
        return sum(d.tickets_cancelled for d in self.days)

    @property
    def gross(self) -> Decimal:
        return sum((d.gross for d in self.days), ZERO)

    @property
    def net(self) -> Decimal:
        return sum((d.net for d in self.days), ZERO)

    @property
    def refunded(self) -> Decimal:
        return sum((m.refunded for m in self.methods), ZERO)


@dataclass(frozen=True)
class EventStatsRow:
    event_id: int
    title: str
    venue: str
    starts_at: datetime
    status: str
    capacity: int
    sold: int  # valid + used tickets now
    revenue: Decimal  # face value of those tickets
    house: tuple[tuple[str, int], ...] = ()  # unsold seats kept back now, per named hold type

    @property
    def house_text(self) -> str:
        """``House 16, Press 6`` (empty when nothing is kept back)."""
        return ", ".join(f"{name} {n:,}" for name, n in self.house if n)

    @property
    def percent_sold(self) -> float:
        return 100.0 * self.sold / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class EventOption:
    """An event for the report's event selector."""

    id: int
    title: str
    starts_at: datetime
    venue: str


def _title(session: Session, event_id: int | None) -> str:
    if event_id is None:
        return _("All events")
    title = session.scalar(select(Event.title).where(Event.id == event_id))
    if title is None:
        raise NotFound(_("No event with id {event_id}.").format(event_id=event_id))
    return title


def _tickets(values: Sequence[Any]) -> tuple[int, int, Decimal, Decimal]:
    return int(values[0]), int(values[1]), values[2], values[3]


def finish(
    session: Session, period: Period, event_id: int | None, title: str, figures: Figures
) -> SalesReport:
    """The report of *figures*: zero-filled days, tiers and types by name, methods in order."""
    zero = [0, 0, ZERO, ZERO]
    days = tuple(DayRow(d, *_tickets(figures.days.get(d, zero))) for d in period.days())
    by_name: dict[str, list[Any]] = {}  # name -> [colour, order, sold, cancelled, gross, back]
    named = tier_names(session, figures.tiers)
    for tier_id, values in figures.tiers.items():
        name, colour, order = named[tier_id]
        row = by_name.setdefault(name, [colour, order, 0, 0, ZERO, ZERO])
        row[0], row[1] = min(row[0], colour), min(row[1], order)
        for i in range(4):
            row[2 + i] += values[i]
    ordered = sorted(by_name.items(), key=lambda kv: (kv[1][1], kv[0]))
    tiers = tuple(TierRow(name, v[0], *_tickets(v[2:])) for name, v in ordered)
    type_rows: dict[str, list[Any]] = {}
    kinds = type_names(session, figures.types)
    for type_id, values in figures.types.items():
        name = kinds.get(type_id, NO_TYPE) if type_id is not None else NO_TYPE
        row = type_rows.setdefault(name, [0, 0, ZERO, ZERO])
        for i in range(4):
            row[i] += values[i]
    types = tuple(
        TypeRow(name, *_tickets(v))
        for name, v in sorted(type_rows.items(), key=lambda kv: (-kv[1][0], kv[0]))
    )
    methods = tuple(
        MethodRow(m, int(v[0]), v[1], int(v[2]), v[3])
        for m, v in sorted(figures.methods.items(), key=lambda kv: method_order(kv[0]))
    )
    fees = tuple(FeeRow(label, int(v[0]), v[1]) for label, v in sorted(figures.fees.items()))
    taxes = tuple(
        TaxRow(label, included, v[0], v[1])
        for (label, included), v in sorted(figures.taxes.items())
    )
    return SalesReport(
        period=period,
        event_id=event_id,
        event_title=title,
        days=days,
        tiers=tiers,
        methods=methods,
        types=types,
        fees=fees,
        taxes=taxes,
    )


def sales_report(
    db: Database,
    actor: Actor,
    period: Period,
    event_id: int | None = None,
    summaries: bool = True,
    now: datetime | None = None,
) -> SalesReport:
    """Daily, per-tier, per-type and per-method figures, fees and tax, for one event (or all).

    Closed days come from the per-day summaries (:mod:`.summaries`; those of the period not
    summarised yet are summarised first), the others live, in one read transaction; the result
    equals the plain aggregate over the base tables, which ``summaries=False`` reads.
    """
    actor.require(Permission.VIEW_REPORTS)
    if summaries and needs_refresh(db, period, now):
        _refresh(db, period.utc_offset_minutes, period.first_day, period.last_day, now, ())

    def work(s: Session) -> tuple[SalesReport, frozenset[date]]:
        title = _title(s, event_id)
        read = read_figures(s, period, event_id, summaries)
        return finish(s, period, event_id, title, read.figures), read.stale

    report, stale = db.run(work)
    if stale:  # days changed after they were summarised: summarise them again
        _refresh(db, period.utc_offset_minutes, min(stale), max(stale), now, stale)
    return report


def _refresh(
    db: Database,
    offset: int,
    first: date,
    last: date,
    now: datetime | None,
    also: Iterable[date],
) -> None:
    """Summarising only makes the next report faster: a report never fails for it."""
    try:
        refresh_in(db, offset, first, last, now, also)
    except DBAPIError:
        log.warning("Summarising report days failed; they are read live.", exc_info=True)


def event_statistics(
    db: Database,
    actor: Actor,
    include_past: bool = False,
    limit: int = 500,
    now: datetime | None = None,
    series_id: int | None = None,
) -> list[EventStatsRow]:
    """Tickets sold, capacity and revenue of each event (upcoming, or all), by start time;
    *series_id*: only the performances of that series.

    One query lists the events; one GROUP BY over (event_id, status) counts their live tickets.
    """
    actor.require(Permission.VIEW_REPORTS)
    limit = max(1, min(int(limit), 5000))
    moment = now or utcnow()

    def work(s: Session) -> list[EventStatsRow]:
        events = select(
            Event.id, Event.title, Venue.name, Event.starts_at, Event.status, Event.capacity
        ).join(Venue, Venue.id == Event.venue_id)
        if series_id is not None:
            events = events.where(Event.series_id == int(series_id))
        if include_past:
            events = events.order_by(Event.starts_at.desc(), Event.id)
        else:
            events = events.where(Event.ends_at >= moment - timedelta(days=1))
            events = events.order_by(Event.starts_at, Event.id)
        rows = list(s.execute(events.limit(limit)))
        if not rows:
            return []
        totals = {
            event_id: (int(count), amount)
            for event_id, count, amount in s.execute(
                select(Ticket.event_id, func.count(), money_sum(Ticket.price))
                .where(Ticket.event_id.in_([r[0] for r in rows]), Ticket.status.in_(_LIVE))
                .group_by(Ticket.event_id)
            )
        }
        ids = [r[0] for r in rows]
        kept, _release = kept_back_in(s, ids, moment)
        for event_id, places in ga_allocations.kept_in(s, ids, moment)[0].items():
            kept.setdefault(event_id, []).extend(places)  # GA allocations, seated events have none
        return [
            EventStatsRow(
                event_id=r[0],
                title=r[1],
                venue=r[2],
                starts_at=r[3],
                status=r[4],
                capacity=int(r[5]),
                sold=totals.get(r[0], (0, ZERO))[0],
                revenue=totals.get(r[0], (0, ZERO))[1],
                house=tuple(kept.get(r[0], ())),
            )
            for r in rows
        ]

    return db.run(work)


def report_events(
    db: Database, actor: Actor, limit: int = 500, now: datetime | None = None
) -> list[EventOption]:
    """Events to pick in the report's event selector: upcoming first, then the recent past."""
    actor.require(Permission.VIEW_REPORTS)
    moment = now or utcnow()

    def work(s: Session) -> list[EventOption]:
        base = select(Event.id, Event.title, Event.starts_at, Venue.name).join(
            Venue, Venue.id == Event.venue_id
        )
        upcoming = list(
            s.execute(base.where(Event.starts_at >= moment).order_by(Event.starts_at).limit(limit))
        )
        past = list(
            s.execute(
                base.where(Event.starts_at < moment)
                .order_by(Event.starts_at.desc())
                .limit(max(0, limit - len(upcoming)))
            )
        )
        return [EventOption(*r) for r in upcoming + past]

    return db.run(work)
