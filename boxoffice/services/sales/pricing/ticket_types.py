"""Ticket types (concessions): a line sold as Child, Senior, ... is priced by its type's rule
for its tier instead of the tier's price; the difference is the step's adjustment on the line."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from boxoffice.services.sales.pricing.quotes import Adjustment, QuoteRequest

CENT = Decimal("0.01")
STEP = "ticket type"


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
