"""The till's plain types: session states, cash movement kinds, denominations per currency."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class TillStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MovementKind(StrEnum):
    SALE = "sale"  # cash taken for a booking
    REFUND = "refund"  # cash handed back for a booking
    PAY_IN = "pay_in"  # cash added (change from the bank)
    PAY_OUT = "pay_out"  # cash taken out (a delivery paid, a safe drop)
    # Change or a refund rounded to the coins the currency has (CHF: 0.05): the drawer keeps
    # (ROUND_IN) or gives (ROUND_OUT) the few centimes the booking's exact amount differs by.
    ROUND_IN = "round_in"
    ROUND_OUT = "round_out"
    # Cash taken for a gift voucher sold at the desk: in the drawer, but not ticket revenue (a
    # voucher spent later is no cash at all).
    VOUCHER_SALE = "voucher"

    @property
    def sign(self) -> int:
        """+1 for cash into the drawer, -1 for cash out of it."""
        into = (
            MovementKind.SALE,
            MovementKind.PAY_IN,
            MovementKind.ROUND_IN,
            MovementKind.VOUCHER_SALE,
        )
        return 1 if self in into else -1


def _d(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


# Notes and coins in circulation, largest first. CHF has no 1 or 2 centime coins (cash is
# rounded to 0.05); the 1000 note is left out, no box office takes one.
DENOMINATIONS: dict[str, tuple[Decimal, ...]] = {
    "EUR": _d(
        "500",
        "200",
        "100",
        "50",
        "20",
        "10",
        "5",
        "2",
        "1",
        "0.50",
        "0.20",
        "0.10",
        "0.05",
        "0.02",
        "0.01",
    ),
    "GBP": _d("50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01"),
    "USD": _d("100", "50", "20", "10", "5", "2", "1", "0.50", "0.25", "0.10", "0.05", "0.01"),
    "CHF": _d("200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05"),
}

# The smallest amount cash can pay, where it is more than a cent.
CASH_STEP: dict[str, Decimal] = {"CHF": Decimal("0.05")}

# What callers pass to format_money for a till's currency: the ISO code itself, since Babel
# finds the symbol (and its place) for the locale; no currency symbol is written in code.
SYMBOLS: dict[str, str] = {code: code for code in DENOMINATIONS}

# Pieces per note or coin, keyed by its value (as typed, "20", or as a Decimal).
Counts = Mapping[str, int] | Mapping[Decimal, int]


def round_cash(amount: Decimal, currency: str) -> Decimal:
    """*amount* as cash can pay it: to the nearest 0.05 in CHF (halves up), unchanged where
    the currency has cent coins."""
    step = CASH_STEP.get(currency)
    if step is None:
        return amount
    steps = (amount / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return (steps * step).quantize(Decimal("0.01"))
