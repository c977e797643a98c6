"""The adjustments a sale was priced with (ticket types, fees, tax), kept with the booking: the
receipt shows them, refunds keep what is not refundable, reports sum fees and tax per rate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from boxoffice.db.models import SaleAdjustment
from boxoffice.services.sales.pricing import Quote


def record(
    s: Session, booking_id: int, ticket_ids: Sequence[int], quote: Quote, now: datetime
) -> None:
    """One row per adjustment of *quote*; a line's goes on its ticket (the quote has one line
    per ticket, in the order of *ticket_ids*)."""
    if not quote.adjustments:
        return
    s.execute(
        insert(SaleAdjustment),
        [
            dict(
                booking_id=booking_id,
                ticket_id=None if a.line is None else ticket_ids[a.line],
                step=a.step[:16],
                label=a.label[:80],
                amount=a.amount,
                included=a.included,
                refundable=a.refundable,
                tax_rate_id=a.tax_rate_id,
                base=a.base,
                created_at=now,
            )
            for a in quote.adjustments
        ],
    )
