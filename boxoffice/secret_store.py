"""The desk's database password, kept by the operating system's keyring (Windows Credential
Manager, macOS Keychain, the Secret Service on Linux desktops) through the ``keyring`` library.

Where no keyring is available (a kiosk session without a Secret Service, a headless machine),
the password is sealed with AES-GCM under a random key in the user data folder (file mode
0600) instead — better than clear text in the config file, though anyone who can read that
user's files can open it. ``BOXOFFICE_SECRET_STORE=file`` forces that fallback.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
from pathlib import Path

import keyring as os_keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _
from boxoffice.paths import data_dir

SERVICE = "boxoffice"
log = logging.getLogger(__name__)


def _use_os_keyring() -> bool:
    return os.environ.get("BOXOFFICE_SECRET_STORE", "keyring") != "file"


def _key_path() -> Path:
    return data_dir() / "secret.key"


def _vault_path() -> Path:
    return data_dir() / "secrets.json"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _file_key() -> bytes:
    path = _key_path()
    if not path.exists():
        _write_private(path, secrets.token_bytes(32))
    return path.read_bytes()


def _vault() -> dict[str, str]:
    path = _vault_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            _("Cannot read {path}: {exc}").format(path=path, exc=exc)
        ) from None
    return data if isinstance(data, dict) else {}


def _file_set(account: str, password: str) -> None:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_file_key()).encrypt(nonce, password.encode(), account.encode())
    vault = _vault()
    vault[account] = base64.b64encode(nonce + sealed).decode()
    _write_private(_vault_path(), json.dumps(vault, indent=2).encode())


def _file_get(account: str) -> str | None:
    blob = _vault().get(account)
    if not blob or not _key_path().exists():
        return None
    raw = base64.b64decode(blob)
    try:
        return (
            AESGCM(_key_path().read_bytes()).decrypt(raw[:12], raw[12:], account.encode()).decode()
        )
    except (InvalidTag, ValueError):
        raise ConfigurationError(
            _("The saved password for {account} cannot be opened; run the set-up again.").format(
                account=account
            )
        ) from None


def set_password(account: str, password: str) -> str:
    """Keep *password* for *account* (e.g. ``boxoffice@db-host:3306/boxoffice``); returns where
    it went, for the set-up to say."""
    if _use_os_keyring():
        try:
            os_keyring.set_password(SERVICE, account, password)
            return f"the system keyring ({os_keyring.get_keyring().name})"
        except Exception as exc:  # NoKeyringError, a locked or absent Secret Service, ...
            log.warning("no usable system keyring (%s); sealing the password in a file", exc)
    _file_set(account, password)
    return f"an encrypted file ({_vault_path()})"


def get_password(account: str) -> str | None:
    if _use_os_keyring():
        try:
            found = os_keyring.get_password(SERVICE, account)
        except Exception as exc:
            log.warning("system keyring not usable (%s)", exc)
            found = None
        if found is not None:
            return found
    return _file_get(account)
