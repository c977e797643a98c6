"""Money, numbers, dates and times formatted by the current locale (CLDR through Babel).

Nothing in the application formats these by hand: no currency symbol, separator or date order is
written in code. The currency is the installation's (:func:`use_currency`); the locale is the
current language's (the desk's, or a customer's inside ``in_language``).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from babel import Locale, dates, numbers

from boxoffice.i18n.language import current_language

# Money is stored with two decimals (NUMERIC(10, 2)): a currency with other minor units is refused.
MINOR_UNITS = 2
_currency = "EUR"


def check_currency(code: str) -> str:
    """The ISO 4217 *code* upper-cased, or ``ValueError`` saying why it cannot be used."""
    upper = code.strip().upper()
    if not numbers.is_currency(upper):
        raise ValueError(f"{code!r} is not an ISO 4217 currency code (such as EUR, GBP, USD, CHF).")
    places = numbers.get_currency_precision(upper)
    if places != MINOR_UNITS:
        raise ValueError(
            f"{upper} has {places} decimal places; this box office keeps amounts with"
            f" {MINOR_UNITS}, so it cannot sell in {upper}."
        )
    return upper


def use_currency(code: str) -> None:
    """Set the installation's currency for this process (checked by :func:`check_currency`)."""
    global _currency
    _currency = check_currency(code)


def currency() -> str:
    """The installation's ISO 4217 currency code."""
    return _currency


def currency_symbol() -> str:
    """The currency's symbol in the current locale (``€``, ``£``, ``CHF``)."""
    return numbers.get_currency_symbol(_currency, locale=current_language())


def money_text(amount: Decimal, code: str | None = None) -> str:
    """``€1,234.50`` (en), ``1.234,50 €`` (de), ``CHF 1’234.50`` (de_CH)."""
    return numbers.format_currency(amount, code or _currency, locale=current_language())


def number_text(value: Decimal | int) -> str:
    """A number with the locale's grouping and decimal sign."""
    return numbers.format_decimal(value, locale=current_language())


def percent_text(value: Decimal) -> str:
    """``0.077`` -> ``7.7%`` (en), ``7,7 %`` (de)."""
    return numbers.format_percent(value, format="#,##0.##%", locale=current_language())


def decimal_sign() -> str:
    """The locale's decimal sign (``.`` in English, ``,`` in German and French)."""
    return numbers.get_decimal_symbol(current_language())


def parse_amount(text: str) -> Decimal:
    """A typed amount in the locale's spelling (``1.234,50`` in German) as a Decimal."""
    return numbers.parse_decimal(text.strip(), locale=current_language(), strict=True)


def date_text(value: date, length: str = "medium") -> str:
    """A date as the locale writes it (``length``: short, medium, long, full)."""
    return dates.format_date(value, format=length, locale=current_language())


def time_text(value: time | datetime, length: str = "short") -> str:
    """A time of day as the locale writes it."""
    return dates.format_time(value, format=length, locale=current_language())


def datetime_text(value: datetime, length: str = "medium") -> str:
    """A date and time as the locale writes them (pass a local time, not UTC)."""
    return dates.format_datetime(value, format=length, locale=current_language())


def denomination_text(value: Decimal, code: str | None = None) -> str:
    """A note or coin as the locale labels it: ``€20``, ``€0.50`` (en), ``20 €`` (de)."""
    locale = Locale.parse(current_language())
    pattern = locale.currency_formats["standard"].pattern
    if value == value.to_integral_value():
        # Whole notes without the zero cents: the pattern's "0.00" becomes "0".
        pattern = pattern.replace("0.00", "0")
        value = value.quantize(Decimal(1))
    return numbers.format_currency(
        value, code or _currency, format=pattern, locale=locale, currency_digits=False
    )


def weekday_date_text(value: date) -> str:
    """``Fri, Jan 10, 2025`` (en), ``Fr., 10. Jan. 2025`` (de): the day of a performance."""
    return dates.format_skeleton("yMMMEd", value, locale=current_language())


def day_month_text(value: date) -> str:
    """``Jan 10`` (en), ``10. Jan.`` (de): a day of this year, without the year."""
    return dates.format_skeleton("MMMd", value, locale=current_language())


def clock_text(value: time | datetime) -> str:
    """``19:30``: the 24-hour clock every box office prints (the locale's own separator)."""
    return dates.format_skeleton("Hm", value, locale=current_language())


def currency_name(code: str | None = None) -> str:
    """The currency's name in the current language (``Swiss Franc``, ``Schweizer Franken``)."""
    return numbers.get_currency_name(code or _currency, locale=current_language())


def stamp_text(value: datetime) -> str:
    """``Dec 3, 2026 17:00`` (en), ``03.12.2026 17:00`` (de): a moment on the 24-hour clock
    (pass the time in the zone the text names)."""
    return f"{date_text(value)} {clock_text(value)}"
