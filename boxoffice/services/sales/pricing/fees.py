"""Booking fees: per ticket (on each line, times its quantity) or per order (once), for every
payment or only one method (charged when a tender of that method pays, also in a split payment:
each method used brings its own fees, once). Complimentary tickets carry no fee; an order of
only complimentary tickets carries no order fee either."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.services.sales.pricing.quotes import Adjustment, PriceLine, QuoteRequest
from boxoffice.services.sales.pricing.rules import FeeRule

STEP = "fee"


def _charged(line: PriceLine) -> bool:
    return line.ticket_type is None or not line.ticket_type.complimentary


def _fee(fee: FeeRule, amount: Decimal, line: int | None) -> Adjustment:
    return Adjustment(
        STEP,
        fee.name,
        amount,
        line=line,
        refundable=fee.refundable,
        tax_rate_id=fee.tax_rate_id,
    )


def step(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
    found: list[Adjustment] = []
    for fee in request.fees:
        if not fee.applies(request.payment_methods) or not fee.amount:
            continue
        if fee.per is FeePer.TICKET:
            found.extend(
                _fee(fee, fee.amount * line.quantity, i)
                for i, line in enumerate(request.lines)
                if _charged(line)
            )
        elif any(_charged(line) for line in request.lines):
            found.append(_fee(fee, fee.amount, None))
    return found
