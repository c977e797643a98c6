"""The outbox queue: transactional writes, dedupe, atomic claims, backoff, status."""

from __future__ import annotations

import threading
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, OutboxEmail
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.domain.roles import Role
from boxoffice.domain.status import OutboxStatus
from boxoffice.services.mail import outbox
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail

CLERK = Actor(user_id=None, username="clerk", role=Role.CLERK, desk="d1")
LEASE = timedelta(minutes=5)


def mail(key: str, to: str = "alice@example.com") -> NewMail:
    return NewMail(MailKind.SHARE, key, to, Composed(f"Subject {key}", "text", "<p>html</p>"))


def count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEmail)) or 0)


def test_enqueue_commits_and_rolls_back_with_the_change(db: Database) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), db.session() as s:
        outbox.enqueue(s, mail("k1"))
        raise Boom  # the change that enqueued it failed
    assert count(db) == 0
    with db.session() as s:
        outbox.enqueue(s, mail("k1"))
    assert count(db) == 1


def test_the_same_dedupe_key_is_stored_once(db: Database) -> None:
    first = db.run(lambda s: outbox.enqueue(s, mail("booking:1")))
    again = db.run(lambda s: outbox.enqueue(s, mail("booking:1", to="other@example.com")))
    assert first == again
    db.run(lambda s: outbox.enqueue_many(s, [mail("booking:1"), mail("booking:2")]))
    assert count(db) == 2
    with db.session() as s:
        row = s.scalars(select(OutboxEmail).where(OutboxEmail.dedupe_key == "booking:1")).one()
        assert row.to_addr == "alice@example.com"  # the first write wins
        assert row.status == OutboxStatus.PENDING.value
        assert row.attempts == 0


def test_enqueue_refuses_a_bad_address_and_cleans_the_subject(db: Database) -> None:
    with pytest.raises(ValidationError):
        db.run(lambda s: outbox.enqueue(s, mail("x", to="not an address")))
    evil = NewMail(
        MailKind.SHARE, "evil", "a@example.com", Composed("Hi\r\nBcc: all@example.com", "t", "")
    )
    db.run(lambda s: outbox.enqueue(s, evil))
    with db.session() as s:
        assert s.scalar(select(OutboxEmail.subject)) == "Hi Bcc: all@example.com"


def test_claims_are_exclusive_until_the_lease_ends(db: Database) -> None:
    db.run(lambda s: outbox.enqueue_many(s, [mail(f"m{i}") for i in range(5)]))
    now = utcnow()
    a = db.run(lambda s: outbox.claim(s, "desk-a", now, 3, LEASE))
    b = db.run(lambda s: outbox.claim(s, "desk-b", now, 10, LEASE))
    assert len(a) == 3 and len(b) == 2
    assert not {i.id for i in a} & {i.id for i in b}
    assert db.run(lambda s: outbox.claim(s, "desk-c", now, 10, LEASE)) == []
    # desk-a crashed: after its lease, its rows can be claimed again; desk-b marked its own.
    for item in b:
        assert db.run(lambda s, i=item.id: outbox.mark_sent(s, i, "desk-b", now))
    later = now + LEASE + timedelta(seconds=1)
    c = db.run(lambda s: outbox.claim(s, "desk-c", later, 10, LEASE))
    assert sorted(i.id for i in c) == sorted(i.id for i in a)
    # desk-a's late acknowledgement no longer matches its claim.
    assert not db.run(lambda s: outbox.mark_sent(s, a[0].id, "desk-a", later))


def test_rows_not_yet_due_are_left_alone(db: Database) -> None:
    db.run(lambda s: outbox.enqueue(s, mail("later")))
    now = utcnow()
    assert db.run(lambda s: outbox.claim(s, "t", now - timedelta(seconds=5), 10, LEASE)) == []
    assert len(db.run(lambda s: outbox.claim(s, "t", now + timedelta(seconds=1), 10, LEASE))) == 1


def test_failures_back_off_exponentially_then_give_up(db: Database) -> None:
    row_id = db.run(lambda s: outbox.enqueue(s, mail("flaky")))
    now = utcnow()
    delays = []
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        token = f"t{attempt}"
        items = db.run(partial(outbox.claim, token=token, now=now, limit=1, lease=LEASE))
        assert [i.id for i in items] == [row_id], f"attempt {attempt} not due"
        assert items[0].attempts == attempt - 1
        status = db.run(
            partial(
                outbox.mark_failed,
                item_id=row_id,
                token=token,
                now=now,
                error="timeout",
                permanent=False,
            )
        )
        with db.session() as s:
            row = s.get_one(OutboxEmail, row_id)
            delays.append(row.next_attempt_at - now)
            assert row.claimed_by is None and row.last_error == "timeout"
        if attempt < outbox.MAX_ATTEMPTS:
            assert status == "pending"
            # not due again before its backoff has passed
            early = partial(outbox.claim, token="early", now=now, limit=1, lease=LEASE)
            assert db.run(early) == []
            now = row.next_attempt_at
        else:
            assert status == "failed"
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == outbox.BACKOFF_CAP
    assert db.run(lambda s: outbox.claim(s, "t", now + timedelta(days=1), 1, LEASE)) == []


def test_a_permanent_refusal_fails_at_once_and_retry_failed_requeues(db: Database) -> None:
    row_id = db.run(lambda s: outbox.enqueue(s, mail("refused")))
    now = utcnow()
    db.run(lambda s: outbox.claim(s, "t", now, 1, LEASE))
    assert db.run(lambda s: outbox.mark_failed(s, row_id, "t", now, "550 no such user", True)) == (
        "failed"
    )
    counts = outbox.outbox_counts(db, SYSTEM)
    assert (counts.pending, counts.sent, counts.failed) == (0, 0, 1)
    [entry] = outbox.list_messages(db, SYSTEM, OutboxStatus.FAILED)
    assert entry.last_error == "550 no such user" and entry.attempts == 1
    assert outbox.retry_failed(db, SYSTEM) == 1
    counts = outbox.outbox_counts(db, SYSTEM)
    assert (counts.pending, counts.failed, counts.due) == (1, 0, 1)
    with db.session() as s:
        assert s.scalar(select(AuditLog.action).where(AuditLog.action == "mail.retry_failed"))


def test_status_and_retry_are_for_admins(db: Database) -> None:
    for call in (outbox.outbox_counts, outbox.retry_failed, outbox.list_messages):
        with pytest.raises(PermissionDenied):
            call(db, CLERK)


def test_concurrent_claimers_never_share_a_row(db: Database) -> None:
    """Eight desks claim from the same queue at once (on MariaDB: real row locks)."""
    db.run(lambda s: outbox.enqueue_many(s, [mail(f"c{i}") for i in range(120)]))
    now = utcnow()
    won: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def desk(name: str) -> None:
        mine: list[int] = []
        try:
            start.wait()
            while items := db.run(lambda s: outbox.claim(s, name, now, 7, LEASE)):
                mine.extend(i.id for i in items)
                for i in items:
                    db.run(lambda s, i=i: outbox.mark_sent(s, i.id, name, now))
        except BaseException as exc:
            errors.append(exc)
        won[name] = mine

    threads = [threading.Thread(target=desk, args=(f"desk{n}",)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    claimed = [i for ids in won.values() for i in ids]
    assert len(claimed) == len(set(claimed)) == 120
    assert outbox.outbox_counts(db, SYSTEM).sent == 120
