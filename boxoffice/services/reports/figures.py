"""The sums a sales report is made of, before names and order: they add up over days, so a
report is the sum of its days read from per-day summaries (:mod:`.summaries`) and of the days
read live from the base tables here, and :func:`finish` turns either into a SalesReport.

Live reads are GROUP BY queries over indexed time ranges; Python receives one row per day, tier,
type, method, fee or tax, never tickets. Conventions (see :mod:`.sales`): a ticket counts as
sold on the day it was issued and as cancelled on the day it was cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, PriceTier, SaleAdjustment, Ticket, TicketType
from boxoffice.db.types import Money
from boxoffice.services.reports.period import as_date, day_bucket

ZERO = Decimal("0.00")
NO_TYPE = "(no type)"

# [sold, cancelled, sold amount, cancelled amount]
TicketSums = list[Any]
# payments, paid, refunds, refunded
MethodSums = list[Any]


def money_sum(column: Any) -> Any:
    """SUM as an exact two-place Decimal on both backends (0.00 when there are no rows)."""
    return type_coerce(func.coalesce(func.sum(column), 0), Money)


def _blank_tickets() -> TicketSums:
    return [0, 0, ZERO, ZERO]


@dataclass
class Figures:
    """Additive sums of a report: per local day, tier id, ticket type id (None: no type),
    payment method, fee label and (tax label, included)."""

    days: dict[date, TicketSums] = field(default_factory=dict)
    tiers: dict[int, TicketSums] = field(default_factory=dict)
    types: dict[int | None, TicketSums] = field(default_factory=dict)
    methods: dict[str, MethodSums] = field(default_factory=dict)
    fees: dict[str, list[Any]] = field(default_factory=dict)  # [count, amount]
    taxes: dict[tuple[str, bool], list[Any]] = field(default_factory=dict)  # [net, tax]

    def add(self, other: Figures) -> None:
        for mine, theirs in (
            (self.days, other.days),
            (self.tiers, other.tiers),
            (self.types, other.types),
            (self.methods, other.methods),
            (self.fees, other.fees),
            (self.taxes, other.taxes),
        ):
            for key, values in theirs.items():
                _add_into(mine, key, values)


def _add_into(target: dict[Any, list[Any]], key: Any, values: Iterable[Any]) -> None:
    values = list(values)
    row = target.get(key)
    if row is None:
        target[key] = values
        return
    for i, v in enumerate(values):
        row[i] += v


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _tickets_between(
    stmt: Any, column: Any, start: datetime, end: datetime, event: int | None
) -> Any:
    stmt = stmt.where(column >= start, column < end)
    if event is not None:
        stmt = stmt.where(Ticket.event_id == event)
    return stmt


def live_tickets(
    session: Session, start: datetime, end: datetime, offset: int, event_id: int | None
) -> Figures:
    """Tickets issued and cancelled in [start, end): per day, tier id and type id (six GROUP BY
    queries over the issued_at / cancelled_at indexes)."""
    out = Figures()
    dialect = _dialect(session)
    for index, column in enumerate((Ticket.issued_at, Ticket.cancelled_at)):
        bucket = day_bucket(column, offset, dialect).label("day")
        stmt = select(bucket, func.count(), money_sum(Ticket.price))
        stmt = _tickets_between(stmt, column, start, end, event_id).group_by(bucket)
        for day, count, amount in session.execute(stmt):
            row = out.days.setdefault(as_date(day), _blank_tickets())
            row[index], row[2 + index] = int(count), amount
        for key, target in ((Ticket.tier_id, out.tiers), (Ticket.ticket_type_id, out.types)):
            stmt = select(key, func.count(), money_sum(Ticket.price))
            stmt = _tickets_between(stmt, column, start, end, event_id).group_by(key)
            for ident, count, amount in session.execute(stmt):
                row = target.setdefault(ident, _blank_tickets())
                row[index], row[2 + index] = int(count), amount
    return out


def live_money(session: Session, start: datetime, end: datetime, event_id: int | None) -> Figures:
    """Payments and refunds per method, fees per label and tax per rate made in [start, end)."""
    from boxoffice.services.reports.sales import by_method  # shared with the shift report

    out = Figures()

    def of_event(stmt: Any, table: Any) -> Any:
        if event_id is None:
            return stmt
        return stmt.join(Booking, Booking.id == table.booking_id).where(
            Booking.event_id == event_id
        )

    for method, values in by_method(session, start, end, of_event).get(None, []):
        out.methods[method] = values
    adjusted = (SaleAdjustment.created_at >= start, SaleAdjustment.created_at < end)
    fees = select(SaleAdjustment.label, func.count(), money_sum(SaleAdjustment.amount)).where(
        *adjusted, SaleAdjustment.step == "fee"
    )
    for label, count, amount in session.execute(
        of_event(fees, SaleAdjustment).group_by(SaleAdjustment.label)
    ):
        out.fees[label] = [int(count), amount]
    taxes = select(
        SaleAdjustment.label,
        SaleAdjustment.included,
        money_sum(SaleAdjustment.base),
        money_sum(SaleAdjustment.amount),
    ).where(*adjusted, SaleAdjustment.step == "tax")
    taxes = of_event(taxes, SaleAdjustment).group_by(SaleAdjustment.label, SaleAdjustment.included)
    for label, included, net, tax in session.execute(taxes):
        out.taxes[(label, bool(included))] = [net, tax]
    return out


def tier_names(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str, int]]:
    """Tier id -> (name, colour, sort order) of the tiers named."""
    wanted = sorted(set(ids))
    found: dict[int, tuple[str, str, int]] = {}
    for i in range(0, len(wanted), 500):
        query = select(PriceTier.id, PriceTier.name, PriceTier.colour, PriceTier.sort_order)
        for ident, name, colour, order in session.execute(
            query.where(PriceTier.id.in_(wanted[i : i + 500]))
        ):
            found[ident] = (name, colour, int(order))
    return found


def type_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    found: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        query = select(TicketType.id, TicketType.name).where(TicketType.id.in_(wanted[i : i + 500]))
        found.update({ident: name for ident, name in session.execute(query)})
    return found
