"""E-mail addresses and header text: validation with clear messages, no header injection.

Only a plain ``local@domain`` is accepted (no display names, comments or quoted local parts):
that is what a clerk types, and it leaves nothing that could smuggle a CR/LF into a header.
"""

from __future__ import annotations

import re
import unicodedata

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

# RFC 5322 dot-atom text for the local part.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_SPACE = re.compile(r"\s+")
MAX_ADDRESS = 254


def validate_address(text: str, what: str = "E-mail address") -> str:
    """Return *text* as a clean address (domain lower-cased, IDN as punycode) or raise."""
    addr = text.strip()
    if not addr:
        raise ValidationError(_("{what} is empty.").format(what=what))
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in addr):
        raise ValidationError(
            _("{what} contains a line break or control character.").format(what=what)
        )
    if any(ch.isspace() for ch in addr):
        raise ValidationError(_("{what} {addr!r} contains spaces.").format(what=what, addr=addr))
    if addr.count("@") != 1:
        raise ValidationError(
            _("{what} {addr!r} must have exactly one @, as in name@example.com.").format(
                what=what, addr=addr
            )
        )
    local, domain = addr.split("@")
    if not local or not domain:
        raise ValidationError(
            _("{what} {addr!r} needs a name before and a domain after the @.").format(
                what=what, addr=addr
            )
        )
    if len(local) > 64 or not _LOCAL.match(local):
        raise ValidationError(
            _(
                "{what} {addr!r}: the part before the @ may use letters, digits "
                "and . _ + - (no leading, trailing or double dots)."
            ).format(what=what, addr=addr)
        )
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(
            _("{what} {addr!r}: {domain!r} is not a valid domain.").format(
                what=what, addr=addr, domain=domain
            )
        ) from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValidationError(
            _("{what} {addr!r}: {domain!r} is not a valid domain (e.g. example.com).").format(
                what=what, addr=addr, domain=domain
            )
        )
    if labels[-1].isdigit():
        raise ValidationError(
            _("{what} {addr!r}: use a domain name, not an IP address.").format(what=what, addr=addr)
        )
    clean = f"{local}@{ascii_domain}"
    if len(clean) > MAX_ADDRESS:
        raise ValidationError(
            _("{what} is longer than {MAX_ADDRESS} characters.").format(
                what=what, MAX_ADDRESS=MAX_ADDRESS
            )
        )
    return clean


def is_valid_address(text: str) -> bool:
    try:
        validate_address(text)
    except ValidationError:
        return False
    return True


def header_text(text: str, limit: int = 200) -> str:
    """One line of header text: line breaks and control characters become spaces.

    Subjects are built from event titles and names typed by staff; this makes sure nothing in
    them can end a header line and start another one.
    """
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    cleaned = _SPACE.sub(" ", cleaned).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def body_text(text: str, limit: int = 2000) -> str:
    """Free text for a message body (a note): keeps line breaks, drops other control chars."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [
        "".join(ch for ch in line if unicodedata.category(ch) not in ("Cc", "Cf")).rstrip()
        for line in lines
    ]
    cleaned = "\n".join(kept).strip()
    if len(cleaned) > limit:
        raise ValidationError(
            _("The note is too long ({count} characters; at most {limit}).").format(
                count=len(cleaned), limit=limit
            )
        )
    return cleaned
