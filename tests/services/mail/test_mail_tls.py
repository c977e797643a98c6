"""STARTTLS, implicit TLS and AUTH against aiosmtpd with a certificate from a test CA; the
test e-mail's error messages for the usual set-up mistakes."""

from __future__ import annotations

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.services.mail.sender import MailDeliveryError, send_due, send_test_email
from boxoffice.services.mail.settings import MailSettings, SmtpSecurity
from tests.smtp_server import SmtpServer, TlsFiles, configure_mail, make_server, running

# aiosmtpd itself sets a deprecated attribute after every successful AUTH.
pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")


def test_starttls_with_login(db: Database, tls_files: TlsFiles) -> None:
    server = make_server(tls=tls_files, user="desk", password="s3cret pass")
    with running(server):
        configure_mail(
            db, server, security="starttls", ca=tls_files.ca, user="desk", password="s3cret pass"
        )
        result = send_test_email(db, SYSTEM, "admin@example.com")
    assert "admin@example.com" in result and "starttls" in result
    [msg] = server.messages
    assert msg["Subject"] == "Box office test e-mail"
    assert server.auth is not None and server.auth.logins == ["desk"]


def test_implicit_tls_sends_the_outbox(db: Database, tls_files: TlsFiles) -> None:
    server = make_server(tls=tls_files, implicit_tls=True, user="desk", password="pw")
    with running(server):
        configure_mail(db, server, security="ssl", ca=tls_files.ca, user="desk", password="pw")
        _queue_one(db)
        report = send_due(db, SYSTEM)
    assert report.ok and report.sent == 1
    assert len(server.messages) == 1
    assert server.auth is not None and server.auth.logins == ["desk"]


def _queue_one(db: Database) -> None:
    from boxoffice.services.mail import outbox
    from boxoffice.services.mail.outbox import Composed, MailKind, NewMail

    mail = NewMail(MailKind.SHARE, "tls1", "friend@example.com", Composed("Hi", "Body", ""))
    db.run(lambda s: outbox.enqueue(s, mail))


def test_an_untrusted_certificate_is_refused(db: Database, tls_files: TlsFiles) -> None:
    server = make_server(tls=tls_files)
    with running(server):
        configure_mail(db, server, security="starttls")  # system CAs only
        with pytest.raises(MailDeliveryError, match="not trusted"):
            send_test_email(db, SYSTEM, "admin@example.com")
        _queue_one(db)
        report = send_due(db, SYSTEM)
    assert report.sent == 0 and report.retrying == 1 and "not trusted" in report.error
    assert server.messages == []


def test_wrong_password_is_named(db: Database, tls_files: TlsFiles) -> None:
    server = make_server(tls=tls_files, user="desk", password="right")
    with running(server):
        configure_mail(
            db, server, security="starttls", ca=tls_files.ca, user="desk", password="wrong"
        )
        with pytest.raises(MailDeliveryError, match="refused the user name or password"):
            send_test_email(db, SYSTEM, "admin@example.com")


def test_starttls_on_a_server_without_it(db: Database, smtp_server: SmtpServer) -> None:
    configure_mail(db, smtp_server, security="starttls")
    with pytest.raises(MailDeliveryError, match="does not offer STARTTLS"):
        send_test_email(db, SYSTEM, "admin@example.com")


def test_ssl_against_a_plain_server(db: Database, smtp_server: SmtpServer) -> None:
    configure_mail(db, smtp_server, security="ssl")
    with pytest.raises(MailDeliveryError, match=r"TLS|closed the connection|did not answer"):
        send_test_email(db, SYSTEM, "admin@example.com")


def test_the_form_values_are_tested_before_saving(db: Database, smtp_server: SmtpServer) -> None:
    """The tab's button tests what is typed, without saving it."""
    unsaved = MailSettings(
        host="127.0.0.1",
        port=smtp_server.port,
        security=SmtpSecurity.NONE,
        from_addr="desk@example.com",
    )
    send_test_email(db, SYSTEM, "admin@example.com", unsaved, password="")
    assert smtp_server.messages[0]["From"] == "Box Office <desk@example.com>"
    with pytest.raises(Exception, match="Enter the SMTP host"):
        send_test_email(db, SYSTEM, "admin@example.com")  # nothing saved
