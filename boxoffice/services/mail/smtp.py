"""Talking to the SMTP server: connect (plain, STARTTLS or SSL), log in, send; and turning
smtplib's exceptions into one sentence an admin can act on, with a retry/give-up verdict."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType

from boxoffice.services.mail.settings import SmtpConfig, SmtpSecurity


@dataclass(frozen=True)
class SmtpProblem:
    """Why a delivery failed. ``permanent``: retrying cannot help (the address is refused)."""

    message: str
    permanent: bool = False
    connection: bool = False  # the server could not be reached or talked to: stop this run


def tls_context(config: SmtpConfig) -> ssl.SSLContext:
    """Certificate and host name are always verified (a private CA via ``ca_file``)."""
    return ssl.create_default_context(cafile=config.ca_file or None)


class SmtpConnection:
    """One connection used for several messages: ``with SmtpConnection(cfg) as c: c.send(m)``."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        cfg = self.config
        smtp: smtplib.SMTP
        if cfg.security is SmtpSecurity.SSL:
            smtp = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout, context=tls_context(cfg)
            )
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        try:
            smtp.ehlo()
            if cfg.security is SmtpSecurity.STARTTLS:
                if not smtp.has_extn("starttls"):
                    raise smtplib.SMTPNotSupportedError("STARTTLS")
                smtp.starttls(context=tls_context(cfg))
                smtp.ehlo()
            if cfg.username:
                smtp.login(cfg.username, cfg.password)
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return self

    def send(self, message: EmailMessage) -> None:
        assert self._smtp is not None, "use inside 'with'"
        self._smtp.send_message(message)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def describe(exc: BaseException, config: SmtpConfig) -> SmtpProblem:
    """What went wrong, in words, and whether trying again later can help."""
    where = config.describe()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{code} {msg.decode(errors='replace')}" for code, msg in exc.recipients.values()
        )
        return SmtpProblem(
            f"Recipient refused: {detail}",
            permanent=all(c >= 500 for c in codes),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SmtpProblem(
            f"{where} refused the user name or password ({exc.smtp_code}).", connection=True
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "STARTTLS" in str(exc):
            return SmtpProblem(
                f"{where} does not offer STARTTLS; choose SSL or None.", connection=True
            )
        return SmtpProblem(
            f"{where} does not support login (AUTH); leave the user name empty or use TLS.",
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return SmtpProblem(
            f"{where} refused the sender address {exc.sender} ({exc.smtp_code}).",
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        return SmtpProblem(f"{where} would not talk to us ({exc.smtp_code}).", connection=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        return SmtpProblem(
            f"{where} rejected the message: {exc.smtp_code} {text}".strip(),
            permanent=exc.smtp_code >= 500,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return SmtpProblem(
            f"The certificate of {where} is not trusted ({exc.verify_message}); "
            "set the CA file if the server uses a private CA.",
            connection=True,
        )
    if isinstance(exc, ssl.SSLError):
        return SmtpProblem(
            f"TLS with {where} failed ({exc.reason or exc}); check the security setting "
            "(SSL for port 465, STARTTLS for 587).",
            connection=True,
        )
    if isinstance(exc, ConnectionRefusedError):
        return SmtpProblem(
            f"{where} refused the connection (is the server running?).", connection=True
        )
    if isinstance(exc, socket.gaierror):
        return SmtpProblem(f"The SMTP host {config.host!r} is unknown.", connection=True)
    if isinstance(exc, TimeoutError | socket.timeout):
        return SmtpProblem(f"{where} did not answer in time.", connection=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SmtpProblem(
            f"{where} closed the connection (wrong security setting?).", connection=True
        )
    if isinstance(exc, smtplib.SMTPException | OSError):
        return SmtpProblem(f"Mail to {where} failed: {exc}", connection=True)
    raise exc
