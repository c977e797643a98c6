"""The weekly promotion of upcoming events, and unsubscribing from it.

At most once a week, twice over, both enforced in the database so that desks or cron jobs
running it at the same moment send once: a run marker in ``app_setting`` is taken by a
conditional UPDATE (the second runner's UPDATE matches no row), and each customer's
``last_promotion_at`` is moved by a conditional UPDATE in the same transaction. "A week"
allows one hour of slack, so a weekly cron job whose start drifts by seconds still runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Customer, Setting
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ConfigurationError, NotFound
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _, in_language
from boxoffice.services.common import audit
from boxoffice.services.common.local_time import venue_zone
from boxoffice.services.common.upserts import insert_ignore
from boxoffice.services.mail import facts as mail_facts
from boxoffice.services.mail import messages as mail_messages
from boxoffice.services.mail import outbox
from boxoffice.services.mail.address import is_valid_address
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.settings import read_settings

RUN_KEY = "promotion.last_run"
MIN_GAP = timedelta(days=7) - timedelta(hours=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_KEY = re.compile(r"^promotion:[0-9TZ]+:(\d+)$")


@dataclass(frozen=True)
class PromotionResult:
    queued: int
    events: int
    reason: str  # why nothing was queued ("" when something was)


@dataclass(frozen=True)
class Unsubscribed:
    customer_id: int
    name: str
    already: bool  # the customer had already unsubscribed


def _stamp(at: datetime) -> str:
    """Fixed-width UTC text: compares in time order as a string, on every backend."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def promotion_key(run: datetime, customer_id: int) -> str:
    return f"promotion:{run:%Y%m%dT%H%M%SZ}:{customer_id}"


def customer_of(dedupe_key: str) -> int | None:
    match = _KEY.match(dedupe_key)
    return int(match.group(1)) if match else None


def unsubscribe_link(template: str, token: str) -> str:
    return template.replace("{token}", token)


def _take_run(session: Session, now: datetime) -> bool:
    """Take this week's run marker; False if another run had it within the week."""
    insert_ignore(session, Setting, [{"key": RUN_KEY, "value": ""}], "key")
    result = session.execute(
        update(Setting)
        .where(Setting.key == RUN_KEY, Setting.value <= _stamp(now - MIN_GAP))
        .values(value=_stamp(now))
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def consented() -> list[ColumnElement[bool]]:
    """Who may get marketing mail: opted in with the consent's time on record, not erased."""
    return [
        Customer.marketing_opt_in.is_(True),
        Customer.marketing_consent_at.is_not(None),
        Customer.erased_at.is_(None),
    ]


def _take_customers(session: Session, now: datetime) -> list[tuple[int, str, str, str, str]]:
    """Stamp every consenting customer not promoted within the week; return those we stamped."""
    session.execute(
        update(Customer)
        .where(
            *consented(),
            Customer.email != "",
            or_(Customer.last_promotion_at.is_(None), Customer.last_promotion_at <= now - MIN_GAP),
        )
        .values(last_promotion_at=now)
        .execution_options(synchronize_session=False)
    )
    rows = session.execute(
        select(
            Customer.id,
            Customer.name,
            Customer.email,
            Customer.unsubscribe_token,
            Customer.language,
        )
        .where(Customer.last_promotion_at == now, *consented())
        .order_by(Customer.id)
    ).all()
    return [(cid, name, email, token, language) for cid, name, email, token, language in rows]


def queue_weekly_promotion(
    db: Database,
    actor: Actor,
    *,
    now: datetime | None = None,
    days_ahead: int = 28,
    max_events: int = 6,
) -> PromotionResult:
    """Queue this week's promotion for every opted-in customer (once a week at most)."""
    actor.require(Permission.MANAGE_SETTINGS)

    def work(session: Session) -> PromotionResult:
        at = now or utcnow()
        settings = read_settings(session)
        if not settings.unsubscribe_url:
            raise ConfigurationError(
                _("Set the unsubscribe link in the Mail settings before sending promotions.")
            )
        events = mail_facts.upcoming_events(session, at, days_ahead, max_events)
        if not events:
            return PromotionResult(0, 0, _("No upcoming events are on sale; nothing to promote."))
        if not _take_run(session, at):
            return PromotionResult(0, len(events), _("This week's promotion was already sent."))
        zone, sender = venue_zone(), settings.from_name or _("Box Office")

        def compose(name: str, token: str, language: str) -> Composed:
            link = unsubscribe_link(settings.unsubscribe_url, token)
            with in_language(language):
                return mail_messages.promotion(name, events, link, zone, sender)

        mails = [
            NewMail(MailKind.PROMOTION, promotion_key(at, cid), email, compose(name, token, lang))
            for cid, name, email, token, lang in _take_customers(session, at)
            if is_valid_address(email)
        ]
        outbox.enqueue_many(session, mails, at)
        audit.record(
            session, actor, "mail.promotion", "email_outbox", queued=len(mails), events=len(events)
        )
        reason = "" if mails else _("Every opted-in customer already had a promotion this week.")
        return PromotionResult(len(mails), len(events), reason)

    return db.run(work)


def unsubscribe_url_for(session: Session, dedupe_key: str) -> str | None:
    """At send time: the List-Unsubscribe link, or None if the customer opted out meanwhile."""
    customer_id = customer_of(dedupe_key)
    if customer_id is None:
        return ""
    row = session.execute(
        select(Customer.id, Customer.unsubscribe_token).where(
            Customer.id == customer_id, *consented()
        )
    ).one_or_none()
    if row is None:
        return None
    template = read_settings(session).unsubscribe_url
    return unsubscribe_link(template, row[1]) if template else ""


def unsubscribe(db: Database, token: str) -> Unsubscribed:
    """Stop promotions for the customer whose unsubscribe link carries *token*.

    No signed-in user: the token in the link is the customer's authority. Repeating it is
    harmless.
    """
    token = token.strip()
    if not _TOKEN.match(token):
        raise NotFound(_("This unsubscribe link is not valid."))

    def work(session: Session) -> Unsubscribed:
        row = session.execute(
            select(Customer.id, Customer.name, Customer.marketing_opt_in).where(
                Customer.unsubscribe_token == token
            )
        ).one_or_none()
        if row is None:
            raise NotFound(_("This unsubscribe link is not valid."))
        customer_id, name, opted_in = row
        if opted_in:
            session.execute(
                update(Customer)
                .where(Customer.id == customer_id)
                .values(
                    marketing_opt_in=False,
                    marketing_consent_at=utcnow(),
                    marketing_consent_source=_("unsubscribe link"),
                )
                .execution_options(synchronize_session=False)
            )
            audit.record(session, SYSTEM, "customer.unsubscribe", "customer", customer_id)
        return Unsubscribed(customer_id, name, already=not opted_in)

    return db.run(work)
