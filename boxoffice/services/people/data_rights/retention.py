"""Storage limitation (GDPR art. 5(1)(e)): anonymise customers inactive for N years.

The period is a setting every desk shares (``app_setting`` ``retention.customer_years``); an
admin sets it and cron runs ``boxoffice customer retention`` (e.g. nightly). A customer is
inactive when nothing happened for the period: created before the cut-off, no booking created
or changed since, no marketing decision since. Each batch is one transaction that re-checks
every candidate under its row lock, so a booking made while the sweep runs saves the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, Setting
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ConfigurationError, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.upserts import insert_ignore
from boxoffice.services.people.data_rights.common import lock_customer, scrub

SETTING = "retention.customer_years"
MAX_YEARS = 100
BATCH = 200


@dataclass(frozen=True)
class RetentionRun:
    years: int
    cutoff: datetime
    customer_ids: list[int]  # anonymised (or, on a dry run, those that would be)
    dry_run: bool


def check_years(years: int) -> int:
    if not 1 <= int(years) <= MAX_YEARS:
        raise ValidationError(
            _("A retention period is 1 to {MAX_YEARS} years.").format(MAX_YEARS=MAX_YEARS)
        )
    return int(years)


def cutoff_for(now: datetime, years: int) -> datetime:
    return now - timedelta(days=365 * years + years // 4)  # leap days, near enough


def _read_years(s: Session) -> int | None:
    text = s.scalar(select(Setting.value).where(Setting.key == SETTING))
    return int(text) if text and text.isdigit() else None


def get_retention_years(db: Database, actor: Actor) -> int | None:
    """The retention period in years, or None when none is set (nothing is anonymised)."""
    actor.require(Permission.MANAGE_SETTINGS)
    return db.run(_read_years)


def set_retention_years(db: Database, actor: Actor, years: int | None) -> int | None:
    """Set (or with None, clear) the retention period; audited."""
    actor.require(Permission.MANAGE_SETTINGS)
    value = None if years is None else check_years(years)

    def work(s: Session) -> int | None:
        insert_ignore(s, Setting, [{"key": SETTING, "value": ""}], "key")
        row = s.get(Setting, SETTING, with_for_update=True)
        assert row is not None
        row.value = "" if value is None else str(value)
        audit.record(s, actor, "settings.retention", "app_setting", years=value)
        return value

    return db.run(work)


def _inactive(cutoff: datetime) -> list[ColumnElement[bool]]:
    recent_booking = exists().where(
        Booking.customer_id == Customer.id,
        or_(Booking.created_at >= cutoff, Booking.updated_at >= cutoff),
    )
    return [
        Customer.erased_at.is_(None),
        Customer.created_at < cutoff,
        or_(Customer.marketing_consent_at.is_(None), Customer.marketing_consent_at < cutoff),
        ~recent_booking,
    ]


def _still_inactive(s: Session, row: Customer, cutoff: datetime) -> bool:
    """Re-checked under the customer's lock: a sale committed since the candidates were chosen
    keeps the customer. (A locking read sees the latest commits whatever the isolation level;
    the engine's READ COMMITTED would too, REPEATABLE READ's snapshot would not.)"""
    if row.erased_at is not None or row.created_at >= cutoff:
        return False
    if row.marketing_consent_at is not None and row.marketing_consent_at >= cutoff:
        return False
    recent = s.scalar(
        select(Booking.id)
        .where(
            Booking.customer_id == row.id,
            or_(Booking.created_at >= cutoff, Booking.updated_at >= cutoff),
        )
        .limit(1)
        .with_for_update(read=True)
    )
    return recent is None


def _batch(
    s: Session, cutoff: datetime, after: int, now: datetime, actor: Actor
) -> tuple[int | None, list[int]]:
    """Anonymise up to BATCH inactive customers with ids above *after*: (last id looked at, or
    None when there were none; ids anonymised)."""
    ids = list(
        s.scalars(
            select(Customer.id)
            .where(Customer.id > after, *_inactive(cutoff))
            .order_by(Customer.id)
            .limit(BATCH)
        )
    )
    done: list[int] = []
    for customer_id in ids:
        row = lock_customer(s, customer_id)
        if not _still_inactive(s, row, cutoff):
            continue
        scrub(s, row, now)
        audit.record(s, actor, "customer.erase", "customer", customer_id, reason="retention")
        done.append(customer_id)
    return (ids[-1] if ids else None), done


def apply_retention(
    db: Database,
    actor: Actor,
    *,
    years: int | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> RetentionRun:
    """Anonymise every customer inactive for *years* (default: the setting), in batches.

    ConfigurationError when no period is given or set. Admin (or the command line).
    """
    actor.require(Permission.MANAGE_SETTINGS)
    at = now or utcnow()
    period = check_years(years) if years is not None else db.run(_read_years)
    if period is None:
        raise ConfigurationError(
            _(
                "No retention period is set: run 'boxoffice customer retention "
                "--set-years N' (or pass --years N)."
            )
        )
    cutoff = cutoff_for(at, period)
    if dry_run:
        ids = db.run(
            lambda s: list(
                s.scalars(select(Customer.id).where(*_inactive(cutoff)).order_by(Customer.id))
            )
        )
        return RetentionRun(period, cutoff, ids, True)
    erased: list[int] = []
    after = 0
    while True:
        last, done = db.run(partial(_batch, cutoff=cutoff, after=after, now=at, actor=actor))
        if last is None:
            break
        after = last
        erased += done
    return RetentionRun(period, cutoff, erased, False)
