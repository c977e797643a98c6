"""How a package price is split over its events, so each event's revenue stays right.

The rule: pro rata to the weights (the seat's single-ticket tier price in each event), each
share rounded down to the cent, and the cents left over go to the last event. With every weight
zero the price is split equally the same way. The shares always add up to the price exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


def split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """*total* (≥ 0, in cents) over *weights* (≥ 0, one per event, in event order)."""
    if not weights:
        raise ValueError("a package has at least one event")
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("a price and its weights are never negative")
    base = list(weights) if sum(weights) > 0 else [Decimal(1)] * len(weights)
    whole = sum(base)
    shares = [(total * w / whole).quantize(CENT, rounding=ROUND_DOWN) for w in base[:-1]]
    shares.append(total - sum(shares, Decimal("0.00")))
    return shares
