"""Secret keys kept outside the database: card encryption (AES-GCM), ticket signing, SMTP password.

The key file is JSON, created on first use with mode 0600. Each purpose keeps every key by id
and names the active one, so old ciphertexts and old ticket codes stay readable after rotation.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from boxoffice import config
from boxoffice.domain.errors import ConfigurationError

PURPOSES = ("card", "ticket", "smtp")


@dataclass(frozen=True)
class KeySet:
    active: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise ConfigurationError(f"Key {key_id!r} is not in the key file.") from None


def _new_key_id(existing: dict[str, str]) -> str:
    return f"k{len(existing) + 1}-{secrets.token_hex(3)}"


def _load(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"Cannot read the key file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"The key file {path} is malformed.")
    return data


def _write(path: Path, data: dict[str, dict[str, object]]) -> None:
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh, indent=2)
        os.replace(tmp, path)  # all or nothing: a full disk never leaves half a key file
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot write the key file {path}: {exc.strerror or exc}. "
            "Check key_file (BOXOFFICE_KEY_FILE) and the folder's permissions."
        ) from None


def key_file() -> Path:
    return Path(str(config.get("key_file")))


def load(purpose: str, path: Path | None = None) -> KeySet:
    """The key set for *purpose* (one of PURPOSES), creating the file or key if missing."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    path = path or key_file()
    data = _load(path) if path.exists() else {}
    entry = data.get(purpose)
    if not entry:
        keys: dict[str, str] = {}
        kid = _new_key_id(keys)
        keys[kid] = base64.b64encode(secrets.token_bytes(32)).decode()
        data[purpose] = {"active": kid, "keys": keys}
        _write(path, data)
        entry = data[purpose]
    try:
        raw_keys = entry["keys"]
        assert isinstance(raw_keys, dict)
        decoded = {str(k): base64.b64decode(str(v)) for k, v in raw_keys.items()}
        return KeySet(active=str(entry["active"]), keys=decoded)
    except (KeyError, AssertionError, ValueError):
        raise ConfigurationError(f"The {purpose} keys in {path} are malformed.") from None


def rotate(purpose: str, path: Path | None = None) -> str:
    """Add a new active key for *purpose*; old keys stay for reading. Returns the new key id."""
    path = path or key_file()
    load(purpose, path)  # make sure the file and entry exist
    data = _load(path)
    entry = data[purpose]
    keys = dict(entry["keys"])  # type: ignore[call-overload]
    kid = _new_key_id(keys)
    keys[kid] = base64.b64encode(secrets.token_bytes(32)).decode()
    data[purpose] = {"active": kid, "keys": keys}
    _write(path, data)
    return kid


def retire(purpose: str, key_id: str, path: Path | None = None) -> None:
    """Remove the non-active key *key_id* of *purpose* from the key file (nothing it sealed or
    signed can be read afterwards: callers check that nothing still needs it)."""
    path = path or key_file()
    keys = load(purpose, path)
    if key_id == keys.active:
        raise ValueError("the active key cannot be retired")
    data = _load(path)
    entry = data[purpose]
    remaining = {k: v for k, v in dict(entry["keys"]).items() if k != key_id}  # type: ignore[call-overload]
    data[purpose] = {"active": keys.active, "keys": remaining}
    _write(path, data)


def fingerprint(path: Path | None = None) -> str:
    """A short, non-secret digest of every key in the key file (all purposes, created first if
    missing). Desks sharing one key set have the same fingerprint; the server keeps the one
    every desk must have (services.common.desk_keys)."""
    path = path or key_file()
    for purpose in PURPOSES:
        load(purpose, path)
    return digest(_load(path))


def digest(data: dict[str, dict[str, object]]) -> str:
    """Fingerprint of key-file content *data*: SHA-256 over the sorted purposes, ids and keys,
    shown as four groups of four hex digits."""
    blob = json.dumps({p: data.get(p, {}) for p in PURPOSES}, sort_keys=True).encode()
    hexed = hashlib.sha256(b"boxoffice-keys\0" + blob).hexdigest()[:16]
    return "-".join(hexed[i : i + 4] for i in range(0, 16, 4))


def read_all(path: Path | None = None) -> dict[str, dict[str, object]]:
    """The whole key file (every purpose created first), for export."""
    path = path or key_file()
    for purpose in PURPOSES:
        load(purpose, path)
    return _load(path)


def replace_all(data: dict[str, dict[str, object]], path: Path | None = None) -> Path | None:
    """Make *data* (checked: every purpose with well-formed keys) this desk's key file. A
    different existing file is kept beside it as ``keys.json.replaced-N``; returns that path."""
    path = path or key_file()
    for purpose in PURPOSES:
        entry = data.get(purpose)
        keys = entry.get("keys") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(keys, dict):
            raise ConfigurationError(f"The key set has no {purpose} keys.")
        if entry.get("active") not in keys:
            raise ConfigurationError(f"The key set's active {purpose} key is missing.")
        try:
            for value in keys.values():
                if len(base64.b64decode(str(value), validate=True)) != 32:
                    raise ValueError
        except ValueError:
            raise ConfigurationError(f"The key set's {purpose} keys are malformed.") from None
    backup: Path | None = None
    if path.exists() and digest(_load(path)) != digest(data):
        n = 1
        while (candidate := path.with_name(f"{path.name}.replaced-{n}")).exists():
            n += 1
        try:
            os.replace(path, candidate)
        except OSError as exc:
            raise ConfigurationError(f"Cannot keep the old key file {path}: {exc}") from None
        backup = candidate
    _write(path, {p: data[p] for p in PURPOSES})
    return backup
