"""The till's shared settings (one ``app_setting`` row each, the same for every desk).

The till's currency is the installation's (:mod:`boxoffice.services.settings.locale`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Setting
from boxoffice.db.prepared import Prepared
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import non_negative
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.upserts import put_setting
from boxoffice.services.settings.locale import (
    DEFAULT_CURRENCY,
    read_currency,
    valid_currency,
    write_currency,
)

CASH_NEEDS_TILL = "till.cash_needs_session"
REASON_ABOVE = "till.reason_above"

# Off until a manager turns the till on: desks that sold cash before the till existed go on
# doing so after an upgrade, instead of refusing cash at the first sale.
DEFAULT_CASH_NEEDS_TILL = False
DEFAULT_REASON_ABOVE = Decimal("5.00")


@dataclass(frozen=True)
class TillSettings:
    currency: str = DEFAULT_CURRENCY
    cash_needs_session: bool = DEFAULT_CASH_NEEDS_TILL
    reason_above: Decimal = DEFAULT_REASON_ABOVE  # a variance larger than this needs a reason


# Read by every cash sale without an open till (built once: see boxoffice.db.prepared).
_READ = Prepared(
    select(Setting.key, Setting.value).where(Setting.key.in_([CASH_NEEDS_TILL, REASON_ABOVE]))
)


def read_settings(session: Session) -> TillSettings:
    """The till settings inside the caller's transaction (defaults for rows never saved)."""
    rows = dict(_READ.rows(session, {}))
    try:
        reason_above = non_negative(rows.get(REASON_ABOVE, str(DEFAULT_REASON_ABOVE)))
    except ValidationError:
        reason_above = DEFAULT_REASON_ABOVE
    needs = rows.get(CASH_NEEDS_TILL)
    return TillSettings(
        read_currency(session),  # the installation's: the till counts its notes and coins
        DEFAULT_CASH_NEEDS_TILL if needs is None else needs == "1",
        reason_above,
    )


def get_till_settings(db: Database, actor: Actor) -> TillSettings:
    """The till settings, for the Till tab."""
    actor.require(Permission.USE_TILL)
    return db.run(read_settings)


def save_till_settings(db: Database, actor: Actor, settings: TillSettings) -> TillSettings:
    """Store *settings* for every desk (a manager's choice, audited)."""
    actor.require(Permission.MANAGE_TILLS)
    currency = valid_currency(settings.currency)
    reason_above = non_negative(settings.reason_above, _("The variance allowed without a reason"))
    clean = TillSettings(currency, bool(settings.cash_needs_session), reason_above)

    def work(s: Session) -> TillSettings:
        write_currency(s, clean.currency)  # the installation's currency, shown in the Till tab
        put_setting(s, CASH_NEEDS_TILL, "1" if clean.cash_needs_session else "0")
        put_setting(s, REASON_ABOVE, str(clean.reason_above))
        audit.record(
            s,
            actor,
            "till.settings",
            currency=clean.currency,
            cash_needs_session=clean.cash_needs_session,
            reason_above=str(clean.reason_above),
        )
        return clean

    return db.run(work)
