"""The transactional e-mail outbox: rows written with the change they report, sent later.

Life of a row: ``pending`` → claimed by one sender (a conditional UPDATE sets ``claimed_by`` /
``claimed_until``; its row count says who won) → ``sent``; or, after a failed attempt, back to
``pending`` with ``next_attempt_at`` pushed out exponentially, and ``failed`` after
:data:`MAX_ATTEMPTS`. ``dedupe_key`` is unique, so enqueuing the same logical message twice (a
retried service call) stores it once. A claim that outlives its lease (a desk crashed mid-send)
becomes claimable again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import OutboxEmail
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import OutboxStatus
from boxoffice.services.common import audit
from boxoffice.services.common.upserts import insert_ignore
from boxoffice.services.mail.address import header_text, validate_address

MAX_ATTEMPTS = 10  # 1+2+4+…+60 min: about four hours of retries
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)


class MailKind(StrEnum):
    CONFIRMATION = "confirmation"
    BOOKING_UPDATE = "booking_update"
    CANCELLATION = "cancellation"
    EVENT_CHANGE = "event_change"
    PROMOTION = "promotion"
    SHARE = "share"
    WAITLIST_OFFER = "waitlist_offer"
    VOUCHER = "voucher"


@dataclass(frozen=True)
class Composed:
    """A message's content: one subject, a plain-text and an HTML body."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class NewMail:
    """A message to queue. ``booking_id`` set: the tickets PDF is rendered and attached at send
    time (named ``attachment_name``)."""

    kind: MailKind
    dedupe_key: str
    to_addr: str
    content: Composed
    booking_id: int | None = None
    attachment_name: str = ""
    attachment: bytes | None = None  # sent as is (a gift voucher's PDF)


@dataclass(frozen=True)
class OutboxItem:
    """A claimed row, as the sender needs it."""

    id: int
    kind: str
    dedupe_key: str
    to_addr: str
    subject: str
    body_text: str
    body_html: str
    booking_id: int | None
    attachment_name: str
    attachment: bytes | None
    attempts: int


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    sent: int
    failed: int
    due: int  # pending and due now
    next_attempt_at: datetime | None  # earliest pending row


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    kind: str
    to_addr: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None


# -- writing (inside the caller's transaction) ------------------------------------------------


def _row(mail: NewMail, now: datetime) -> dict[str, Any]:
    if len(mail.dedupe_key) > 128 or not mail.dedupe_key:
        raise ValueError(f"bad dedupe key {mail.dedupe_key!r}")
    return dict(
        kind=mail.kind.value,
        dedupe_key=mail.dedupe_key,
        to_addr=validate_address(mail.to_addr),
        subject=header_text(mail.content.subject, 250),
        body_text=mail.content.text,
        body_html=mail.content.html,
        booking_id=mail.booking_id,
        attachment_name=header_text(mail.attachment_name, 120),
        attachment=mail.attachment,
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        claimed_by=None,
        claimed_until=None,
        last_error="",
        created_at=now,
        sent_at=None,
    )


def enqueue_many(session: Session, mails: list[NewMail], now: datetime | None = None) -> None:
    """Queue *mails* in the open transaction; a dedupe key already present is skipped."""
    if not mails:
        return
    at = now or utcnow()
    insert_ignore(session, OutboxEmail, [_row(m, at) for m in mails], "dedupe_key")


def enqueue(session: Session, mail: NewMail, now: datetime | None = None) -> int:
    """Queue one message; returns its row id (the existing one if the key was already queued)."""
    enqueue_many(session, [mail], now)
    found = session.scalar(select(OutboxEmail.id).where(OutboxEmail.dedupe_key == mail.dedupe_key))
    assert found is not None
    return int(found)


def replace_pending(session: Session, mails: list[NewMail]) -> None:
    """Rewrite queued messages that no sender has touched yet, then queue any missing ones.

    For a later hook in the same transaction that knows better (the event was cancelled, not
    only the booking): the customer gets one message, with the better wording.
    """
    for mail in mails:
        session.execute(
            update(OutboxEmail)
            .where(
                OutboxEmail.dedupe_key == mail.dedupe_key,
                OutboxEmail.status == OutboxStatus.PENDING.value,
                OutboxEmail.attempts == 0,
                OutboxEmail.claimed_by.is_(None),
            )
            .values(
                subject=header_text(mail.content.subject, 250),
                body_text=mail.content.text,
                body_html=mail.content.html,
            )
            .execution_options(synchronize_session=False)
        )
    enqueue_many(session, mails)


# -- the sender's side ------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after *attempts* failed ones: 1, 2, 4 … minutes, at most 1 h."""
    delay: timedelta = BACKOFF_BASE * 2 ** min(max(0, attempts - 1), 20)
    return min(delay, BACKOFF_CAP)


def _claimable(now: datetime) -> Any:
    return and_(
        OutboxEmail.status == OutboxStatus.PENDING.value,
        OutboxEmail.next_attempt_at <= now,
        or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < now),
    )


