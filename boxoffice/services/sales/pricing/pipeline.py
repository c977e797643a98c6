"""Pricing: every quote is made here, for the cart (holds), checkout, an exchange of seats and a
refund, from the same inputs (:class:`QuoteRequest`) by the same ordered steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _
from boxoffice.services.sales.pricing import fees, tax, ticket_types
from boxoffice.services.sales.pricing.discount_codes import discount_code_step
from boxoffice.services.sales.pricing.quotes import (
    ZERO,
    Adjustment,
    PriceLine,
    PricingStep,
    Quote,
    QuoteRequest,
)

CENT = Decimal("0.01")

# The pipeline, in order: tier price -> ticket type -> discount code -> fees -> tax (-> vouchers).
STEPS: tuple[PricingStep, ...] = (ticket_types.step, discount_code_step, fees.step, tax.step)


def quote(request: QuoteRequest, steps: Sequence[PricingStep] | None = None) -> Quote:
    """Run *steps* (default: :data:`STEPS`) in order over *request*; the lines, every step's
    adjustments and the total."""
    adjustments: list[Adjustment] = []
    for step in STEPS if steps is None else steps:
        for adjustment in step(request, tuple(adjustments)):
            if adjustment.amount != adjustment.amount.quantize(CENT):
                raise ValueError(f"{adjustment.label}: {adjustment.amount} is not whole cents")
            if adjustment.line is not None and not 0 <= adjustment.line < len(request.lines):
                raise ValueError(f"{adjustment.label}: no line {adjustment.line}")
            adjustments.append(adjustment)
    subtotal = sum((line.amount for line in request.lines), ZERO)
    total = subtotal + sum((a.amount for a in adjustments if not a.included), ZERO)
    if total < 0:
        raise ValidationError(_("The discounts come to more than the tickets cost."))
    return Quote(request.lines, tuple(adjustments), total.quantize(CENT))


def quote_lines(lines: Sequence[PriceLine], steps: Sequence[PricingStep] | None = None) -> Quote:
    """:func:`quote` of *lines* with no codes and no customer."""
    return quote(QuoteRequest(tuple(lines)), steps)


def refund_quote(
    sold: Sequence[PriceLine], kept: Sequence[Decimal] = (), order: Decimal = ZERO
) -> Quote:
    """What giving back tickets returns: the prices they were sold at (*sold* carries each
    ticket's price as its line price) less what *kept* says each line keeps (its fees that are
    not refundable, with their tax), shown as "Not refundable" adjustments; plus *order*, the
    order-wide charges that are refundable, given back with the booking's last ticket."""
    lines = tuple(sold)
    adjustments = [
        Adjustment("fee", "Fees not refundable", -amount, line=i)
        for i, amount in enumerate(kept)
        if amount
    ]
    if order:
        adjustments.append(Adjustment("fee", "Order charges refunded", order))
    total = sum((line.amount for line in lines), ZERO) + sum((a.amount for a in adjustments), ZERO)
    return Quote(lines, tuple(adjustments), total.quantize(CENT))


@dataclass(frozen=True)
class ExchangeQuote:
    """Tickets given back for new seats: ``difference`` > 0 is charged, < 0 refunded."""

    returned: Quote
    bought: Quote

    @property
    def difference(self) -> Decimal:
        return self.bought.total - self.returned.total


def exchange_quote(
    returned: Sequence[PriceLine],
    bought: Sequence[PriceLine] | QuoteRequest,
    kept: Sequence[Decimal] = (),
) -> ExchangeQuote:
    """The quote of an exchange: *returned* tickets at their sold prices less what each keeps
    (*kept*: its fees that are not refundable, as :func:`refund_quote`), *bought* seats priced
    like a cart (a request carries their ticket types, the fees they bring and the tax)."""
    request = bought if isinstance(bought, QuoteRequest) else QuoteRequest(tuple(bought))
    return ExchangeQuote(refund_quote(returned, kept), quote(request))
