"""The installation's currency and the desk's language, applied once when a process starts.

The currency is an ``app_setting`` row every desk shares (chosen at set-up: ``boxoffice db
currency CHF`` or the set-up wizard); only ISO 4217 currencies with two decimals are accepted,
because amounts are stored with two. The language is per desk (the ``language`` setting of
``config.toml`` / ``BOXOFFICE_LANGUAGE``); a customer's documents use theirs instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice import config
from boxoffice.db.database import Database
from boxoffice.db.models import Setting
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import DENOMINATIONS
from boxoffice.i18n import _, use_language
from boxoffice.i18n.formats import check_currency, use_currency
from boxoffice.services.common import audit
from boxoffice.services.common.upserts import put_setting

CURRENCY = "currency"
# Before the installation had a currency, the till kept its own: an upgraded database keeps it.
LEGACY_TILL_CURRENCY = "till.currency"
DEFAULT_CURRENCY = "EUR"


@dataclass(frozen=True)
class LocaleSettings:
    """What a process runs with: the desk's language and the installation's currency."""

    language: str
    currency: str


def valid_currency(code: str) -> str:
    """*code* upper-cased if the box office can sell in it, else a ValidationError saying why."""
    try:
        upper = check_currency(code)
    except ValueError:
        upper = code.strip().upper()
        if not upper.isalpha() or len(upper) != 3:
            raise ValidationError(
                _("{code!r} is not an ISO 4217 currency code (such as EUR, GBP, USD, CHF).").format(
                    code=code
                )
            ) from None
        raise ValidationError(
            _(
                "{code} cannot be used: this box office keeps amounts with two decimal places, "
                "and {code} has another number (or is not a currency ISO 4217 knows)."
            ).format(code=upper)
        ) from None
    if upper not in DENOMINATIONS:
        raise ValidationError(
            _("The till cannot count {code} yet; choose one of {choices}.").format(
                code=upper, choices=", ".join(sorted(DENOMINATIONS))
            )
        )
    return upper


def read_currency(session: Session) -> str:
    """The installation's currency inside the caller's transaction (EUR when never chosen)."""
    rows = dict(
        session.execute(
            select(Setting.key, Setting.value).where(
                Setting.key.in_([CURRENCY, LEGACY_TILL_CURRENCY])
            )
        ).all()
    )
    for key in (CURRENCY, LEGACY_TILL_CURRENCY):
        code = (rows.get(key) or "").strip().upper()
        if code in DENOMINATIONS:
            return code
    return DEFAULT_CURRENCY


def write_currency(session: Session, code: str) -> None:
    """Store the installation's currency (*code* already checked) in the caller's transaction."""
    put_setting(session, CURRENCY, code)


def get_currency(db: Database, actor: Actor) -> str:
    """The installation's currency (any signed-in user shows prices in it)."""
    actor.require(Permission.SELL)
    return db.run(read_currency)


def set_currency(db: Database, actor: Actor, code: str) -> str:
    """Choose the installation's currency (admins, at set-up; audited); returns the ISO code.

    Desks pick it up when they next start. Amounts already stored are not converted.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    clean = valid_currency(code)

    def work(s: Session) -> str:
        write_currency(s, clean)
        audit.record(s, actor, "settings.currency", currency=clean)
        return clean

    return db.run(work)


def desk_language() -> str:
    """The desk's language from the configuration, checked (``en`` when not set)."""
    raw = str(config.get("language") or "en")
    try:
        use_language(raw)
    except ValueError:
        raise ValidationError(
            _("The language setting {code!r} is not a language this box office knows.").format(
                code=raw
            )
        ) from None
    return raw


def apply_locale_settings(db: Database | None, language: str | None = None) -> LocaleSettings:
    """Set this process's language (*language*, else the ``language`` setting) and currency
    (the installation's, read from *db*; EUR without a database). Call once at start."""
    if language is None:
        code = desk_language()
    else:
        use_language(language)
        code = language
    money = db.run(read_currency) if db is not None else DEFAULT_CURRENCY
    use_currency(money)
    return LocaleSettings(code, money)
