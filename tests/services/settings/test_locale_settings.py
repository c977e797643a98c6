"""The installation's currency (stored once, refused clearly when unusable) and the locale a
process starts with; the till counts the installation's notes and coins, labelled by locale."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from boxoffice.cli import main
from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.i18n import current_language, in_language, use_language
from boxoffice.i18n.formats import currency, use_currency
from boxoffice.services.common.upserts import put_setting
from boxoffice.services.people import customers
from boxoffice.services.settings.locale import (
    apply_locale_settings,
    get_currency,
    read_currency,
    set_currency,
)
from boxoffice.services.till import denominations as dn
from boxoffice.services.till.settings import read_settings
from tests.services.sales_support import make_staff

D = Decimal


@pytest.fixture(autouse=True)
def _english_euro_after() -> Iterator[None]:
    yield
    use_language("en")
    use_currency("EUR")


def test_the_currency_is_stored_once_for_every_desk_and_the_till_counts_it(db: Database) -> None:
    staff = make_staff(db)
    assert get_currency(db, staff.clerk) == "EUR"  # never chosen
    assert set_currency(db, SYSTEM, " gbp ") == "GBP"
    assert get_currency(db, staff.clerk) == "GBP"
    assert db.run(read_settings).currency == "GBP"  # the till follows the installation
    assert apply_locale_settings(db, "en_GB").currency == "GBP"
    assert currency() == "GBP" and current_language() == "en_GB"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("JPY", "two decimal places"),  # no minor unit
        ("KWD", "two decimal places"),  # three
        ("XYZ", "two decimal places"),  # not a currency ISO 4217 knows
        ("euro", "ISO 4217"),
        ("SEK", "cannot count SEK"),  # two decimals, but no denominations table
    ],
)
def test_an_unusable_currency_is_refused_clearly_and_nothing_changes(
    db: Database, code: str, why: str
) -> None:
    with pytest.raises(ValidationError, match=why):
        set_currency(db, SYSTEM, code)
    assert db.run(read_currency) == "EUR"


def test_only_an_admin_chooses_the_currency(db: Database) -> None:
    staff = make_staff(db)
    with pytest.raises(PermissionDenied):
        set_currency(db, staff.manager, "CHF")


def test_an_upgraded_database_keeps_the_tills_currency(db: Database) -> None:
    db.run(lambda s: put_setting(s, "till.currency", "CHF"))  # before the installation setting
    assert db.run(read_currency) == "CHF"
    set_currency(db, SYSTEM, "USD")
    assert db.run(read_currency) == "USD"


def test_the_desk_language_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOXOFFICE_LANGUAGE", "fr_CH")
    assert apply_locale_settings(None).language == "fr_CH"
    assert current_language() == "fr_CH" and currency() == "EUR"
    monkeypatch.setenv("BOXOFFICE_LANGUAGE", "klingon-xx")
    # Refused in the language the desk had so far (French here), the process left as it was.
    with pytest.raises(ValidationError, match="n’est pas une langue"):
        apply_locale_settings(None)
    assert current_language() == "fr_CH"


def test_notes_and_coins_are_labelled_by_the_locale() -> None:
    assert dn.label("EUR", D("20")) == "€20" and dn.label("EUR", D("0.50")) == "€0.50"
    with in_language("de"):
        assert dn.label("EUR", D("20")) == "20\xa0€"
    with in_language("de_CH"):
        assert dn.label("CHF", D("0.05")) == "CHF\xa00.05"
    assert [label for label, _n, _t in dn.describe("CHF", {D("5"): 2})] == ["CHF5"]


def test_a_customer_has_a_preferred_language(db: Database) -> None:
    staff = make_staff(db)
    info = customers.create_customer(db, staff.clerk, "Jean Roux", language="fr-ch")
    assert info.language == "fr_CH"
    assert customers.update_customer(db, staff.clerk, info.id, language="").language == ""
    with pytest.raises(ValidationError, match="not a language"):
        customers.update_customer(db, staff.clerk, info.id, language="klingon-xx")
    assert customers.get_customer(db, staff.clerk, info.id).language == ""


def test_the_cli_sets_and_shows_the_currency_and_a_customers_language(
    db_url: str, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", db_url, "db", "currency", "CHF"]) == 0
    assert "now CHF" in capsys.readouterr().out
    assert main(["--database-url", db_url, "db", "currency"]) == 0
    assert "currency is CHF" in capsys.readouterr().out
    assert main(["--database-url", db_url, "db", "currency", "JPY"]) == 1
    assert "two decimal places" in capsys.readouterr().err
    assert db.run(read_currency) == "CHF"
    staff = make_staff(db)
    who = customers.create_customer(db, staff.clerk, "Hanna Meier")
    assert main(["--database-url", db_url, "customer", "language", str(who.id), "de"]) == 0
    assert "documents in: de" in capsys.readouterr().out
    assert customers.get_customer(db, staff.clerk, who.id).language == "de"
