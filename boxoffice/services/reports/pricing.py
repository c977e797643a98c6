"""Sales split by ticket type, and the fees and tax taken, per period (GROUP BY in the database).

Types follow the ticket conventions of :mod:`.sales` (sold on the day issued, cancelled on the
day cancelled). Fees and tax are those of the sales made in the period, as priced
(``sale_adjustment``): tax per rate with its net and gross; included tax is inside the prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, SaleAdjustment, Ticket, TicketType
from boxoffice.db.types import Money
from boxoffice.services.reports.period import Period

ZERO = Decimal("0.00")
NO_TYPE = "(no type)"


@dataclass(frozen=True)
class TypeRow:
    name: str  # the ticket type ("Child"), all events' types of that name together
    tickets_sold: int
    tickets_cancelled: int
    gross: Decimal
    cancelled: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.cancelled


@dataclass(frozen=True)
class FeeRow:
    name: str
    count: int  # fee lines charged (per ticket: one per ticket)
    amount: Decimal


@dataclass(frozen=True)
class TaxRow:
    rate: str  # "VAT 20%"
    included: bool  # inside the prices (True) or added to them
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


def _money(column: Any) -> Any:
    """SUM as an exact two-place Decimal (0.00 without rows), as the sales report sums."""
    return type_coerce(func.coalesce(func.sum(column), 0), Money)


def _scoped(stmt: Any, event_id: int | None) -> Any:
    if event_id is None:
        return stmt
    return stmt.join(Booking, Booking.id == SaleAdjustment.booking_id).where(
        Booking.event_id == event_id
    )


def types_in(session: Session, period: Period, event_id: int | None) -> tuple[TypeRow, ...]:
    """Tickets and revenue per ticket type name: grouped by type id first, then by name."""
    found: dict[str, list[Any]] = {}
    for index, column in enumerate((Ticket.issued_at, Ticket.cancelled_at)):
        stmt = select(Ticket.ticket_type_id, func.count(), _money(Ticket.price)).where(
            column >= period.start, column < period.end
        )
        if event_id is not None:
            stmt = stmt.where(Ticket.event_id == event_id)
        groups = list(session.execute(stmt.group_by(Ticket.ticket_type_id)))
        ids = [g[0] for g in groups if g[0] is not None]
        names: dict[int | None, str] = {}
        if ids:
            query = select(TicketType.id, TicketType.name).where(TicketType.id.in_(ids))
            names = {type_id: name for type_id, name in session.execute(query)}
        for type_id, count, amount in groups:
            row = found.setdefault(names.get(type_id, NO_TYPE), [0, 0, ZERO, ZERO])
            row[index] += int(count)
            row[2 + index] += amount
    return tuple(TypeRow(name, *v) for name, v in sorted(found.items(), key=lambda kv: -kv[1][0]))


def fees_in(session: Session, period: Period, event_id: int | None) -> tuple[FeeRow, ...]:
    stmt = select(SaleAdjustment.label, func.count(), _money(SaleAdjustment.amount)).where(
        SaleAdjustment.created_at >= period.start,
        SaleAdjustment.created_at < period.end,
        SaleAdjustment.step == "fee",
    )
    rows = session.execute(_scoped(stmt, event_id).group_by(SaleAdjustment.label))
    return tuple(FeeRow(label, int(n), amount) for label, n, amount in rows)


def taxes_in(session: Session, period: Period, event_id: int | None) -> tuple[TaxRow, ...]:
    stmt = select(
        SaleAdjustment.label,
        SaleAdjustment.included,
        _money(SaleAdjustment.base),
        _money(SaleAdjustment.amount),
    ).where(
        SaleAdjustment.created_at >= period.start,
        SaleAdjustment.created_at < period.end,
        SaleAdjustment.step == "tax",
    )
    stmt = _scoped(stmt, event_id).group_by(SaleAdjustment.label, SaleAdjustment.included)
    return tuple(
        TaxRow(label, bool(included), net, tax)
        for label, included, net, tax in session.execute(stmt.order_by(SaleAdjustment.label))
    )
