"""Signed voucher codes: what the QR code (and the text under it) of a gift voucher says.

Same scheme and keys as ticket codes (:mod:`boxoffice.services.tickets.codes`: HMAC with the
ticket key set, base32, case and dashes ignored) under its own domain, so a ticket code is
never a voucher code nor the other way round::

    version 'V' (1 byte) | key tag (3 bytes) | voucher id (6 bytes) | HMAC[:10]

20 bytes: exactly 32 base32 characters, printed in groups of four.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from boxoffice import keyring
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.i18n import _
from boxoffice.services.tickets.codes import TAG_BYTES, key_tag, normalise

VERSION = ord("V")
ID_BYTES = 6
MAC_BYTES = 10
DOMAIN = b"boxoffice/voucher-code/v1\x00"


class InvalidVoucherCode(BoxOfficeError):
    """Not a voucher code signed with one of our keys (typed wrong, forged or altered)."""


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, DOMAIN + body, hashlib.sha256).digest()[:MAC_BYTES]


def voucher_code(voucher_id: int, keys: keyring.KeySet | None = None) -> str:
    """The signed code of voucher *voucher_id*, grouped ``ABCD-EFGH-…`` for reading aloud."""
    keys = keys or keyring.load("ticket")
    body = bytes([VERSION]) + key_tag(keys.active) + voucher_id.to_bytes(ID_BYTES, "big")
    text = base64.b32encode(body + _mac(keys.key(keys.active), body)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def voucher_id_of(code: str, keys: keyring.KeySet | None = None) -> int:
    """The voucher id a correctly signed *code* names; InvalidVoucherCode otherwise."""
    text = normalise(code)
    if not text:
        raise InvalidVoucherCode(_("No voucher code was given."))
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise InvalidVoucherCode(_("This is not a voucher code (unexpected characters).")) from None
    if len(raw) != 1 + TAG_BYTES + ID_BYTES + MAC_BYTES or raw[0] != VERSION:
        raise InvalidVoucherCode(_("This is not a gift voucher code of this box office."))
    body, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
    keys = keys or keyring.load("ticket")
    tag = body[1 : 1 + TAG_BYTES]
    if not any(
        hmac.compare_digest(key_tag(kid), tag) and hmac.compare_digest(_mac(key, body), mac)
        for kid, key in keys.keys.items()
    ):
        raise InvalidVoucherCode(_("This voucher code is not valid (mistyped, forged or altered)."))
    return int.from_bytes(body[1 + TAG_BYTES :], "big")
