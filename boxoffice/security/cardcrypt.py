"""Encrypting saved card numbers with AES-256-GCM under the "card" keys of the key file.

Each ciphertext is ``nonce || ciphertext+tag`` and is bound (as associated data) to the customer
it belongs to and the key id it was made with, so a blob copied to another customer's row, or
relabelled with another key id, fails to decrypt. Rows keep their key id: after
:func:`boxoffice.keyring.rotate` new cards use the new key and old ones still decrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from boxoffice import keyring
from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _

NONCE_BYTES = 12
PURPOSE = "card"


def _associated_data(customer_id: int, key_id: str) -> bytes:
    return f"boxoffice/saved_card/v1|customer={customer_id}|key={key_id}".encode()


def encrypt_pan(pan: str, customer_id: int) -> tuple[str, bytes]:
    """(key id, nonce||ciphertext) of the digits *pan* for *customer_id*, under the active key."""
    keys = keyring.load(PURPOSE)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys.key(keys.active)).encrypt(
        nonce, pan.encode("ascii"), _associated_data(customer_id, keys.active)
    )
    return keys.active, nonce + sealed


def decrypt_pan(blob: bytes, key_id: str, customer_id: int) -> str:
    """The card digits sealed in *blob*; ConfigurationError if the key is missing or wrong."""
    key = keyring.load(PURPOSE).key(key_id)
    nonce, sealed = bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:])
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, _associated_data(customer_id, key_id))
    except (InvalidTag, ValueError):
        raise ConfigurationError(
            _(
                "A saved card cannot be decrypted with the key file of this "
                "desk; ask the customer for the card, or check that every desk "
                "uses the same key file."
            )
        ) from None
    return plain.decode("ascii")


def fingerprint(pan: str) -> str:
    """A keyed digest of the card digits: equal for equal cards, useless without the key.

    Used to tell the gateway "same request" for idempotency without handing it anything that
    could be turned back into a card number.
    """
    keys = keyring.load(PURPOSE)
    return hmac.new(keys.key(keys.active), b"fp|" + pan.encode("ascii"), hashlib.sha256).hexdigest()
