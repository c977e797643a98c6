"""A real SMTP server for the mail tests: aiosmtpd on a free local port, optionally with
STARTTLS or implicit TLS (certificates from a throw-away CA made with cryptography) and AUTH.

Received messages are parsed with the standard ``email`` package into ``server.messages``.
"""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """aiosmtpd handler keeping every accepted message."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> SMTP reply, e.g. "550 …"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # what the client trusts
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def make_tls_files(folder: Path) -> TlsFiles:
    """A CA and a server certificate for localhost / 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "boxoffice test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


class _Auth:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()
        self.logins: list[str] = []

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == self.user
            and data.password == self.password
        )
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox
    controller: Controller | None = None
    auth: _Auth | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self.inbox.lock:
            return list(self.inbox.messages)

    def start(self) -> None:
        assert self.controller is not None
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()


def make_server(
    port: int | None = None,
    *,
    tls: TlsFiles | None = None,
    implicit_tls: bool = False,
    user: str = "",
    password: str = "",
) -> SmtpServer:
    """A server (not started). ``tls`` + not implicit: STARTTLS required; implicit: SSL."""
    inbox = Inbox()
    port = port or free_port()
    kwargs: dict[str, Any] = {"hostname": HOST, "port": port, "server_hostname": "localhost"}
    auth = _Auth(user, password) if user else None
    if auth is not None:
        # aiosmtpd only counts STARTTLS as TLS: with implicit TLS, offer AUTH without requiring it.
        kwargs.update(
            authenticator=auth, auth_required=not implicit_tls, auth_require_tls=not implicit_tls
        )
    if tls is not None and implicit_tls:
        kwargs["ssl_context"] = tls.server_context()
    elif tls is not None:
        kwargs.update(tls_context=tls.server_context(), require_starttls=True)
    return SmtpServer(HOST, port, inbox, Controller(inbox, **kwargs), auth)


@contextmanager
def running(server: SmtpServer) -> Iterator[SmtpServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- helpers shared by the mail tests ---------------------------------------------------------


def configure_mail(
    db: Any,
    server: SmtpServer | None = None,
    *,
    port: int | None = None,
    security: str = "none",
    ca: Path | None = None,
    user: str = "",
    password: str | None = None,
    unsubscribe_url: str = "https://tickets.example.com/unsubscribe?token={token}",
) -> None:
    """Point the database's mail settings at *server* (or at *port* on localhost)."""
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.services.mail.settings import MailSettings, SmtpSecurity, save_mail_settings

    settings = MailSettings(
        host="localhost",
        port=port or (server.port if server else free_port()),
        security=SmtpSecurity(security),
        username=user,
        from_addr="boxoffice@example.com",
        from_name="Royal Box Office",
        ca_file=str(ca) if ca else "",
        unsubscribe_url=unsubscribe_url,
    )
    save_mail_settings(db, SYSTEM, settings, password)


def confirmed_booking(db: Any, seated: bool = True) -> int:
    """Id of a confirmed demo booking with a customer (seated or general admission)."""
    from sqlalchemy import select

    from boxoffice.db.models import Booking, Event

    with db.session() as s:
        query = (
            select(Booking.id)
            .join(Event, Event.id == Booking.event_id)
            .where(Booking.status == "confirmed", Booking.customer_id.is_not(None))
            .where(Event.layout_id.is_not(None) if seated else Event.layout_id.is_(None))
            .order_by(Booking.id)
        )
        return int(s.scalars(query).first())  # type: ignore[arg-type]
