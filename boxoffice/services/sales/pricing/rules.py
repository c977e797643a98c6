"""The rules the pricing steps apply, as a quote request carries them: an event's ticket types,
fees and tax rates (apart from the steps, so a request's types need no step module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from boxoffice.domain.pricing_kinds import FeePer, TypePriceMode

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


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

    def applies(self, payment_methods: frozenset[str]) -> bool:
        """Charged for every payment, or when a tender of its method is among *payment_methods*
        (in a split payment, each method used brings its own fees)."""
        return self.payment_method is None or self.payment_method in payment_methods


@dataclass(frozen=True)
class TaxRateRule:
    id: int
    name: str  # "VAT 20%"
    percent: Decimal  # 20.00


@dataclass(frozen=True)
class TaxRules:
    """The rates a quote may use, which one the tickets carry, and how prices are entered."""

    ticket_rate_id: int | None
    rates: tuple[TaxRateRule, ...] = field(default=())
    inclusive: bool = True  # the installation setting: prices entered with tax in them

    def rate(self, rate_id: int | None) -> TaxRateRule | None:
        return next((r for r in self.rates if r.id == rate_id), None)
