"""Secret keys kept outside the database: card encryption (AES-GCM), ticket signing, SMTP password.

The key file is JSON, mode 0600. Each purpose keeps every key by id and names the active one, so
old ciphertexts and old ticket codes stay readable after rotation.

The file is created once, on purpose, with every purpose's key (:func:`create`, the command
``boxoffice keys init``); a desk never invents keys of its own: a missing file or purpose is a
clear error naming that command, so two desks can never seal cards under different keys. Every
change (create, rotate, retire) holds an exclusive lock on ``<key file>.lock`` (across threads
and processes), re-reads the file under it, and replaces it atomically (a unique temporary file,
fsync, rename, fsync of the folder): a reader sees the old file or the new one, never half of
one, and no writer loses another's key. A key file that other users can read is refused.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from boxoffice import config
from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _

PURPOSES = ("card", "ticket", "smtp")
INIT_COMMAND = "boxoffice keys init"

__all__ = ["PURPOSES", "ConfigurationError", "KeySet", "create", "load", "retire", "rotate"]

_Data = dict[str, dict[str, object]]


@dataclass(frozen=True)
class KeySet:
    active: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise ConfigurationError(
                _("Key {key_id!r} is not in the key file.").format(key_id=key_id)
            ) from None


def _new_key_id(existing: dict[str, str]) -> str:
    return f"k{len(existing) + 1}-{secrets.token_hex(3)}"


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _missing(path: Path) -> ConfigurationError:
    return ConfigurationError(
        _(
            "There is no key file at {path}. On the first desk create it "
            "with '{INIT_COMMAND}'; on every other desk copy that file here "
            "(mode 0600) or set key_file (BOXOFFICE_KEY_FILE) to where it is."
        ).format(path=path, INIT_COMMAND=INIT_COMMAND)
    )


def _check_private(path: Path) -> None:
    """ConfigurationError if users other than the owner may read or write the key file."""
    if os.name != "posix":  # pragma: no cover - mode bits mean nothing there
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading it reports the problem
    if mode & 0o077:
        raise ConfigurationError(
            _(
                "The key file {path} can be read or changed by other users of "
                "this computer (mode {value:03o}); it is not used. Make it "
                "private: chmod 600 {path}"
            ).format(path=path, value=mode & 0o777)
        )


def _load(path: Path) -> _Data:
    _check_private(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise _missing(path) from None
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            _("Cannot read the key file {path}: {exc}").format(path=path, exc=exc)
        ) from None
    if not isinstance(data, dict):
        raise ConfigurationError(_("The key file {path} is malformed.").format(path=path))
    return data


def _write_error(path: Path, exc: OSError) -> ConfigurationError:
    return ConfigurationError(
        _(
            "Cannot write the key file {path}: {value}. Check key_file "
            "(BOXOFFICE_KEY_FILE) and the folder's permissions."
        ).format(path=path, value=exc.strerror or exc)
    )


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of *path*'s key file (other threads and processes wait)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write(path: Path, data: _Data) -> None:
    """Replace *path* with *data* atomically; call it holding :func:`_locked`."""
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)  # all or nothing: a full disk never leaves half a key file
        tmp = ""
        if os.name == "posix":
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)  # the rename itself survives a power cut
            finally:
                os.close(folder)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def key_file() -> Path:
    return Path(str(config.get("key_file")))


def create(path: Path | None = None) -> bool:
    """Create the key file with one key for every purpose; add the purposes an older file lacks.

    True if anything was written, False if the file already had every purpose (nothing is ever
    replaced). Safe to run on several desks at once: the first one creates, the rest find it.
    """
    path = path or key_file()
    with _locked(path):
        data = _load(path) if path.exists() else {}
        missing = [purpose for purpose in PURPOSES if not data.get(purpose)]
        if not missing:
            return False
        for purpose in missing:
            kid = _new_key_id({})
            data[purpose] = {"active": kid, "keys": {kid: _new_key()}}
        _write(path, data)
        return True


def load(purpose: str, path: Path | None = None) -> KeySet:
    """The key set for *purpose* (one of PURPOSES); ConfigurationError if the file or the
    purpose is missing (never created here: see :func:`create`)."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    path = path or key_file()
    return _keyset(_load(path), purpose, path)


