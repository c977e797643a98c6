"""SMTP settings in the database: validation, and a password never stored in clear."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Setting
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.errors import ConfigurationError, PermissionDenied, ValidationError
from boxoffice.domain.roles import Role
from boxoffice.services.mail.settings import (
    MailSettings,
    SmtpSecurity,
    get_mail_settings,
    save_mail_settings,
    smtp_config,
)

GOOD = MailSettings(
    host="smtp.example.com",
    port=587,
    security=SmtpSecurity.STARTTLS,
    username="boxoffice",
    from_addr="tickets@example.com",
    from_name="Royal Court Box Office",
    unsubscribe_url="https://example.com/unsubscribe?t={token}",
)
MANAGER = Actor(user_id=None, username="maya", role=Role.MANAGER)


def raw_settings(db: Database) -> dict[str, str]:
    with db.session() as s:
        return dict(s.execute(select(Setting.key, Setting.value)).all())


def test_settings_round_trip_and_the_password_is_encrypted(db: Database) -> None:
    saved = save_mail_settings(db, SYSTEM, GOOD, password="correct horse battery")
    assert replace(saved, has_password=False) == GOOD and saved.has_password
    assert get_mail_settings(db, SYSTEM) == saved
    stored = raw_settings(db)["mail.password"]
    assert stored.startswith("v1:") and "correct horse" not in stored
    for value in raw_settings(db).values():
        assert "correct horse" not in value
    with db.session() as s:
        config = smtp_config(s)
        assert config is not None and config.password == "correct horse battery"
        audit = [r.detail for r in s.scalars(select(AuditLog))]
    assert audit and all("correct horse" not in d for d in audit)
    assert json.loads(audit[-1])["password"] == "changed"

    # None keeps the stored password; "" removes it.
    save_mail_settings(db, SYSTEM, replace(GOOD, port=2525))
    with db.session() as s:
        kept = smtp_config(s)
        assert kept is not None and kept.password == "correct horse battery" and kept.port == 2525
    assert not save_mail_settings(db, SYSTEM, GOOD, password="").has_password
    assert raw_settings(db)["mail.password"] == ""


def test_a_password_from_another_key_file_is_reported(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_mail_settings(db, SYSTEM, GOOD, password="secret")
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(tmp_path / "other-keys.json"))
    keyring.create(tmp_path / "other-keys.json")
    with pytest.raises(ConfigurationError, match="enter the password again"), db.session() as s:
        smtp_config(s)


def test_unconfigured_means_no_smtp(db: Database) -> None:
    assert not get_mail_settings(db, SYSTEM).configured
    with db.session() as s:
        assert smtp_config(s) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"host": "smtp example.com"}, "plain host name"),
        ({"host": "smtp.example.com:25"}, "plain host name"),
        ({"port": 0}, "between 1 and 65535"),
        ({"port": 70000}, "between 1 and 65535"),
        ({"from_addr": "tickets"}, "Sender"),
        ({"from_addr": ""}, "Sender"),
        ({"username": "a\r\nMAIL FROM:<x@y.com>"}, "line break"),
        ({"ca_file": "/nonexistent/ca.pem"}, "does not exist"),
        ({"unsubscribe_url": "example.com/u"}, "https://"),
        ({"unsubscribe_url": "https://example.com/u"}, "{token}"),
        ({"unsubscribe_url": "https://example.com/u?t={token} x"}, "spaces"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(
    db: Database, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        save_mail_settings(db, SYSTEM, replace(GOOD, **change))  # type: ignore[arg-type]
    assert raw_settings(db) == {}


def test_from_name_cannot_carry_a_header(db: Database) -> None:
    saved = save_mail_settings(db, SYSTEM, replace(GOOD, from_name="Box\r\nBcc: x@y.com"))
    assert saved.from_name == "Box Bcc: x@y.com"
    with pytest.raises(ValidationError, match="line break"):
        save_mail_settings(db, SYSTEM, GOOD, password="pw\r\nRCPT TO:<x@y.com>")


def test_only_admins_see_or_change_mail_settings(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        get_mail_settings(db, MANAGER)
    with pytest.raises(PermissionDenied):
        save_mail_settings(db, MANAGER, GOOD)


def test_two_admins_saving_at_once_both_succeed(db: Database) -> None:
    """Upserts: the second save of a key that did not exist yet must not hit a duplicate key."""
    import threading

    url = db.engine.url.render_as_string(hide_password=False)
    desks = [Database(url) for _ in range(4)]
    start = threading.Barrier(len(desks))
    errors: list[BaseException] = []

    def save(d: Database, port: int) -> None:
        try:
            start.wait()
            save_mail_settings(d, SYSTEM, replace(GOOD, port=port))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(d, 2500 + i)) for i, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in desks:
        d.dispose()
    assert not errors
    assert get_mail_settings(db, SYSTEM).port in {2500, 2501, 2502, 2503}
