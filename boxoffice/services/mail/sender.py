"""Delivering the outbox over SMTP: claim due rows, build each MIME message, send, record.

Any desk (through the GUI's outbox pump) and ``boxoffice mail send`` (cron) run
:func:`send_due`; several at once are safe because a row is sent only by the sender whose
conditional UPDATE claimed it (see :mod:`boxoffice.services.mail.outbox`). A row is marked sent
right after the server accepted it. If the database is lost between the two, the claim
expires and the row is sent again with the same Message-ID, which lets mail systems drop the
copy: at-least-once is the most any mail system can promise, and the window is one message.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, PackageSale
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import BoxOfficeError, ConfigurationError, DatabaseUnavailable
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus
from boxoffice.i18n import _
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.mail import outbox, weekly_mailing
from boxoffice.services.mail.address import header_text, validate_address
from boxoffice.services.mail.notifications import SEASON_CARD_PREFIX
from boxoffice.services.mail.outbox import MailKind, OutboxItem
from boxoffice.services.mail.settings import (
    MailSettings,
    SmtpConfig,
    config_from,
    smtp_config,
    stored_password,
    validate,
)
from boxoffice.services.mail.smtp import SmtpConnection, describe
from boxoffice.services.tickets.pdf import render_booking_pdf

log = logging.getLogger(__name__)

UNSUBSCRIBED = "Not sent: the customer unsubscribed from weekly_mailing."


class MailDeliveryError(BoxOfficeError):
    """The SMTP server could not be used (test e-mail)."""


@dataclass(frozen=True)
class SendReport:
    """What one :func:`send_due` run did."""

    sent: int = 0
    retrying: int = 0  # failed this time, will be tried again later
    failed: int = 0  # given up (permanent refusal or too many attempts)
    skipped: int = 0  # promotions to customers who unsubscribed meanwhile
    not_configured: bool = False
    error: str = ""  # the server problem that stopped the run early

    @property
    def ok(self) -> bool:
        return not (self.error or self.retrying or self.failed or self.not_configured)

    def summary(self) -> str:
        if self.not_configured:
            return _("Mail is not configured (no SMTP host or sender address); nothing sent.")
        text = _("sent {sent}, will retry {retrying}, failed {failed}, skipped {skipped}").format(
            sent=self.sent, retrying=self.retrying, failed=self.failed, skipped=self.skipped
        )
        return (
            _("{text}; stopped: {error}").format(text=text, error=self.error)
            if self.error
            else text
        )


# -- building messages ------------------------------------------------------------------------


def message_id(item_id: int, dedupe_key: str, from_addr: str) -> str:
    """Stable per row: a copy re-sent after a lost acknowledgement carries the same id."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:12]
    domain = from_addr.rpartition("@")[2] or "boxoffice.invalid"
    return f"<outbox.{item_id}.{digest}@{domain}>"


def build_message(
    item: OutboxItem,
    config: SmtpConfig,
    now: datetime,
    pdf: bytes | None = None,
    unsubscribe_url: str = "",
) -> EmailMessage:
    """multipart/alternative (text + HTML), inside multipart/mixed when a PDF is attached.

    Every header value is a single line (:func:`header_text`) and addresses are validated, so
    nothing stored in a row can add a header.
    """
    msg = EmailMessage()
    local, _sep, domain = config.from_addr.partition("@")
    msg["From"] = Address(header_text(config.from_name, 100), local, domain)
    msg["To"] = validate_address(item.to_addr)
    msg["Subject"] = header_text(item.subject, 250)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(item.id, item.dedupe_key, config.from_addr)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Boxoffice-Outbox"] = str(item.id)
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{header_text(unsubscribe_url, 900)}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg["Precedence"] = "bulk"
    msg.set_content(item.body_text)
    if item.body_html:
        msg.add_alternative(item.body_html, subtype="html")
    if pdf is not None:
        msg.add_attachment(
            pdf,
            maintype="application",
            subtype="pdf",
            filename=header_text(item.attachment_name or "tickets.pdf", 120),
        )
    elif item.attachment is not None:
        pdf_file = item.attachment_name.lower().endswith(".pdf")
        msg.add_attachment(
            item.attachment,
            maintype="application",
            subtype="pdf" if pdf_file else "octet-stream",
            filename=header_text(item.attachment_name or "attachment", 120),
        )
    return msg