def _keyset(data: _Data, purpose: str, path: Path) -> KeySet:
    entry = data.get(purpose)
    if not entry:
        raise ConfigurationError(
            _(
                "The key file {path} has no {purpose} keys. Add them with "
                "'{INIT_COMMAND}' on one desk and copy the file to the others."
            ).format(path=path, purpose=purpose, INIT_COMMAND=INIT_COMMAND)
        )
    try:
        raw_keys = entry["keys"]
        assert isinstance(raw_keys, dict)
        decoded = {str(k): base64.b64decode(str(v)) for k, v in raw_keys.items()}
        active = str(entry["active"])
        assert active in decoded
        return KeySet(active=active, keys=decoded)
    except (KeyError, AssertionError, ValueError):
        raise ConfigurationError(
            _("The {purpose} keys in {path} are malformed.").format(purpose=purpose, path=path)
        ) from None


def rotate(purpose: str, path: Path | None = None) -> str:
    """Add a new active key for *purpose*; old keys stay for reading. Returns the new key id."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    path = path or key_file()
    with _locked(path):
        data = _load(path)
        current = _keyset(data, purpose, path)
        keys = {k: base64.b64encode(v).decode() for k, v in current.keys.items()}
        kid = _new_key_id(keys)
        while kid in keys:  # pragma: no cover - 24 random bits
            kid = _new_key_id(keys)
        keys[kid] = _new_key()
        data[purpose] = {"active": kid, "keys": keys}
        _write(path, data)
        return kid


def retire(purpose: str, key_id: str, path: Path | None = None) -> None:
    """Remove the non-active key *key_id* of *purpose* from the key file (nothing it sealed or
    signed can be read afterwards: callers check that nothing still needs it)."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    path = path or key_file()
    with _locked(path):
        data = _load(path)
        current = _keyset(data, purpose, path)
        if key_id == current.active:
            raise ValueError("the active key cannot be retired")
        keys = {k: base64.b64encode(v).decode() for k, v in current.keys.items() if k != key_id}
        data[purpose] = {"active": current.active, "keys": keys}
        _write(path, data)


def fingerprint(path: Path | None = None) -> str:
    """A short, non-secret digest of every key in the key file (all purposes; a missing file is
    the error naming ``boxoffice keys init``). Desks sharing one key set have the same
    fingerprint; the server keeps the one every desk must have (services.common.desk_keys)."""
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
    """The whole key file (every purpose checked present), for export."""
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
            raise ConfigurationError(
                _("The key set has no {purpose} keys.").format(purpose=purpose)
            )
        if entry.get("active") not in keys:
            raise ConfigurationError(
                _("The key set's active {purpose} key is missing.").format(purpose=purpose)
            )
        try:
            for value in keys.values():
                if len(base64.b64decode(str(value), validate=True)) != 32:
                    raise ValueError
        except ValueError:
            raise ConfigurationError(
                _("The key set's {purpose} keys are malformed.").format(purpose=purpose)
            ) from None
    with _locked(path):
        return _replace(path, data)


def _replace(path: Path, data: dict[str, dict[str, object]]) -> Path | None:
    backup: Path | None = None
    if path.exists() and digest(_load(path)) != digest(data):
        n = 1
        while (candidate := path.with_name(f"{path.name}.replaced-{n}")).exists():
            n += 1
        try:
            os.replace(path, candidate)
        except OSError as exc:
            raise ConfigurationError(
                _("Cannot keep the old key file {path}: {exc}").format(path=path, exc=exc)
            ) from None
        backup = candidate
    _write(path, {p: data[p] for p in PURPOSES})
    return backup
