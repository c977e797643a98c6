"""How a customer pays: one or more tenders (split tender) that together cover the total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class CashTender:
    """Cash: *amount* is applied to the booking, *tendered* is what the customer handed over."""

    amount: Decimal
    tendered: Decimal


@dataclass(frozen=True)
class CardTender:
    """A card typed or swiped at the desk. The CVV is passed to the gateway and never stored."""

    amount: Decimal
    number: str = field(repr=False)  # never in logs, tracebacks or messages
    exp_month: int
    exp_year: int
    cvv: str = field(repr=False)
    cardholder: str
    billing_address: str = ""
    save_to_customer: bool = False  # store it (encrypted) as a saved card of the booking's customer


@dataclass(frozen=True)
class SavedCardTender:
    """A card the customer saved earlier (referenced by id; only last4 is ever shown)."""

    amount: Decimal
    saved_card_id: int
    cvv: str = field(default="", repr=False)


@dataclass(frozen=True)
class VoucherTender:
    """Part or all of a gift voucher's balance, named by its signed code (scanned or typed)."""

    amount: Decimal
    code: str = field(repr=False)  # whoever holds the code can spend the voucher


Tender = CashTender | CardTender | SavedCardTender | VoucherTender


def tender_method(tender: Tender) -> str:
    """The payment method (PaymentMethodKind value) a tender is paid by."""
    if isinstance(tender, CashTender):
        return "cash"
    if isinstance(tender, SavedCardTender):
        return "saved_card"
    if isinstance(tender, VoucherTender):
        return "voucher"
    return "card"


def tender_methods(tenders: Sequence[Tender]) -> frozenset[str]:
    """The methods *tenders* pay with: each brings its own fees (a card fee when a card pays
    part of a split payment)."""
    return frozenset(tender_method(t) for t in tenders)


def single_method(tenders: Sequence[Tender]) -> str | None:
    """The one method all *tenders* use (None: none, or a split across methods). Fees that
    apply to one payment method are charged only when the whole sale is paid that way."""
    methods = {tender_method(t) for t in tenders}
    return methods.pop() if len(methods) == 1 else None