def _tickets_pdf(session: Session, booking_id: int) -> bytes | None:
    """The booking's tickets, rendered now (so they carry the current ticket codes)."""
    status = session.scalar(select(Booking.status).where(Booking.id == booking_id))
    if status != BookingStatus.CONFIRMED.value:
        return None  # cancelled meanwhile: its tickets are void, attach nothing
    return render_booking_pdf(session, booking_id, stock="a4")


def _season_card_pdf(session: Session, booking_id: int) -> bytes | None:
    """The season card of the package sale *booking_id* is one event of, rendered now."""
    from boxoffice.services.packages.card import card_for, layout_card
    from boxoffice.services.tickets.pdf import render_pdf

    reference = session.scalar(
        select(PackageSale.reference)
        .join(Booking, Booking.package_sale_id == PackageSale.id)
        .where(Booking.id == booking_id, PackageSale.status == BookingStatus.CONFIRMED.value)
    )
    if reference is None:
        return None  # cancelled meanwhile: the card is void, attach nothing
    return render_pdf(layout_card(card_for(session, reference)))


def _prepare(
    db: Database, item: OutboxItem, config: SmtpConfig, now: datetime
) -> EmailMessage | None:
    """The message for *item*, or None when it must not be sent any more."""
    pdf = None
    unsubscribe = ""
    if item.kind == MailKind.PROMOTION.value:
        url = db.run(partial(weekly_mailing.unsubscribe_url_for, dedupe_key=item.dedupe_key))
        if url is None:
            return None
        unsubscribe = url
    if item.booking_id is not None and item.attachment_name.startswith(SEASON_CARD_PREFIX):
        pdf = db.run(partial(_season_card_pdf, booking_id=item.booking_id))
    elif item.booking_id is not None:
        # A confirmation without its tickets is worse than none: a render error fails the row.
        pdf = db.run(partial(_tickets_pdf, booking_id=item.booking_id))
    return build_message(item, config, now, pdf, unsubscribe)


# -- the send loop ----------------------------------------------------------------------------


def send_due(
    db: Database,
    actor: Actor,
    *,
    limit: int = 200,
    batch: int = 20,
    now: datetime | None = None,
    worker: str = "",
) -> SendReport:
    """Send up to *limit* due messages; returns counts. Safe to run on many desks at once.

    *now* fixes the clock (tests); *worker* names this sender in ``claimed_by``.
    """
    actor.require(Permission.SELL)  # every desk runs the pump, whatever its role
    config = db.run(smtp_config)
    if config is None:
        return SendReport(not_configured=True)
    run = _Run(db, config, (lambda: now) if now is not None else utcnow)
    name = (worker or actor.desk or socket.gethostname())[:40]
    done = 0
    with ExitStack() as stack:
        while done < limit and not run.error:
            size = max(1, min(batch, limit - done))
            token = f"{name}:{uuid.uuid4().hex[:16]}"
            lease = timedelta(seconds=max(300.0, config.timeout * 3 * size))
            items = db.run(
                partial(outbox.claim, token=token, now=run.clock(), limit=size, lease=lease)
            )
            if not items:
                break
            done += len(items)
            run.deliver(items, token, stack)
    return SendReport(run.sent, run.retrying, run.failed, run.skipped, error=run.error)


