"""Booking fees: per ticket (on each line, times its quantity) or per order (once), for every
payment or only one method. Complimentary tickets carry no fee; an order of only complimentary
tickets carries no order fee either."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.services.sales.pricing.quotes import Adjustment, PriceLine, QuoteRequest

STEP = "fee"


@dataclass(frozen=True)
class FeeRule:
    """One fee of the event; ``tax_rate_id`` is the rate it is taxed at (None: the tickets')."""

    id: int
    name: str
    per: FeePer
    amount: Decimal
    refundable: bool = False
    payment_method: str | None = None  # only when paid this way (PaymentMethodKind)
    tax_rate_id: int | None = None

    def applies(self, payment_method: str | None) -> bool:
        return self.payment_method is None or self.payment_method == payment_method


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
        if not fee.applies(request.payment_method) or not fee.amount:
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
