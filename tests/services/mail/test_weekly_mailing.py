"""The weekly promotion: opted-in customers only, once a week even with desks racing,
unsubscribe link and header, and no mail to someone who unsubscribed meanwhile."""

from __future__ import annotations

import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import delete, func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Customer, OutboxEmail, Setting
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ConfigurationError, NotFound, PermissionDenied
from boxoffice.domain.roles import Role
from boxoffice.services.mail import weekly_mailing
from boxoffice.services.mail.sender import send_due
from boxoffice.services.mail.weekly_mailing import queue_weekly_promotion, unsubscribe
from tests.smtp_server import SmtpServer, configure_mail


def opted_in(db: Database) -> dict[str, str]:
    with db.session() as s:
        return dict(
            s.execute(
                select(Customer.email, Customer.unsubscribe_token).where(
                    Customer.marketing_opt_in.is_(True)
                )
            ).all()
        )


def queued(db: Database) -> list[OutboxEmail]:
    with db.session() as s:
        return list(s.scalars(select(OutboxEmail).where(OutboxEmail.kind == "promotion")))


def test_opted_in_customers_get_one_promotion_a_week(demo_db: Database) -> None:
    configure_mail(demo_db)
    now = utcnow()
    result = queue_weekly_promotion(demo_db, SYSTEM, now=now)
    customers = opted_in(demo_db)
    assert result.queued == len(customers) == 5 and result.events >= 3 and result.reason == ""
    assert sorted(r.to_addr for r in queued(demo_db)) == sorted(customers)

    again = queue_weekly_promotion(demo_db, SYSTEM, now=now + timedelta(days=3))
    assert again.queued == 0 and "already sent" in again.reason
    # Even with the run marker gone, nobody gets two within the week.
    with demo_db.session() as s:
        s.execute(delete(Setting).where(Setting.key == weekly_mailing.RUN_KEY))
    forced = queue_weekly_promotion(demo_db, SYSTEM, now=now + timedelta(days=3))
    assert forced.queued == 0 and "already had" in forced.reason

    # That forced run took the marker on day 3, so the next run is a week after it.
    assert queue_weekly_promotion(demo_db, SYSTEM, now=now + timedelta(days=9)).queued == 0
    next_week = queue_weekly_promotion(demo_db, SYSTEM, now=now + timedelta(days=10))
    assert next_week.queued == 5
    assert len(queued(demo_db)) == 10


def test_two_desks_running_it_at_once_send_it_once(demo_db: Database) -> None:
    configure_mail(demo_db)
    url = demo_db.engine.url.render_as_string(hide_password=False)
    desks = [Database(url) for _ in range(4)]
    start = threading.Barrier(len(desks))
    results: list[weekly_mailing.PromotionResult] = []
    errors: list[BaseException] = []

    def run(db: Database) -> None:
        try:
            start.wait()
            results.append(queue_weekly_promotion(db, SYSTEM))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(d,)) for d in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in desks:
        d.dispose()
    assert not errors
    assert sorted(r.queued for r in results) == [0, 0, 0, 5]
    assert len(queued(demo_db)) == 5


def test_promotion_mail_has_unsubscribe_link_and_header(
    demo_db: Database, smtp_server: SmtpServer
) -> None:
    configure_mail(demo_db, smtp_server)
    queue_weekly_promotion(demo_db, SYSTEM)
    tokens = opted_in(demo_db)
    assert send_due(demo_db, SYSTEM).sent == 5
    for msg in smtp_server.messages:
        token = tokens[msg["To"]]
        header = msg["List-Unsubscribe"]
        assert header == f"<https://tickets.example.com/unsubscribe?token={token}>"
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        assert text is not None and html is not None
        assert f"token={token}" in text.get_content() and f"token={token}" in html.get_content()
        assert msg["Subject"].startswith("Coming up: ")

    # The link's token unsubscribes exactly that customer; repeating it is harmless.
    first = smtp_server.messages[0]
    token = parse_qs(urlparse(first["List-Unsubscribe"].strip("<>")).query)["token"][0]
    done = unsubscribe(demo_db, token)
    assert not done.already
    assert first["To"] not in opted_in(demo_db) and len(opted_in(demo_db)) == 4
    assert unsubscribe(demo_db, token).already


def test_who_unsubscribes_before_the_send_gets_nothing(
    demo_db: Database, smtp_server: SmtpServer
) -> None:
    configure_mail(demo_db, smtp_server)
    queue_weekly_promotion(demo_db, SYSTEM)
    victim, token = sorted(opted_in(demo_db).items())[0]
    unsubscribe(demo_db, token)
    report = send_due(demo_db, SYSTEM)
    assert (report.sent, report.skipped, report.failed) == (4, 1, 0)
    assert victim not in [m["To"] for m in smtp_server.messages]
    [row] = [r for r in queued(demo_db) if r.to_addr == victim]
    assert row.status == "failed" and "unsubscribed" in row.last_error


@pytest.mark.parametrize("token", ["", "short", "x" * 100, "../../etc", "a" * 43])
def test_bad_unsubscribe_tokens_are_not_found(db: Database, token: str) -> None:
    with pytest.raises(NotFound, match="not valid"):
        unsubscribe(db, token)


def test_promotions_need_an_unsubscribe_link_and_an_admin(demo_db: Database) -> None:
    configure_mail(demo_db, unsubscribe_url="")
    with pytest.raises(ConfigurationError, match="unsubscribe link"):
        queue_weekly_promotion(demo_db, SYSTEM)
    with pytest.raises(PermissionDenied):
        queue_weekly_promotion(demo_db, Actor(None, "clerk", Role.CLERK))


def test_nothing_to_promote_leaves_the_week_open(demo_db: Database) -> None:
    configure_mail(demo_db)
    far_future = utcnow() + timedelta(days=400)
    result = queue_weekly_promotion(demo_db, SYSTEM, now=far_future)
    assert result.queued == 0 and "No upcoming events" in result.reason
    with demo_db.session() as s:
        stamped = s.scalar(select(func.count()).where(Customer.last_promotion_at.is_not(None)))
        assert stamped == 0
        s.execute(update(Customer).values(marketing_opt_in=False))
    assert queue_weekly_promotion(demo_db, SYSTEM).queued == 0
