"""Sharing an event: e-mail its details to a friend's address, from the event view."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import NotFound, SalesClosed, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import EventStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.local_time import format_when, venue_zone
from boxoffice.services.mail import facts as mail_facts
from boxoffice.services.mail import messages as mail_messages
from boxoffice.services.mail import outbox
from boxoffice.services.mail.address import body_text, header_text, validate_address
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.settings import read_settings

MAX_NOTE = 1000


@dataclass(frozen=True)
class SharePreview:
    """What the dialog shows about the event before sending."""

    event_id: int
    title: str
    when: str
    venue: str


@dataclass(frozen=True)
class Shared:
    outbox_id: int
    to_addr: str
    subject: str


def _card(session: Session, event_id: int) -> mail_facts.EventCard:
    card = mail_facts.event_card(session, event_id)
    if card is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    if card.status == EventStatus.CANCELLED.value:
        raise SalesClosed(
            _("{title} is cancelled; there is nothing to share.").format(title=card.title)
        )
    return card


def share_preview(db: Database, actor: Actor, event_id: int) -> SharePreview:
    actor.require(Permission.SELL)

    def work(session: Session) -> SharePreview:
        card = _card(session, event_id)
        return SharePreview(
            card.id, card.title, format_when(card.starts_at, venue_zone()), card.venue
        )

    return db.run(work)


def compose_share(session: Session, event_id: int, note: str, shared_by: str) -> Composed:
    card = _card(session, event_id)
    sender = read_settings(session).from_name or "Box Office"
    return mail_messages.share(card, note, shared_by, venue_zone(), sender)


def share_event(
    db: Database,
    actor: Actor,
    event_id: int,
    to_addr: str,
    note: str = "",
    *,
    shared_by: str = "",
    idempotency_key: str = "",
) -> Shared:
    """Queue an e-mail about the event to *to_addr*, with the customer's *note*.

    *shared_by* is the name the friend sees ("Alice thought you might like ..."). The same
    *idempotency_key* (the dialog makes one per dialog) never queues twice.
    """
    actor.require(Permission.SELL)
    to = validate_address(to_addr, _("Your friend's e-mail address"))
    clean_note = body_text(note, MAX_NOTE)
    who = header_text(shared_by, 60)
    key = idempotency_key.strip() or uuid.uuid4().hex
    if len(key) > 64 or not key.replace("-", "").isalnum():
        raise ValidationError(_("Bad idempotency key."))

    def work(session: Session) -> Shared:
        content = compose_share(session, event_id, clean_note, who)
        outbox_id = outbox.enqueue(
            session, NewMail(MailKind.SHARE, f"share:{event_id}:{key}", to, content)
        )
        audit.record(session, actor, "mail.share", "event", event_id, outbox_id=outbox_id)
        return Shared(outbox_id, to, content.subject)

    return db.run(work)
