"""Ticket types (concessions): a line sold as Child, Senior, ... is priced by its type's rule
for its tier instead of the tier's price; the difference is the step's adjustment on the line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from boxoffice.domain.pricing_kinds import TypePriceMode
from boxoffice.services.sales.pricing.quotes import ZERO, Adjustment, QuoteRequest

CENT = Decimal("0.01")
STEP = "ticket type"


@dataclass(frozen=True)
class TicketTypeRule:
    """A concession as it prices one tier: ``mode``/``value`` (None: the tier's price)."""

    id: int
    name: str
    mode: TypePriceMode | None = None
    value: Decimal = ZERO
    complimentary: bool = False
    check: str = ""  # what the clerk checks: "Ask for student ID"
    is_default: bool = False

    def unit_price(self, tier_price: Decimal) -> Decimal:
        """The type's price of a ticket whose tier costs *tier_price*: never below 0 nor above
        the tier's price; a percentage off is rounded half up to the cent."""
        if self.complimentary:
            return ZERO
        if self.mode is TypePriceMode.PRICE:
            price = self.value
        elif self.mode is TypePriceMode.OFF:
            price = tier_price - self.value
        elif self.mode is TypePriceMode.PERCENT:
            off = (tier_price * self.value / 100).quantize(CENT, ROUND_HALF_UP)
            price = tier_price - off
        else:
            price = tier_price
        return min(max(price, ZERO), tier_price).quantize(CENT)


def step(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
    """One adjustment per line whose type changes its price (Adult at the tier's price: none)."""
    found = []
    for index, line in enumerate(request.lines):
        rule = line.ticket_type
        if rule is None:
            continue
        difference = (rule.unit_price(line.price) - line.price) * line.quantity
        if difference:
            found.append(Adjustment(STEP, rule.name, difference, line=index))
    return found
