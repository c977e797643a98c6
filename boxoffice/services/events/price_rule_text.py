"""A ticket type's price at a tier as the event editor types it: "" (the tier's price),
"12.00" (a fixed price), "-5.00" (5.00 off) or "50%" (half off)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.pricing_kinds import TypePriceMode
from boxoffice.i18n import _
from boxoffice.i18n.formats import currency, currency_symbol


def rule_text(mode: TypePriceMode | None, value: Decimal) -> str:
    if mode is None:
        return ""
    if mode is TypePriceMode.PERCENT:
        return f"{value.normalize():f}%"
    if mode is TypePriceMode.OFF:
        return f"-{value:.2f}"
    return f"{value:.2f}"


def parse_rule(text: str, where: str = "") -> tuple[TypePriceMode | None, Decimal]:
    """The rule *text* names; ValidationError (naming *where*) when it is none of the forms."""
    # A typed currency (its symbol in this locale, or its code) is allowed and dropped.
    raw = text.strip().replace(",", ".")
    for mark in (currency_symbol(), currency()):
        raw = raw.replace(mark, "")
    raw = raw.strip()
    if not raw:
        return None, Decimal("0.00")
    try:
        if raw.endswith("%"):
            return TypePriceMode.PERCENT, Decimal(raw[:-1].strip()).quantize(Decimal("0.01"))
        if raw.startswith("-"):
            return TypePriceMode.OFF, Decimal(raw[1:].strip()).quantize(Decimal("0.01"))
        return TypePriceMode.PRICE, Decimal(raw).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(
            _(
                "{where}: write a price (12.00), an amount off (-5.00) or a percentage off (50%)."
            ).format(where=where)
        ) from None
