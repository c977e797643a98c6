"""Discount codes as pricing sees them: the kinds, and a code's rule once checked (plain values)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from boxoffice.domain.errors import ValidationError


class DiscountKind(StrEnum):
    PERCENT = "percent"  # value is a percentage, 0 < value <= 100
    FIXED = "fixed"  # value is an amount of money


class DiscountApplies(StrEnum):
    TICKET = "ticket"  # to each ticket in scope
    ORDER = "order"  # once to the tickets in scope together


@dataclass(frozen=True)
class DiscountRule:
    """A code found valid for a sale: what it takes off and which tiers it covers
    (``tier_ids`` None = every tier of the sale). Built by the discount-code service."""

    code_id: int
    code: str
    kind: DiscountKind
    value: Decimal
    applies_to: DiscountApplies
    tier_ids: frozenset[int] | None = None

    @property
    def label(self) -> str:
        return f"Code {self.code}"


class CodeRefused(ValidationError):
    """A discount code that does not apply to this sale; the message says why."""
