"""Locale formats: money, numbers and the currency setting."""

from decimal import Decimal

import pytest

from boxoffice.i18n import in_language, use_language
from boxoffice.i18n.formats import check_currency, currency, money_text, use_currency


@pytest.fixture(autouse=True)
def _english_euro():
    yield
    use_language("en")
    use_currency("EUR")


def test_money_follows_the_locale_and_the_currency():
    assert money_text(Decimal("1234.5")) == "€1,234.50"
    use_currency("chf")
    use_language("de_CH")
    assert money_text(Decimal("1234.5")) == "CHF\xa01'234.50"
    with in_language("fr"):
        assert money_text(Decimal("1234.5")) == "1\u202f234,50\xa0CHF"
    assert currency() == "CHF"


@pytest.mark.parametrize("code", ["JPY", "KWD"])
def test_a_currency_without_two_decimals_is_refused_clearly(code):
    with pytest.raises(ValueError, match="decimal places"):
        check_currency(code)


def test_an_unknown_currency_is_refused_clearly():
    with pytest.raises(ValueError, match="ISO 4217"):
        use_currency("XYZ1")
    assert currency() == "EUR"


def test_a_customer_language_lasts_only_for_their_document():
    use_language("de")
    with in_language("fr_CH"):
        assert money_text(Decimal("1")).endswith("€")
    assert money_text(Decimal("1")) == "1,00\xa0€"
    with pytest.raises(ValueError, match="language"):
        use_language("klingon-xx")
