"""`boxoffice mail ...` through the real entry point, against a real SMTP server."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import select

from boxoffice.cli import main
from boxoffice.db.database import Database
from boxoffice.db.models import OutboxEmail, Setting
from boxoffice.services.mail import outbox
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from tests.smtp_server import SmtpServer, free_port, make_server, running


def queue(db: Database, n: int) -> None:
    mails = [
        NewMail(MailKind.SHARE, f"cli{i}", f"f{i}@example.com", Composed(f"S{i}", "T", "<p>H</p>"))
        for i in range(n)
    ]
    db.run(lambda s: outbox.enqueue_many(s, mails))


def configure(db_url: str, port: int, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("app password\n"))
    return main(
        [
            "--database-url", db_url, "mail", "configure", "--host", "127.0.0.1",
            "--port", str(port), "--security", "none", "--from", "desk@example.com",
            "--user", "", "--password-stdin", *extra,
        ]
    )  # fmt: skip


def test_configure_send_and_status(
    db: Database,
    db_url: str,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert configure(db_url, smtp_server.port, monkeypatch) == 0
    out = capsys.readouterr().out
    assert f"127.0.0.1:{smtp_server.port} (none)" in out and "password stored" in out
    with db.session() as s:
        stored = dict(s.execute(select(Setting.key, Setting.value)).all())
    assert "app password" not in "".join(stored.values())

    queue(db, 3)
    assert main(["--database-url", db_url, "mail", "status"]) == 0
    assert "pending 3 (due now 3), sent 0, failed 0" in capsys.readouterr().out
    assert main(["--database-url", db_url, "mail", "send"]) == 0
    assert "sent 3, will retry 0, failed 0" in capsys.readouterr().out
    assert len(smtp_server.messages) == 3
    assert main(["--database-url", db_url, "mail", "send"]) == 0
    assert "sent 0" in capsys.readouterr().out
    assert len(smtp_server.messages) == 3


def test_send_exits_1_while_the_server_is_down_then_delivers(
    db: Database,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_port()
    configure(db_url, port, monkeypatch)
    queue(db, 1)
    capsys.readouterr()
    assert main(["--database-url", db_url, "mail", "send"]) == 1
    out = capsys.readouterr().out
    assert "will retry 1" in out and "refused the connection" in out
    with db.session() as s:
        s.execute(OutboxEmail.__table__.update().values(next_attempt_at=OutboxEmail.created_at))
    server = make_server(port)
    with running(server):
        assert main(["--database-url", db_url, "mail", "send"]) == 0
    assert "sent 1" in capsys.readouterr().out
    assert len(server.messages) == 1


def test_send_without_settings_exits_1(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", db_url, "mail", "send"]) == 1
    assert "not configured" in capsys.readouterr().out


def test_test_mail_and_errors_go_to_stderr(
    db_url: str,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(db_url, smtp_server.port, monkeypatch)
    capsys.readouterr()
    assert main(["--database-url", db_url, "mail", "test", "me@example.com"]) == 0
    assert "Test e-mail sent to me@example.com" in capsys.readouterr().out
    assert smtp_server.messages[0]["To"] == "me@example.com"
    assert main(["--database-url", db_url, "mail", "test", "me"]) == 1
    assert "exactly one @" in capsys.readouterr().err
    assert main(["--database-url", db_url, "mail", "unsubscribe", "nope"]) == 1
    assert "not valid" in capsys.readouterr().err
    assert main(["--database-url", db_url, "mail", "promote"]) == 1
    assert "unsubscribe link" in capsys.readouterr().err
    assert main(["--database-url", db_url, "mail", "send", "--limit", "0"]) == 1
    bad = configure(db_url, smtp_server.port, monkeypatch, "--clear-password")
    assert bad == 1 and "either" in capsys.readouterr().err


def test_retry_failed(db: Database, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    queue(db, 2)
    with db.session() as s:
        s.execute(OutboxEmail.__table__.update().values(status="failed", last_error="550 gone"))
    assert main(["--database-url", db_url, "mail", "status"]) == 0
    out = capsys.readouterr().out
    assert "failed 2" in out and "550 gone" in out and "not configured" in out
    assert main(["--database-url", db_url, "mail", "retry-failed"]) == 0
    assert "2 failed messages queued again" in capsys.readouterr().out
