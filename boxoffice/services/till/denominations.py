"""Counting cash by denomination: checked counts and their total."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import format_money
from boxoffice.domain.till import DENOMINATIONS, Counts
from boxoffice.i18n import _
from boxoffice.i18n.formats import denomination_text

MAX_PIECES = 100_000  # more of one note or coin than this is a typing slip


def denominations(currency: str) -> tuple[Decimal, ...]:
    """Notes and coins of *currency*, largest first."""
    try:
        return DENOMINATIONS[currency]
    except KeyError:
        raise ValidationError(
            _("The till cannot count {currency!r}.").format(currency=currency)
        ) from None


def label(currency: str, value: Decimal) -> str:
    """``€20``, ``€0.50`` (en), ``20 €`` (de), ``CHF 0.05`` (de_CH): as the locale writes it."""
    return denomination_text(value, currency)


def clean_counts(currency: str, counts: Counts) -> dict[Decimal, int]:
    """*counts* (denomination -> pieces) checked against *currency*; zero counts dropped.

    A negative or huge count, or a note the currency does not have, is a ValidationError that
    names it.
    """
    known = set(denominations(currency))
    clean: dict[Decimal, int] = {}
    items: list[tuple[object, int]] = list(counts.items())
    for raw, pieces in items:
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise ValidationError(_("{raw!r} is not a note or coin.").format(raw=raw)) from None
        if value not in known:
            raise ValidationError(
                _("{currency} has no note or coin of {raw}.").format(currency=currency, raw=raw)
            )
        if isinstance(pieces, bool) or not isinstance(pieces, int):
            raise ValidationError(
                _("The count of {label} must be a whole number.").format(
                    label=label(currency, value)
                )
            )
        if pieces < 0:
            raise ValidationError(
                _("The count of {label} cannot be negative ({pieces}).").format(
                    label=label(currency, value), pieces=pieces
                )
            )
        if pieces > MAX_PIECES:
            raise ValidationError(
                _("{pieces} × {label} looks like a typing slip.").format(
                    pieces=pieces, label=label(currency, value)
                )
            )
        if pieces:
            clean[value] = clean.get(value, 0) + pieces
    return clean


def total(counts: Mapping[Decimal, int]) -> Decimal:
    """What *counts* add up to, in whole cents."""
    return sum((value * pieces for value, pieces in counts.items()), Decimal("0.00")).quantize(
        Decimal("0.01")
    )


def to_json(counts: Mapping[Decimal, int]) -> str:
    return json.dumps({f"{value:.2f}": pieces for value, pieces in sorted(counts.items())})


def from_json(text: str) -> dict[Decimal, int]:
    if not text:
        return {}
    return {Decimal(k): int(v) for k, v in json.loads(text).items()}


def describe(currency: str, counts: Mapping[Decimal, int]) -> list[tuple[str, int, str]]:
    """(label, pieces, subtotal) per denomination, largest first: for reports and receipts."""
    return [
        (label(currency, value), pieces, format_money(value * pieces, currency))
        for value, pieces in sorted(counts.items(), reverse=True)
    ]
