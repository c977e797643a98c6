"""The types of a quote: what is priced (lines), what pricing steps change (adjustments), and
the result (a quote: lines, adjustments, total)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from boxoffice.services.sales.pricing.rules import FeeRule, TaxRules, TicketTypeRule

from boxoffice.domain.discount import DiscountRule

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PriceLine:
    """One thing priced: a seat (``seat_id`` = event_seat id) or places of a general-admission
    tier (``seat_id`` None, a ``quantity``), at its tier's unit ``price``."""

    seat_id: int | None
    label: str  # "Stalls A12" or the GA tier name
    tier_id: int
    tier_name: str
    price: Decimal  # unit price
    quantity: int = 1
    ticket_type: TicketTypeRule | None = None  # the concession chosen (None: the tier's price)

    @property
    def amount(self) -> Decimal:
        return self.price * self.quantity


@dataclass(frozen=True)
class Adjustment:
    """What one pricing step adds to the quote (a fee, tax: positive) or takes off it (a
    concession, discount code or voucher: negative), on one line or on the whole order."""

    step: str  # the step that made it: "ticket type", "discount code", "fee", "tax", "voucher"
    label: str  # shown in the cart and on the receipt: "Booking fee", "Code SPRING10"
    amount: Decimal  # signed, in currency units with cents
    line: int | None = None  # index into the quote's lines; None for the whole order
    included: bool = False  # tax already inside the prices: shown, not added to the total
    refundable: bool = True  # False: cancelling keeps it (a fee that is not refundable)
    tax_rate_id: int | None = None  # tax: its rate; a fee: the rate it is taxed at
    base: Decimal | None = None  # tax: the net amount it was computed on


@dataclass(frozen=True)
class QuoteRequest:
    """The inputs of a quote, the same for the cart, checkout, an exchange and a refund."""

    lines: tuple[PriceLine, ...]
    codes: tuple[str, ...] = ()  # discount codes and vouchers given (no step reads them yet)
    customer_id: int | None = None
    # The discount codes of ``codes`` found valid for this sale (services.sales.discount_codes
    # checks them against the database; the pricing step only computes).
    discounts: tuple[DiscountRule, ...] = ()
    fees: tuple[FeeRule, ...] = ()  # the event's booking fees
    tax: TaxRules | None = None  # the rates and whether prices include tax (None: no tax)
    # The payment methods the sale is paid with (PaymentMethodKind values; a split payment has
    # several): a fee of one method is charged when a tender of that method pays. Empty: fees
    # of one method left out (the cart's plain price).
    payment_methods: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Quote:
    """Priced lines, the adjustments the pricing steps made, and the total to pay."""

    lines: tuple[PriceLine, ...]
    adjustments: tuple[Adjustment, ...]
    total: Decimal

    @property
    def subtotal(self) -> Decimal:
        """The lines at their tiers' prices, before any adjustment."""
        return sum((line.amount for line in self.lines), ZERO)

    def line_amounts(self) -> tuple[Decimal, ...]:
        """Each line's amount with the adjustments made on that line (not order-wide ones): what
        its tickets are sold at, and what a refund of them gives back."""
        amounts = [line.amount for line in self.lines]
        for adjustment in self.adjustments:
            if adjustment.line is not None and not adjustment.included:
                amounts[adjustment.line] += adjustment.amount
        return tuple(amounts)

    def order_amount(self) -> Decimal:
        """The adjustments on the whole order (not on a line) that are added to the total."""
        return sum((a.amount for a in self.adjustments if a.line is None and not a.included), ZERO)

    def by_step(self, step: str) -> tuple[Adjustment, ...]:
        return tuple(a for a in self.adjustments if a.step == step)


class PricingStep(Protocol):
    """One step of the pricing pipeline (a ticket type, discount code, fee, tax or voucher
    rule): given the request and the adjustments of the steps before it, its own adjustments."""

    def __call__(
        self, request: QuoteRequest, before: Sequence[Adjustment]
    ) -> Sequence[Adjustment]: ...
