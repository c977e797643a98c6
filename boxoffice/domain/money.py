"""Money helpers: Decimal with two places, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from boxoffice.domain.errors import ValidationError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")  # fits NUMERIC(10, 2)


def money(value: Decimal | int | str) -> Decimal:
    """Parse *value* into a two-place Decimal; floats are refused (they cannot hold cents)."""
    if isinstance(value, float):
        raise TypeError("money never comes from float; pass Decimal, int or str")
    try:
        amount = (
            Decimal(str(value).strip().replace(",", ""))
            if isinstance(value, str)
            else Decimal(value)
        )
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{value!r} is not an amount of money.") from None
    if not amount.is_finite():
        raise ValidationError(f"{value!r} is not an amount of money.")
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(f"{amount} is larger than any amount this box office handles.")
    return amount


def non_negative(value: Decimal | int | str, what: str = "Amount") -> Decimal:
    """Like :func:`money` but refuses negative amounts with a clear message."""
    amount = money(value)
    if amount < 0:
        raise ValidationError(f"{what} cannot be negative ({amount}).")
    return amount


def format_money(amount: Decimal, currency: str = "€") -> str:
    """Format for display: ``€1,234.50``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency}{abs(amount):,.2f}"
