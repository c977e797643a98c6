"""Sharing an event with a friend: validation, escaping, idempotency, delivery."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Event, OutboxEmail
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import NotFound, PermissionDenied, SalesClosed, ValidationError
from boxoffice.domain.roles import Role
from boxoffice.services.mail import share
from boxoffice.services.mail.sender import send_due
from tests.smtp_server import SmtpServer, configure_mail

CLERK = Actor(user_id=None, username="clerk", role=Role.CLERK, desk="desk-1")


def first_event(db: Database) -> int:
    with db.session() as s:
        event_id = s.scalars(select(Event.id).order_by(Event.starts_at)).first()
    assert event_id is not None
    return event_id


def test_a_clerk_shares_an_event_and_the_friend_receives_it(
    demo_db: Database, smtp_server: SmtpServer
) -> None:
    configure_mail(demo_db, smtp_server)
    event_id = first_event(demo_db)
    preview = share.share_preview(demo_db, CLERK, event_id)
    note = "Shall we go?\n<script>alert('x')</script> – A."
    shared = share.share_event(
        demo_db, CLERK, event_id, " Friend@Example.COM ", note, shared_by="Alice"
    )
    assert shared.to_addr == "Friend@example.com"
    assert shared.subject == f"Alice thought you might like {preview.title}"
    assert send_due(demo_db, CLERK).sent == 1
    [msg] = smtp_server.messages
    assert msg["To"] == "Friend@example.com" and msg["Subject"] == shared.subject
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    assert "> Shall we go?" in text.get_content() and preview.when in text.get_content()
    assert "<script>" not in html.get_content()
    assert "&lt;script&gt;" in html.get_content()
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).where(AuditLog.action == "mail.share")) == 1


def test_the_same_dialog_never_queues_twice(demo_db: Database) -> None:
    event_id = first_event(demo_db)
    a = share.share_event(demo_db, CLERK, event_id, "f@example.com", idempotency_key="dlg-1")
    b = share.share_event(demo_db, CLERK, event_id, "f@example.com", idempotency_key="dlg-1")
    c = share.share_event(demo_db, CLERK, event_id, "f@example.com", idempotency_key="dlg-2")
    assert a.outbox_id == b.outbox_id != c.outbox_id
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEmail)) == 2


@pytest.mark.parametrize(
    ("to", "note", "error", "message"),
    [
        ("", "", ValidationError, "friend's e-mail address is empty"),
        ("friend", "", ValidationError, "exactly one @"),
        ("a@b.com\r\nBcc: c@d.com", "", ValidationError, "line break"),
        ("a@example.com", "x" * 1001, ValidationError, "too long"),
    ],
)
def test_bad_input_is_refused_clearly(
    demo_db: Database, to: str, note: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        share.share_event(demo_db, CLERK, first_event(demo_db), to, note)


def test_unknown_or_cancelled_events_cannot_be_shared(demo_db: Database) -> None:
    with pytest.raises(NotFound):
        share.share_event(demo_db, CLERK, 99999, "a@example.com")
    event_id = first_event(demo_db)
    with demo_db.session() as s:
        s.execute(update(Event).where(Event.id == event_id).values(status="cancelled"))
    with pytest.raises(SalesClosed, match="cancelled"):
        share.share_preview(demo_db, CLERK, event_id)


def test_sharing_needs_the_sell_permission(db: Database) -> None:
    class NoSell(Actor):
        def require(self, permission: object) -> None:
            raise PermissionDenied("no")

    with pytest.raises(PermissionDenied):
        share.share_event(db, NoSell(None, "x", Role.CLERK), 1, "a@example.com")
