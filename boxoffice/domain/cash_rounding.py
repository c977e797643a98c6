"""Cash rounding at the counter: what changes hands where the currency has no cent coins.

In CHF the smallest coin is 0.05, so a price of 42.37 is paid as 42.35 in cash: the customer
hands over an amount that coins can make and gets back change that coins can make. Prices and
booking totals never change; the difference is a line of its own ("Cash rounding") on the
payment screen and the receipt, and a rounding movement in the till.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from boxoffice.domain.money import format_money
from boxoffice.domain.till import CASH_STEP, round_cash


@dataclass(frozen=True)
class CashSettlement:
    """One cash payment of *amount* as it happens at the counter."""

    amount: Decimal  # applied to the booking (unchanged by rounding)
    taken: Decimal  # what the customer hands over, in coins that exist
    change: Decimal  # what goes back, in coins that exist
    rounding: Decimal  # taken - change - amount; negative: the customer pays that much less

    @property
    def rounded(self) -> bool:
        return self.rounding != 0


def needs_rounding(currency: str) -> bool:
    """Whether cash in *currency* is rounded (it has no coin for every cent)."""
    return currency in CASH_STEP


def settle_cash(amount: Decimal, tendered: Decimal, currency: str) -> CashSettlement:
    """How cash *tendered* for *amount* settles in *currency*: both what is handed over (an
    "exact" 42.37 is 42.35 in coins) and the change are rounded to the coins."""
    taken = round_cash(tendered, currency)
    change = round_cash(max(tendered - amount, Decimal("0.00")), currency)
    return CashSettlement(amount, taken, change, taken - change - amount)


def settle_all(tenders: Iterable[tuple[Decimal, Decimal]], currency: str) -> CashSettlement:
    """The cash payments (amount, tendered) of one sale settled together: the change handed
    back is one sum of coins, so it is rounded once."""
    pairs = list(tenders)
    amount = sum((a for a, _t in pairs), Decimal("0.00"))
    tendered = sum((t for _a, t in pairs), Decimal("0.00"))
    return settle_cash(amount, tendered, currency)


def rounding_text(settled: CashSettlement) -> str:
    """The line a screen or receipt shows: ``Cash rounding −€0.02 (cash €42.35 for €42.37)``."""
    sign = "+" if settled.rounding > 0 else "−"
    paid = settled.taken - settled.change
    return (
        f"Cash rounding {sign}{format_money(abs(settled.rounding))} "
        f"(cash {format_money(paid)} for {format_money(settled.amount)})"
    )