def claim(
    session: Session, token: str, now: datetime, limit: int, lease: timedelta
) -> list[OutboxItem]:
    """Claim up to *limit* due rows for *token* and return them.

    The candidates are read first, then taken by ONE conditional UPDATE that repeats the
    claimable condition: a row another sender took in between no longer matches, so each row
    goes to exactly one sender. The row count tells how many we won.
    """
    ids = list(
        session.scalars(
            select(OutboxEmail.id)
            .where(_claimable(now))
            .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
            .limit(limit)
        )
    )
    if not ids:
        return []
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(ids), _claimable(now))
        .values(claimed_by=token, claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        return []
    rows = session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.claimed_by == token, OutboxEmail.status == OutboxStatus.PENDING.value)
        .order_by(OutboxEmail.id)
    )
    return [
        OutboxItem(
            id=r.id,
            kind=r.kind,
            dedupe_key=r.dedupe_key,
            to_addr=r.to_addr,
            subject=r.subject,
            body_text=r.body_text,
            body_html=r.body_html,
            booking_id=r.booking_id,
            attachment_name=r.attachment_name,
            attachment=r.attachment,
            attempts=r.attempts,
        )
        for r in rows
    ]


def mark_sent(session: Session, item_id: int, token: str, now: datetime) -> bool:
    """Record a delivery. False if our claim was lost (the lease ran out and another took it)."""
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == item_id, OutboxEmail.claimed_by == token)
        .values(
            status=OutboxStatus.SENT.value,
            sent_at=now,
            attempts=OutboxEmail.attempts + 1,
            claimed_by=None,
            claimed_until=None,
            last_error="",
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_failed(
    session: Session, item_id: int, token: str, now: datetime, error: str, permanent: bool
) -> str | None:
    """Record a failed attempt: retry later with backoff, or ``failed`` when permanent or after
    MAX_ATTEMPTS. Returns the new status (None if our claim was lost)."""
    attempts = session.scalar(
        select(OutboxEmail.attempts).where(
            OutboxEmail.id == item_id, OutboxEmail.claimed_by == token
        )
    )
    if attempts is None:
        return None
    attempts += 1
    give_up = permanent or attempts >= MAX_ATTEMPTS
    status = OutboxStatus.FAILED if give_up else OutboxStatus.PENDING
    session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == item_id, OutboxEmail.claimed_by == token)
        .values(
            status=status.value,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            claimed_by=None,
            claimed_until=None,
            last_error=error[:500],
        )
        .execution_options(synchronize_session=False)
    )
    return status.value


def release(session: Session, item_ids: list[int], token: str) -> None:
    """Give back claimed rows we did not try (no attempt counted)."""
    if item_ids:
        session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id.in_(item_ids), OutboxEmail.claimed_by == token)
            .values(claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )


# -- status for the admin tab and the CLI -----------------------------------------------------


def counts_in(session: Session, now: datetime) -> OutboxCounts:
    by_status = dict(
        session.execute(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)).all()
    )
    due = session.scalar(select(func.count()).select_from(OutboxEmail).where(_claimable(now)))
    next_at = session.scalar(
        select(func.min(OutboxEmail.next_attempt_at)).where(
            OutboxEmail.status == OutboxStatus.PENDING.value
        )
    )
    return OutboxCounts(
        pending=int(by_status.get(OutboxStatus.PENDING.value, 0)),
        sent=int(by_status.get(OutboxStatus.SENT.value, 0)),
        failed=int(by_status.get(OutboxStatus.FAILED.value, 0)),
        due=int(due or 0),
        next_attempt_at=next_at,
    )


def outbox_counts(db: Database, actor: Actor) -> OutboxCounts:
    """Pending / sent / failed counts and the next due time."""
    actor.require(Permission.MANAGE_SETTINGS)
    return db.run(lambda s: counts_in(s, utcnow()))


def list_messages(
    db: Database, actor: Actor, status: OutboxStatus | None = None, limit: int = 100
) -> list[OutboxEntry]:
    """Most recent messages first (optionally one status), for the outbox table."""
    actor.require(Permission.MANAGE_SETTINGS)
    return db.run(lambda s: _entries(s, status, limit))


def outbox_view(
    db: Database, actor: Actor, status: OutboxStatus | None = None, limit: int = 100
) -> tuple[OutboxCounts, list[OutboxEntry]]:
    """The admin's outbox panel: the counts and the latest messages, read in one transaction."""
    actor.require(Permission.MANAGE_SETTINGS)
    return db.run(lambda s: (counts_in(s, utcnow()), _entries(s, status, limit)))


def _entries(session: Session, status: OutboxStatus | None, limit: int) -> list[OutboxEntry]:
    query = select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(max(1, min(limit, 1000)))
    if status is not None:
        query = query.where(OutboxEmail.status == status.value)
    return [
        OutboxEntry(
            id=r.id,
            kind=r.kind,
            to_addr=r.to_addr,
            subject=r.subject,
            status=r.status,
            attempts=r.attempts,
            last_error=r.last_error,
            created_at=r.created_at,
            sent_at=r.sent_at,
        )
        for r in session.scalars(query)
    ]


def retry_failed(db: Database, actor: Actor, ids: list[int] | None = None) -> int:
    """Put failed messages (all, or *ids*) back in the queue, due now. Returns how many."""
    actor.require(Permission.MANAGE_SETTINGS)

    def work(session: Session) -> int:
        now = utcnow()
        query = update(OutboxEmail).where(OutboxEmail.status == OutboxStatus.FAILED.value)
        if ids is not None:
            query = query.where(OutboxEmail.id.in_(ids))
        result = session.execute(
            query.values(
                status=OutboxStatus.PENDING.value,
                attempts=0,
                next_attempt_at=now,
                claimed_by=None,
                claimed_until=None,
            ).execution_options(synchronize_session=False)
        )
        count = int(result.rowcount)  # type: ignore[attr-defined]
        if count:
            audit.record(session, actor, "mail.retry_failed", "email_outbox", count=count)
        return count

    return db.run(work)
