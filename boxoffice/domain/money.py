"""Money helpers: Decimal with two places, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _
from boxoffice.i18n.formats import money_text

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")  # fits NUMERIC(10, 2)


def _parse(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money never comes from float; pass Decimal, int or str")
    try:
        amount = (
            Decimal(str(value).strip().replace(",", ""))
            if isinstance(value, str)
            else Decimal(value)
        )
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(
            _("{value!r} is not an amount of money.").format(value=value)
        ) from None
    if not amount.is_finite():
        raise ValidationError(_("{value!r} is not an amount of money.").format(value=value))
    return amount


def money(value: Decimal | int | str) -> Decimal:
    """Parse *value* into a two-place Decimal; floats are refused (they cannot hold cents)."""
    raw = _parse(value)
    # Checked before quantising: a huge exponent would overflow the Decimal context.
    if raw.copy_abs() >= MAX_AMOUNT + CENT / 2:
        raise ValidationError(
            _("{raw} is larger than any amount this box office handles.").format(raw=raw)
        )
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def non_negative(value: Decimal | int | str, what: str = "Amount") -> Decimal:
    """Like :func:`money` but refuses negative amounts with a clear message."""
    amount = money(value)
    if amount < 0:
        raise ValidationError(
            _("{what} cannot be negative ({amount}).").format(what=what, amount=amount)
        )
    return amount


def exact_money(value: Decimal | int | str, what: str = "Amount") -> Decimal:
    """Like :func:`money` but refuses fractions of a cent instead of rounding them away.

    Payments must never silently change the amount the clerk typed.
    """
    raw = _parse(value)
    amount = money(raw)
    if amount != raw:
        raise ValidationError(_("{what} {raw} has fractions of a cent.").format(what=what, raw=raw))
    return amount


def format_money(amount: Decimal, currency: str | None = None) -> str:
    """Format for display in the current locale: ``€1,234.50`` (the installation's currency
    unless an ISO 4217 *currency* is given)."""
    return money_text(amount, currency)
