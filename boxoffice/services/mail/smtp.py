"""Talking to the SMTP server: connect (plain, STARTTLS or SSL), log in, send; and turning
smtplib's exceptions into one sentence an admin can act on, with a retry/give-up verdict."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType

from boxoffice.i18n import _
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
            _("Recipient refused: {detail}").format(detail=detail),
            permanent=all(c >= 500 for c in codes),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SmtpProblem(
            _("{where} refused the user name or password ({smtp_code}).").format(
                where=where, smtp_code=exc.smtp_code
            ),
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "STARTTLS" in str(exc):
            return SmtpProblem(
                _("{where} does not offer STARTTLS; choose SSL or None.").format(where=where),
                connection=True,
            )
        return SmtpProblem(
            _(
                "{where} does not support login (AUTH); leave the user name empty or use TLS."
            ).format(where=where),
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return SmtpProblem(
            _("{where} refused the sender address {sender} ({smtp_code}).").format(
                where=where, sender=exc.sender, smtp_code=exc.smtp_code
            ),
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        return SmtpProblem(
            _("{where} would not talk to us ({smtp_code}).").format(
                where=where, smtp_code=exc.smtp_code
            ),
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        return SmtpProblem(
            _("{where} rejected the message: {smtp_code} {text}")
            .format(where=where, smtp_code=exc.smtp_code, text=text)
            .strip(),
            permanent=exc.smtp_code >= 500,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return SmtpProblem(
            _(
                "The certificate of {where} is not trusted ({verify_message}); "
                "set the CA file if the server uses a private CA."
            ).format(where=where, verify_message=exc.verify_message),
            connection=True,
        )
    if isinstance(exc, ssl.SSLError):
        return SmtpProblem(
            _(
                "TLS with {where} failed ({value}); check the security setting "
                "(SSL for port 465, STARTTLS for 587)."
            ).format(where=where, value=exc.reason or exc),
            connection=True,
        )
    if isinstance(exc, ConnectionRefusedError):
        return SmtpProblem(
            _("{where} refused the connection (is the server running?).").format(where=where),
            connection=True,
        )
    if isinstance(exc, socket.gaierror):
        return SmtpProblem(
            _("The SMTP host {host!r} is unknown.").format(host=config.host), connection=True
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return SmtpProblem(
            _("{where} did not answer in time.").format(where=where), connection=True
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SmtpProblem(
            _("{where} closed the connection (wrong security setting?).").format(where=where),
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPException | OSError):
        return SmtpProblem(
            _("Mail to {where} failed: {exc}").format(where=where, exc=exc), connection=True
        )
    raise exc