class _Run:
    """The state of one :func:`send_due` run: the open connection and the counts."""

    def __init__(self, db: Database, config: SmtpConfig, clock: Callable[[], datetime]) -> None:
        self.db, self.config, self.clock = db, config, clock
        self.conn: SmtpConnection | None = None
        self.sent = self.retrying = self.failed = self.skipped = 0
        self.error = ""

    def _failure(self, item: OutboxItem, token: str, message: str, permanent: bool) -> None:
        status = self.db.run(
            partial(
                outbox.mark_failed,
                item_id=item.id,
                token=token,
                now=self.clock(),
                error=message,
                permanent=permanent,
            )
        )
        if status == "failed":
            self.failed += 1
        elif status == "pending":
            self.retrying += 1

    def _skip(self, item: OutboxItem, token: str) -> None:
        """Retire a message that must not go out any more (not an error: counted apart)."""
        self.db.run(
            partial(
                outbox.mark_failed,
                item_id=item.id,
                token=token,
                now=self.clock(),
                error=UNSUBSCRIBED,
                permanent=True,
            )
        )
        self.skipped += 1

    def deliver(self, items: list[OutboxItem], token: str, stack: ExitStack) -> None:
        """Send each claimed item and record the outcome; stop if the server is unusable."""
        for index, item in enumerate(items):
            try:
                message = _prepare(self.db, item, self.config, self.clock())
            except DatabaseUnavailable:
                raise  # nothing recorded; the claims expire and a later run picks them up
            except Exception as exc:
                # One message that cannot be built (bad data, a renderer bug) must not hold up
                # the queue behind it: it fails alone, with the reason, for "Retry failed".
                log.exception("outbox row %s could not be built", item.id)
                reason = exc.message if isinstance(exc, BoxOfficeError) else repr(exc)
                self._failure(
                    item,
                    token,
                    _("Could not build the message: {reason}").format(reason=reason),
                    True,
                )
                continue
            if message is None:
                self._skip(item, token)
                continue
            try:
                if self.conn is None:
                    self.conn = stack.enter_context(SmtpConnection(self.config))
                self.conn.send(message)
            except Exception as exc:  # smtplib/OS errors; describe() re-raises anything else
                problem = describe(exc, self.config)
                if not problem.connection:
                    self._failure(item, token, problem.message, problem.permanent)
                    continue
                # The server is unusable: this and every other claimed row had its attempt.
                for rest in items[index:]:
                    self._failure(rest, token, problem.message, False)
                self.error = problem.message
                log.warning("mail run stopped: %s", self.error)
                return
            marked = self.db.run(
                partial(outbox.mark_sent, item_id=item.id, token=token, now=self.clock())
            )
            if not marked:
                log.warning("outbox row %s was sent after its claim expired", item.id)
            self.sent += 1


# -- the settings tab's "send test e-mail" ----------------------------------------------------


def send_test_email(
    db: Database,
    actor: Actor,
    to_addr: str,
    settings: MailSettings | None = None,
    password: str | None = None,
) -> str:
    """Send one message now, straight to the server (not through the outbox).

    Uses *settings* as typed in the form (not yet saved) or the stored ones; *password* None
    means the stored password. Returns a sentence saying what happened; raises
    MailDeliveryError with the reason when the server cannot be used.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    to = validate_address(to_addr, _("Test recipient"))

    def load(session: Session) -> SmtpConfig | None:
        if settings is None:
            return smtp_config(session)
        clean = validate(settings)
        if not clean.configured:
            return None
        return config_from(clean, stored_password(session) if password is None else password)

    config = db.run(load)
    if config is None:
        raise ConfigurationError(_("Enter the SMTP host and the sender address first."))
    now = utcnow()
    item = OutboxItem(
        id=0,
        kind="test",
        dedupe_key=f"test:{uuid.uuid4().hex}",
        to_addr=to,
        subject=_("Box office test e-mail"),
        body_text=(
            _(
                "This is a test e-mail from the box office, sent through "
                "{describe} by {username} at {now} UTC.\n\nIf you "
                "can read it, customers will receive their confirmations.\n"
            ).format(
                describe=config.describe(),
                username=actor.username,
                now=stamp_text(now),
            )
        ),
        body_html="",
        booking_id=None,
        attachment_name="",
        attachment=None,
        attempts=0,
    )
    try:
        with SmtpConnection(config) as conn:
            conn.send(build_message(item, config, now))
    except Exception as exc:  # describe() re-raises anything that is not a mail error
        raise MailDeliveryError(describe(exc, config).message) from exc
    return _("Test e-mail sent to {to} through {describe}.").format(
        to=to, describe=config.describe()
    )
