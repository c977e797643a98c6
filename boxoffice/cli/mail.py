"""``boxoffice mail send|status|retry-failed|promote|test|configure|unsubscribe``.

``mail send`` is the cron entry point: it sends what is due, prints the counts and exits
0 when everything it tried was delivered, 1 otherwise (server down, refusals, not configured).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from boxoffice import config
from boxoffice.cli.common import open_database, valid_text
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.status import OutboxStatus
from boxoffice.i18n import _, ngettext
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.mail import outbox, weekly_mailing
from boxoffice.services.mail import sender as mail_sender
from boxoffice.services.mail.settings import (
    DEFAULT_PORTS,
    SmtpSecurity,
    get_mail_settings,
    save_mail_settings,
)


def _actor() -> Actor:
    return replace(SYSTEM, desk=str(config.get("desk"))[:64])


def register(sub: Any) -> None:
    mail = sub.add_parser("mail", help=_("send queued e-mail, promotions, SMTP settings"))
    msub = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True)

    send = msub.add_parser("send", help=_("send the e-mail that is due (run it from cron)"))
    send.add_argument("--limit", type=int, default=500, help=_("at most this many (default 500)"))
    send.set_defaults(handler=send_mail)

    status = msub.add_parser("status", help=_("pending / sent / failed counts, recent failures"))
    status.set_defaults(handler=show_status)

    retry = msub.add_parser("retry-failed", help=_("queue every failed message again"))
    retry.set_defaults(handler=retry_failed)

    promote = msub.add_parser(
        "promote", help=_("queue this week's promotion to opted-in customers (once a week)")
    )
    promote.set_defaults(handler=promote_events)

    test = msub.add_parser("test", help=_("send a test e-mail now with the stored settings"))
    test.add_argument("address", help=_("recipient of the test e-mail"))
    test.set_defaults(handler=send_test)

    conf = msub.add_parser("configure", help=_("change the SMTP settings (others are kept)"))
    conf.add_argument("--host")
    conf.add_argument("--port", type=int)
    conf.add_argument("--security", choices=[s.value for s in SmtpSecurity])
    conf.add_argument("--user", help=_("SMTP user name ('' for none)"))
    conf.add_argument("--from", dest="from_addr", help=_("sender address"))
    conf.add_argument("--from-name", help=_("sender name"))
    conf.add_argument("--ca-file", help=_("CA certificate trusted for the server ('' for system)"))
    conf.add_argument("--unsubscribe-url", help=_("promotion unsubscribe link containing {token}"))
    conf.add_argument(
        "--password-stdin", action="store_true", help=_("read the SMTP password from stdin")
    )
    conf.add_argument("--clear-password", action="store_true", help=_("remove the password"))
    conf.set_defaults(handler=configure)

    unsub = msub.add_parser("unsubscribe", help=_("stop promotions for an unsubscribe token"))
    unsub.add_argument("token")
    unsub.set_defaults(handler=unsubscribe)


def send_mail(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ValidationError(_("--limit must be at least 1."))
    db = open_database(args)
    report = mail_sender.send_due(db, _actor(), limit=args.limit)
    print(report.summary())
    return 0 if report.ok else 1


def show_status(args: argparse.Namespace) -> int:
    db = open_database(args)
    counts = outbox.outbox_counts(db, SYSTEM)
    print(
        _("pending {pending} (due now {due}), sent {sent}, failed {failed}").format(
            pending=counts.pending, due=counts.due, sent=counts.sent, failed=counts.failed
        )
    )
    if counts.next_attempt_at is not None and counts.pending > counts.due:
        print(
            _("next attempt at {next_attempt_at} UTC").format(
                next_attempt_at=stamp_text(counts.next_attempt_at)
            )
        )
    for entry in outbox.list_messages(db, SYSTEM, OutboxStatus.FAILED, limit=10):
        print(
            _("  failed #{id} to {to_addr}: {last_error}").format(
                id=entry.id, to_addr=entry.to_addr, last_error=entry.last_error
            )
        )
    settings = get_mail_settings(db, SYSTEM)
    if not settings.configured:
        print(_("Mail is not configured: run 'boxoffice mail configure --host ... --from ...'."))
    return 0


def retry_failed(args: argparse.Namespace) -> int:
    db = open_database(args)
    count = outbox.retry_failed(db, SYSTEM)
    print(
        ngettext(
            "{count} failed message queued again.", "{count} failed messages queued again.", count
        ).format(count=count)
    )
    return 0


def promote_events(args: argparse.Namespace) -> int:
    db = open_database(args)
    result = weekly_mailing.queue_weekly_promotion(db, _actor())
    if result.queued:
        print(
            _("Promotion of {events} queued for {queued}.").format(
                events=ngettext("{count} event", "{count} events", result.events).format(
                    count=result.events
                ),
                queued=ngettext("{count} customer", "{count} customers", result.queued).format(
                    count=result.queued
                ),
            )
        )
    else:
        print(result.reason)
    return 0


def send_test(args: argparse.Namespace) -> int:
    db = open_database(args)
    print(mail_sender.send_test_email(db, SYSTEM, args.address))
    return 0


def configure(args: argparse.Namespace) -> int:
    if args.password_stdin and args.clear_password:
        raise ValidationError(_("Use either --password-stdin or --clear-password."))
    db = open_database(args)
    current = get_mail_settings(db, SYSTEM)
    security = SmtpSecurity(args.security) if args.security else current.security
    port = args.port
    if port is None and args.security and current.port == DEFAULT_PORTS[current.security]:
        port = DEFAULT_PORTS[security]  # switching security moves a default port along
    updated = replace(
        current,
        host=current.host if args.host is None else args.host,
        port=current.port if port is None else port,
        security=security,
        username=current.username if args.user is None else args.user,
        from_addr=current.from_addr if args.from_addr is None else args.from_addr,
        from_name=current.from_name if args.from_name is None else args.from_name,
        ca_file=current.ca_file if args.ca_file is None else args.ca_file,
        unsubscribe_url=(
            current.unsubscribe_url if args.unsubscribe_url is None else args.unsubscribe_url
        ),
    )
    password: str | None = None
    if args.clear_password:
        password = ""
    elif args.password_stdin:
        password = valid_text(sys.stdin.readline().rstrip("\r\n"), _("The SMTP password"))
    saved = save_mail_settings(db, SYSTEM, updated, password)
    print(
        _(
            "SMTP {value}:{port} ({value2}), user {value3}, password "
            "{value4}, from {from_name} <{value5}>"
        ).format(
            value=saved.host or "(none)",
            port=saved.port,
            value2=saved.security.value,
            value3=saved.username or "(none)",
            value4="stored" if saved.has_password else "none",
            from_name=saved.from_name,
            value5=saved.from_addr or "?",
        )
    )
    return 0


def unsubscribe(args: argparse.Namespace) -> int:
    db = open_database(args)
    done = weekly_mailing.unsubscribe(db, args.token)
    who = done.name or _("The customer")
    if done.already:
        print(_("{who} was already unsubscribed.").format(who=who))
    else:
        print(_("{who} will receive no more promotions.").format(who=who))
    return 0
