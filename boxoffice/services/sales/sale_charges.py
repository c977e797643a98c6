"""What a refund keeps and gives back of the charges a sale was priced with (sale_adjustment):
fees that are not refundable stay (with their tax); refundable order-wide charges (an order
fee and its tax) go back with the booking's last ticket."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from boxoffice.db.models import SaleAdjustment
from boxoffice.db.types import Money

ZERO = Decimal("0.00")


def refund_terms(
    s: Session, booking_id: int, ticket_ids: Sequence[int], last: bool
) -> tuple[list[Decimal], Decimal]:
    """Per ticket of *ticket_ids* the amount it keeps, and the order-wide amount given back
    (only when *last*: the booking closes)."""
    kept: dict[int, Decimal] = {}
    if ticket_ids:
        kept = {
            int(tid or 0): amount
            for tid, amount in s.execute(
                select(SaleAdjustment.ticket_id, _sum(SaleAdjustment.amount))
                .where(
                    SaleAdjustment.booking_id == booking_id,
                    SaleAdjustment.ticket_id.in_(list(ticket_ids)),
                    SaleAdjustment.refundable.is_(False),
                    SaleAdjustment.included.is_(False),
                )
                .group_by(SaleAdjustment.ticket_id)
            )
        }
    order = ZERO
    if last:
        order = ZERO + (
            s.scalar(
                select(_sum(SaleAdjustment.amount)).where(
                    SaleAdjustment.booking_id == booking_id,
                    SaleAdjustment.ticket_id.is_(None),
                    SaleAdjustment.refundable.is_(True),
                    SaleAdjustment.included.is_(False),
                )
            )
            or ZERO
        )
    return [kept.get(t, ZERO) for t in ticket_ids], order


def _sum(column: Any) -> Any:
    return type_coerce(func.coalesce(func.sum(column), 0), Money)
