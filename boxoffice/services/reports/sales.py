"""Sales reports for managers: per day, per price tier, per payment method, per event (and per
ticket type, fees and tax per rate: :mod:`.pricing`).

Every figure is aggregated by the database (GROUP BY over indexed ranges); Python only receives
one row per day, tier, method or event, never tickets. Conventions:

- A ticket counts as *sold* on the day it was issued and as *cancelled* on the day it was
  cancelled (an exchange is both). Net = sold − cancelled, so reports over adjacent periods add up.
- Revenue is the tickets' face price; money actually taken and given back is the per-method
  report (payments − refunds).
- Days are calendar days at the period's fixed UTC offset (see :mod:`reports_period`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Payment, PriceTier, Refund, Ticket, Venue
from boxoffice.db.types import Money
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import TicketStatus
from boxoffice.i18n import N_, _
from boxoffice.services.events.house import kept_back_in
from boxoffice.services.reports.period import Period, as_date, day_bucket
from boxoffice.services.reports.pricing import FeeRow, TaxRow, TypeRow, fees_in, taxes_in, types_in

ZERO = Decimal("0.00")
_LIVE = (TicketStatus.VALID.value, TicketStatus.USED.value)
METHOD_NAMES = {"cash": N_("Cash"), "card": N_("Card"), "saved_card": N_("Saved card")}


def method_name(method: str) -> str:
    known = METHOD_NAMES.get(method)
    return _(known) if known else method.replace("_", " ").capitalize()


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


def money_sum(column: Any) -> Any:
    """SUM as an exact two-place Decimal on both backends (0.00 when there are no rows)."""
    return type_coerce(func.coalesce(func.sum(column), 0), Money)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _title(session: Session, event_id: int | None) -> str:
    if event_id is None:
        return _("All events")
    title = session.scalar(select(Event.title).where(Event.id == event_id))
    if title is None:
        raise NotFound(_("No event with id {event_id}.").format(event_id=event_id))
    return title


def _ticket_range(stmt: Any, column: Any, period: Period, event_id: int | None) -> Any:
    stmt = stmt.where(column >= period.start, column < period.end)
    if event_id is not None:
        stmt = stmt.where(Ticket.event_id == event_id)
    return stmt


def daily_in(session: Session, period: Period, event_id: int | None) -> tuple[DayRow, ...]:
    """Tickets sold and cancelled per local day: two GROUP BY queries over indexed ranges."""
    dialect = _dialect(session)
    found: dict[date, list[Any]] = {}
    for index, column in enumerate((Ticket.issued_at, Ticket.cancelled_at)):
        bucket = day_bucket(column, period.utc_offset_minutes, dialect).label("day")
        stmt = select(bucket, func.count(), money_sum(Ticket.price))
        stmt = _ticket_range(stmt, column, period, event_id).group_by(bucket)
        for day, count, amount in session.execute(stmt):
            row = found.setdefault(as_date(day), [0, 0, ZERO, ZERO])
            row[index] = int(count)
            row[2 + index] = amount
    return tuple(DayRow(day, *found.get(day, (0, 0, ZERO, ZERO))) for day in period.days())


def tiers_in(session: Session, period: Period, event_id: int | None) -> tuple[TierRow, ...]:
    """Per tier name: the tickets are grouped by tier id first, then the few groups by name."""
    found: dict[str, list[Any]] = {}
    for index, column in enumerate((Ticket.issued_at, Ticket.cancelled_at)):
        per_tier = (
            _ticket_range(
                select(
                    Ticket.tier_id.label("tier_id"),
                    func.count().label("n"),
                    func.sum(Ticket.price).label("amount"),
                ),
                column,
                period,
                event_id,
            )
            .group_by(Ticket.tier_id)
            .subquery()
        )
        stmt = (
            select(
                PriceTier.name,
                func.min(PriceTier.colour),
                func.min(PriceTier.sort_order),
                func.sum(per_tier.c.n),
                money_sum(per_tier.c.amount),
            )
            .join(per_tier, per_tier.c.tier_id == PriceTier.id)
            .group_by(PriceTier.name)
        )
        for name, colour, order, count, amount in session.execute(stmt):
            row = found.setdefault(name, [colour, order, 0, 0, ZERO, ZERO])
            row[1] = min(row[1], order)
            row[2 + index] = int(count)
            row[4 + index] = amount
    ordered = sorted(found.items(), key=lambda kv: (kv[1][1], kv[0]))
    return tuple(TierRow(name, v[0], v[2], v[3], v[4], v[5]) for name, v in ordered)


def method_order(method: str) -> tuple[int, str]:
    """Sort key of payment methods: cash, card, saved card, then any other by name."""
    order = list(METHOD_NAMES)
    return (order.index(method) if method in order else len(order), method)


def by_method(
    session: Session,
    start: datetime,
    end: datetime,
    scope: Callable[[Any, type[Payment] | type[Refund]], Any] = lambda stmt, table: stmt,
    per_clerk: bool = False,
    payment_sums: Sequence[Any] = (),
) -> dict[Any, list[tuple[str, list[Any]]]]:
    """Payments and refunds made in [start, end) per method: two GROUP BY queries.

    *scope* narrows each statement (given the Payment or Refund table); *payment_sums* are more
    money sums of the payments. Returns, per clerk id (one ``None`` key unless *per_clerk*), the
    methods in :func:`method_order` with ``[payments, paid, refunds, refunded, *payment_sums]``.
    """
    blank = [0, ZERO, 0, ZERO, *(ZERO for _ in payment_sums)]
    found: dict[Any, dict[str, list[Any]]] = {}
    for table, sums, at in ((Payment, payment_sums, 0), (Refund, (), 2)):
        keys = (table.clerk_id, table.method) if per_clerk else (table.method,)
        stmt = select(*keys, func.count(), money_sum(table.amount), *sums).where(
            table.created_at >= start, table.created_at < end
        )
        for row in session.execute(scope(stmt, table).group_by(*keys)):
            clerk = row[0] if per_clerk else None
            method, count, amount, *more = row[1:] if per_clerk else row
            line = found.setdefault(clerk, {}).setdefault(method, list(blank))
            line[at], line[at + 1] = int(count), amount
            line[4 : 4 + len(more)] = more
    return {
        clerk: sorted(lines.items(), key=lambda kv: method_order(kv[0]))
        for clerk, lines in found.items()
    }


def methods_in(session: Session, period: Period, event_id: int | None) -> tuple[MethodRow, ...]:
    """Payments and refunds per method in the period (money in and out, net)."""

    def of_event(stmt: Any, table: type[Payment] | type[Refund]) -> Any:
        if event_id is None:
            return stmt
        return stmt.join(Booking, Booking.id == table.booking_id).where(
            Booking.event_id == event_id
        )

    lines = by_method(session, period.start, period.end, of_event).get(None, [])
    return tuple(MethodRow(m, *v) for m, v in lines)


def sales_report(
    db: Database, actor: Actor, period: Period, event_id: int | None = None
) -> SalesReport:
    """Daily, per-tier and per-method figures for one event (or all), in one transaction."""
    actor.require(Permission.VIEW_REPORTS)

    def work(s: Session) -> SalesReport:
        return SalesReport(
            period=period,
            event_id=event_id,
            event_title=_title(s, event_id),
            days=daily_in(s, period, event_id),
            tiers=tiers_in(s, period, event_id),
            methods=methods_in(s, period, event_id),
            types=types_in(s, period, event_id),
            fees=fees_in(s, period, event_id),
            taxes=taxes_in(s, period, event_id),
        )

    return db.run(work)


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
        kept, _release = kept_back_in(s, [r[0] for r in rows], moment)
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
