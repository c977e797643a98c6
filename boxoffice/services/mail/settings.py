"""SMTP and mail settings, shared by every desk through the ``app_setting`` table.

Each setting is declared once below (key, default, meaning). The SMTP password is stored
encrypted with AES-GCM under the ``smtp`` key of the key file (outside the database), never
in clear; :func:`get_mail_settings` never returns it.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import Setting
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ConfigurationError, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.upserts import put_setting
from boxoffice.services.mail.address import header_text, validate_address


class SmtpSecurity(StrEnum):
    NONE = "none"  # plain SMTP (a relay on the local network)
    STARTTLS = "starttls"  # plain connect, then upgrade: port 587
    SSL = "ssl"  # TLS from the first byte: port 465


DEFAULT_PORTS = {SmtpSecurity.NONE: 25, SmtpSecurity.STARTTLS: 587, SmtpSecurity.SSL: 465}


@dataclass(frozen=True)
class MailOption:
    key: str
    default: str
    description: str


OPTIONS: dict[str, MailOption] = {
    o.key: o
    for o in (
        MailOption("mail.host", "", "SMTP server host name; empty means mail is not sent."),
        MailOption("mail.port", "587", "SMTP server port (25 plain, 587 STARTTLS, 465 SSL)."),
        MailOption("mail.security", "starttls", "none, starttls or ssl."),
        MailOption("mail.username", "", "SMTP user name; empty for no authentication."),
        MailOption("mail.password", "", "SMTP password, AES-GCM encrypted (key file 'smtp')."),
        MailOption("mail.from_addr", "", "Sender address of every message."),
        MailOption("mail.from_name", "Box Office", "Sender name shown to customers."),
        MailOption(
            "mail.ca_file",
            "",
            "CA certificate file trusted for the SMTP server (a private CA); empty: system CAs.",
        ),
        MailOption(
            "mail.unsubscribe_url",
            "",
            "Unsubscribe link of promotions, with {token}; e.g. https://example.com/u?t={token}",
        ),
    )
}
PASSWORD_KEY = "mail.password"
_AAD = b"boxoffice smtp password"


@dataclass(frozen=True)
class MailSettings:
    """What the admin tab edits. The password itself is never part of it."""

    host: str = ""
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""
    from_addr: str = ""
    from_name: str = "Box Office"
    ca_file: str = ""
    unsubscribe_url: str = ""
    has_password: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.host and self.from_addr)


@dataclass(frozen=True)
class SmtpConfig:
    """Everything the sender needs to talk to the server (password decrypted)."""

    host: str
    port: int
    security: SmtpSecurity
    username: str
    password: str
    from_addr: str
    from_name: str
    ca_file: str = ""
    timeout: float = 20.0

    def describe(self) -> str:
        return f"{self.host}:{self.port} ({self.security.value})"


# -- reading and writing the rows ------------------------------------------------------------


def _raw(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_(list(OPTIONS)))
    ).all()
    values = {key: opt.default for key, opt in OPTIONS.items()}
    values.update({key: value for key, value in rows})
    return values


def read_settings(session: Session) -> MailSettings:
    """The mail settings inside an open transaction (no permission check: internal use)."""
    raw = _raw(session)
    try:
        security = SmtpSecurity(raw["mail.security"])
    except ValueError:
        security = SmtpSecurity.STARTTLS
    try:
        port = int(raw["mail.port"])
    except ValueError:
        port = DEFAULT_PORTS[security]
    return MailSettings(
        host=raw["mail.host"],
        port=port,
        security=security,
        username=raw["mail.username"],
        from_addr=raw["mail.from_addr"],
        from_name=raw["mail.from_name"],
        ca_file=raw["mail.ca_file"],
        unsubscribe_url=raw["mail.unsubscribe_url"],
        has_password=bool(raw[PASSWORD_KEY]),
    )


def smtp_config(session: Session) -> SmtpConfig | None:
    """The decrypted SMTP configuration, or None while no server/sender is set."""
    settings = read_settings(session)
    if not settings.configured:
        return None
    return config_from(settings, decrypt_password(_raw(session)[PASSWORD_KEY]))


def config_from(settings: MailSettings, password: str) -> SmtpConfig:
    return SmtpConfig(
        host=settings.host,
        port=settings.port,
        security=settings.security,
        username=settings.username,
        password=password,
        from_addr=settings.from_addr,
        from_name=settings.from_name,
        ca_file=settings.ca_file,
    )


def stored_password(session: Session) -> str:
    return decrypt_password(_raw(session)[PASSWORD_KEY])


# -- password encryption ---------------------------------------------------------------------


def encrypt_password(password: str) -> str:
    """``v1:<key id>:<base64 nonce+ciphertext>`` under the active smtp key."""
    keys = keyring.load("smtp")
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(keys.key(keys.active)).encrypt(nonce, password.encode(), _AAD)
    return f"v1:{keys.active}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt_password(stored: str) -> str:
    if not stored:
        return ""
    try:
        version, key_id, blob = stored.split(":", 2)
        if version != "v1":
            raise ValueError(version)
        raw = base64.b64decode(blob)
        key = keyring.load("smtp").key(key_id)
        return AESGCM(key).decrypt(raw[:12], raw[12:], _AAD).decode()
    except (ValueError, InvalidTag, ConfigurationError):
        raise ConfigurationError(
            _(
                "The stored SMTP password cannot be decrypted with this key "
                "file; enter the password again in the Mail settings."
            )
        ) from None


# -- validation and the public services ------------------------------------------------------


def validate(settings: MailSettings) -> MailSettings:
    """Check and normalise what the admin entered; raise ValidationError with the reason."""
    host = settings.host.strip()
    if len(host) > 253:  # the longest DNS name
        raise ValidationError(_("The SMTP host name is longer than 253 characters."))
    if any(ch in host for ch in " \r\n\t/:@"):
        raise ValidationError(
            _("SMTP host {host!r} must be a plain host name or IP address.").format(host=host)
        )
    if not 1 <= settings.port <= 65535:
        raise ValidationError(
            _("SMTP port {port} is not between 1 and 65535.").format(port=settings.port)
        )
    username = settings.username.strip()
    if len(username) > 256:
        raise ValidationError(_("The SMTP user name is longer than 256 characters."))
    if any(ch in username for ch in "\r\n\0"):
        raise ValidationError(_("The SMTP user name contains a line break."))
    from_addr = settings.from_addr.strip()
    if from_addr or host:
        from_addr = validate_address(from_addr, _("Sender (From) address"))
    from_name = header_text(settings.from_name, 100)
    ca_file = settings.ca_file.strip()
    try:
        found = not ca_file or Path(ca_file).is_file()
    except OSError:  # e.g. a name too long for the file system
        found = False
    if not found:
        raise ValidationError(
            _("The CA certificate file {ca_file!r} does not exist.").format(ca_file=ca_file)
        )
    url = settings.unsubscribe_url.strip()
    if len(url) > 2000:
        raise ValidationError(_("The unsubscribe link is longer than 2,000 characters."))
    if url:
        if not url.startswith(("https://", "http://")) or "{token}" not in url:
            raise ValidationError(
                _(
                    "The unsubscribe link must start with https:// and contain "
                    "{token}, e.g. "
                    "https://tickets.example.com/unsubscribe?token={token}."
                )
            )
        if any(ch.isspace() or ch in '<>"' for ch in url):
            raise ValidationError(_("The unsubscribe link must not contain spaces, quotes or <>."))
    return replace(
        settings,
        host=host,
        username=username,
        from_addr=from_addr,
        from_name=from_name,
        ca_file=ca_file,
        unsubscribe_url=url,
    )


def get_mail_settings(db: Database, actor: Actor) -> MailSettings:
    """The current settings (admins only); ``has_password`` says whether one is stored."""
    actor.require(Permission.MANAGE_SETTINGS)
    return db.run(read_settings)


def save_mail_settings(
    db: Database, actor: Actor, settings: MailSettings, password: str | None = None
) -> MailSettings:
    """Store *settings*. *password*: None keeps the stored one, "" removes it."""
    actor.require(Permission.MANAGE_SETTINGS)
    clean = validate(settings)
    if password is not None and any(ch in password for ch in "\r\n\0"):
        raise ValidationError(_("The SMTP password contains a line break."))
    if password is not None and len(password) > 1024:  # settings rows are TEXT (64 kB)
        raise ValidationError(_("The SMTP password is longer than 1,024 characters."))
    sealed = None if password is None else (encrypt_password(password) if password else "")

    def work(session: Session) -> MailSettings:
        values = {
            "mail.host": clean.host,
            "mail.port": str(clean.port),
            "mail.security": clean.security.value,
            "mail.username": clean.username,
            "mail.from_addr": clean.from_addr,
            "mail.from_name": clean.from_name,
            "mail.ca_file": clean.ca_file,
            "mail.unsubscribe_url": clean.unsubscribe_url,
        }
        if sealed is not None:
            values[PASSWORD_KEY] = sealed
        for key, value in values.items():
            put_setting(session, key, value)
        audit.record(
            session,
            actor,
            "mail.settings",
            "app_setting",
            host=clean.host,
            port=clean.port,
            security=clean.security.value,
            username=clean.username,
            from_addr=clean.from_addr,
            password="changed" if sealed else ("removed" if sealed == "" else "kept"),
        )
        return read_settings(session)

    return db.run(work)
