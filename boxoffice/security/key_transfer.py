"""Handing the key set to a new desk: a passphrase-protected file (``boxoffice keys export``).

The file is JSON: the key file's content sealed with AES-256-GCM under a key derived from the
passphrase with scrypt (n=2**15, r=8, p=1; a fresh salt and nonce per export), plus the key
set's fingerprint in clear so a desk can say which set a file holds before it is opened.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from boxoffice import keyring
from boxoffice.domain.errors import ConfigurationError, ValidationError
from boxoffice.i18n import _

FORMAT = "boxoffice-keys"
VERSION = 1
MIN_PASSPHRASE = 10
_N, _R, _P = 2**15, 8, 1


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=_N, r=_R, p=_P).derive(passphrase.encode("utf-8"))


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            _(
                "The passphrase must have at least {MIN_PASSPHRASE} characters "
                "(it alone protects every card and ticket key)."
            ).format(MIN_PASSPHRASE=MIN_PASSPHRASE)
        )
    return passphrase


def export_keys(target: Path, passphrase: str, key_file: Path | None = None) -> str:
    """Write this desk's key set to *target*, sealed with *passphrase*; returns its fingerprint."""
    check_passphrase(passphrase)
    data = keyring.read_all(key_file)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(passphrase, salt)).encrypt(
        nonce, json.dumps(data).encode(), FORMAT.encode()
    )
    fingerprint = keyring.digest(data)
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "fingerprint": fingerprint,
        "kdf": {"name": "scrypt", "n": _N, "r": _R, "p": _P},
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "sealed": base64.b64encode(sealed).decode(),
    }
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(doc, fh, indent=2)
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot write {target}: {value}.").format(target=target, value=exc.strerror or exc)
        ) from None
    return fingerprint


def read_export(source: Path) -> dict[str, object]:
    """The export file's JSON, checked to be one of ours."""
    try:
        doc = json.loads(source.read_text())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            _("Cannot read the key file {source}: {exc}").format(source=source, exc=exc)
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ConfigurationError(
            _("{source} is not a box-office key export.").format(source=source)
        )
    if doc.get("version") != VERSION:
        raise ConfigurationError(
            _("{source} was written by another version of the app (format {get}).").format(
                source=source, get=doc.get("version")
            )
        )
    return doc


def open_export(source: Path, passphrase: str) -> dict[str, dict[str, object]]:
    """The key set inside *source*; a clear error for a wrong passphrase or a damaged file."""
    doc = read_export(source)
    try:
        salt = base64.b64decode(str(doc["salt"]))
        nonce = base64.b64decode(str(doc["nonce"]))
        sealed = base64.b64decode(str(doc["sealed"]))
    except (KeyError, ValueError):
        raise ConfigurationError(_("{source} is damaged.").format(source=source)) from None
    try:
        plain = AESGCM(_derive(passphrase, salt)).decrypt(nonce, sealed, FORMAT.encode())
    except InvalidTag:
        raise ValidationError(
            _("Wrong passphrase (or the file was changed). Ask the admin who exported it.")
        ) from None
    data = json.loads(plain)
    if not isinstance(data, dict):
        raise ConfigurationError(_("{source} is damaged.").format(source=source))
    return data


def import_keys(
    source: Path, passphrase: str, key_file: Path | None = None
) -> tuple[str, Path | None]:
    """Make the key set in *source* this desk's; returns (fingerprint, backup of the old file)."""
    data = open_export(source, passphrase)
    backup = keyring.replace_all(data, key_file)
    return keyring.digest(data), backup
