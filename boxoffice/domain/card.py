"""Payment-card rules: digits, Luhn check, brand, masking, expiry, CVV shape.

Nothing here ever puts a card number into a message: errors name at most the last four digits.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

MIN_DIGITS = 12
MAX_DIGITS = 19
_SEPARATORS = re.compile(r"[\s-]+")
MASK = "••••"


class CardBrand(StrEnum):
    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    DISCOVER = "discover"
    OTHER = "other"


def normalise(number: str) -> str:
    """The digits of *number*; spaces and dashes are allowed between them, nothing else."""
    digits = _SEPARATORS.sub("", number)
    if not digits:
        raise ValidationError(_("Enter the card number."))
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(_("A card number has only digits (spaces and dashes are fine)."))
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise ValidationError(
            _("A card number has {MIN_DIGITS}–{MAX_DIGITS} digits; this one has {count}.").format(
                MIN_DIGITS=MIN_DIGITS, MAX_DIGITS=MAX_DIGITS, count=len(digits)
            )
        )
    return digits


def luhn_valid(number: str) -> bool:
    """True if the digits of *number* pass the Luhn (mod 10) check."""
    digits = _SEPARATORS.sub("", number)
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_brand(number: str) -> CardBrand:
    """The card network, from the leading digits (IIN ranges)."""
    digits = _SEPARATORS.sub("", number)
    if not digits.isdigit():
        return CardBrand.OTHER
    two, four, six = (int(digits[:n].ljust(n, "0")) for n in (2, 4, 6))
    if digits.startswith("4"):
        return CardBrand.VISA
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return CardBrand.MASTERCARD
    if two in (34, 37):
        return CardBrand.AMEX
    if four == 6011 or two == 65 or 644 <= four // 10 <= 649 or 622126 <= six <= 622925:
        return CardBrand.DISCOVER
    return CardBrand.OTHER


def last4(number: str) -> str:
    return _SEPARATORS.sub("", number)[-4:]


def mask(number: str) -> str:
    """``•••• 4242``: all a clerk or a receipt ever shows of a card."""
    return f"{MASK} {last4(number)}"


def validate_number(number: str) -> str:
    """Normalised digits of a plausible card number, or ValidationError (number never quoted)."""
    digits = normalise(number)
    if not luhn_valid(digits):
        raise ValidationError(_("This card number is not valid: please check the digits."))
    return digits


def validate_expiry(month: int, year: int, today: date | None = None) -> tuple[int, int]:
    """(month, four-digit year) of a card still valid *today*; two-digit years mean 20xx.

    A card is valid up to the last day of its expiry month.
    """
    if isinstance(month, bool) or isinstance(year, bool):
        raise ValidationError(_("The expiry date is not valid."))
    if not 1 <= month <= 12:
        raise ValidationError(_("The expiry month must be 1–12 (got {month}).").format(month=month))
    if 0 <= year < 100:
        year += 2000
    today = today or date.today()
    if year > today.year + 25 or year < 2000:
        raise ValidationError(_("The expiry year {year} is not plausible.").format(year=year))
    if (year, month) < (today.year, today.month):
        raise ValidationError(
            _("This card expired at the end of {month:02d}/{year}.").format(month=month, year=year)
        )
    return month, year


def validate_cvv(cvv: str, brand: CardBrand) -> str:
    """The card security code: 4 digits for Amex, 3 for the others. Never stored."""
    code = cvv.strip()
    length = 4 if brand is CardBrand.AMEX else 3
    if len(code) != length or not code.isascii() or not code.isdigit():
        raise ValidationError(
            _("The security code (CVV) of this card has {length} digits.").format(length=length)
        )
    return code
