"""Settings, each declared once with its type, default and description.

Resolution order for every setting: environment variable, then the config file
(``config.toml`` in the user's config directory, or ``BOXOFFICE_CONFIG``), then the default.
Desk-local GUI preferences (printer, stock, window geometry) live in QSettings, not here.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _

# Re-exported: callers keep writing config.data_dir().
from boxoffice.paths import APP as APP
from boxoffice.paths import data_dir as data_dir


def config_file() -> Path:
    """The TOML config file path (it need not exist)."""
    explicit = os.environ.get("BOXOFFICE_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def yes_or_no(raw: Any) -> bool:
    """A switch as written in the environment or config file: true/false, yes/no, on/off, 1/0."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


@dataclass(frozen=True)
class Option:
    """One setting: name in the config file, environment variable, default and meaning."""

    name: str
    env: str
    default: Callable[[], Any]
    description: str
    kind: Callable[[Any], Any] = str


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option(
            "database_url",
            "BOXOFFICE_DATABASE_URL",
            lambda: f"sqlite:///{data_dir() / 'boxoffice.sqlite3'}",
            "SQLAlchemy URL, e.g. mysql+pymysql://boxoffice:secret@db-host/boxoffice",
        ),
        Option(
            "database_failover_hosts",
            "BOXOFFICE_DATABASE_FAILOVER_HOSTS",
            lambda: "",
            "Other servers of the same cluster (Galera or InnoDB Cluster), host:port separated by "
            "commas: when the server of database_url stops answering the desk moves to the next. "
            "Empty = the one server of database_url.",
        ),
        Option(
            "key_file",
            "BOXOFFICE_KEY_FILE",
            lambda: str(data_dir() / "keys.json"),
            "JSON file with the card-encryption and ticket-signing keys (never in the database).",
        ),
        Option(
            "desk",
            "BOXOFFICE_DESK",
            lambda: os.uname().nodename if hasattr(os, "uname") else "desk",
            "Name of this desk, shown in the status bar and recorded on sales.",
        ),
        Option(
            "hold_minutes",
            "BOXOFFICE_HOLD_MINUTES",
            lambda: 10,
            "How long a desk's seat selection is held while it takes payment.",
            int,
        ),
        Option(
            "waitlist_offer_hours",
            "BOXOFFICE_WAITLIST_OFFER_HOURS",
            lambda: 24,
            "How long seats offered to a customer on a waiting list are held for them before "
            "the offer passes to the next customer.",
            int,
        ),
        Option(
            "confirm_terms",
            "BOXOFFICE_CONFIRM_TERMS",
            lambda: True,
            "Whether the clerk must confirm that the customer agreed to the terms of sale before "
            "every sale: the payment dialog's box and a question before F9 Cash exact (one rule "
            "for both). Off: neither asks.",
            yes_or_no,
        ),
        Option(
            "timezone",
            "BOXOFFICE_TIMEZONE",
            lambda: "",
            "IANA time zone of the venues (e.g. Europe/London) for times on tickets, at check-in "
            "and in reports; empty = this machine's local zone.",
        ),
        Option(
            "language",
            "BOXOFFICE_LANGUAGE",
            lambda: "en",
            "The desk's language and region (en, en_GB, de, de_CH, fr, fr_CH ...): its screens, "
            "messages and the number, date and money formats; a customer's tickets and mails "
            "use the customer's own language.",
        ),
        Option(
            "mysql_idle_timeout",
            "BOXOFFICE_MYSQL_IDLE_TIMEOUT",
            lambda: 60,
            "Seconds a MySQL connection may sit silent before the server drops it: a desk that "
            "freezes in the middle of a sale (suspended, cut off) loses its locks after this, "
            "instead of stopping every other desk for hours.",
            int,
        ),
        Option(
            "mysql_ssl_ca",
            "BOXOFFICE_MYSQL_SSL_CA",
            lambda: "",
            "CA certificate file: when set, connections to MySQL use TLS and verify the server.",
        ),
    )
}


def _file_values() -> dict[str, Any]:
    path = config_file()
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(
            _("Cannot read the config file {path}: {exc}").format(path=path, exc=exc)
        ) from None


def get(name: str) -> Any:
    """Value of setting *name*, resolved env → file → default and converted to its type."""
    option = OPTIONS[name]
    raw = os.environ.get(option.env)
    if raw is None:
        raw = _file_values().get(name)
    if raw is None:
        return option.default()
    try:
        return option.kind(raw)
    except (TypeError, ValueError):
        raise ConfigurationError(
            _("Setting {name} ({env}) must be {getattr}, got {raw!r}.").format(
                name=name,
                env=option.env,
                getattr=getattr(option.kind, "__name__", "valid"),
                raw=raw,
            )
        ) from None


def database_url() -> str:
    """The configured database URL (SQLite file in the user's data directory by default).

    A URL from the config file with an account but no password (as the set-up writes it) gets
    the password kept in the system keyring (``secret_store``)."""
    url = str(get("database_url"))
    if os.environ.get(OPTIONS["database_url"].env) is None and "@" in url:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        from boxoffice import secret_store

        try:
            parsed = make_url(url)
        except ArgumentError:
            return url
        if parsed.username and parsed.password is None:
            password = secret_store.get_password(secret_account(url))
            if password is not None:
                return parsed.set(password=password).render_as_string(hide_password=False)
    return url


def secret_account(url: str) -> str:
    """The keyring entry name for the account in *url*: ``user@host:port/database``."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f"{parsed.username}@{parsed.host}:{parsed.port or 3306}/{parsed.database or ''}"


def is_configured() -> bool:
    """Has this desk been set up (a config file, or the database URL in the environment)?"""
    return config_file().exists() or os.environ.get(OPTIONS["database_url"].env) is not None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def write_config(values: dict[str, Any]) -> Path:
    """Merge *values* (known settings only) into the config file and write it; returns it."""
    unknown = set(values) - set(OPTIONS)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    merged = {**_file_values(), **values}
    lines = ["# boxoffice desk settings (written by the set-up; see boxoffice/config.py)"]
    lines += [f"{key} = {_toml_value(merged[key])}" for key in sorted(merged)]
    path = config_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot write the config file {path}: {strerror}.").format(
                path=path, strerror=exc.strerror
            )
        ) from None
    return path
