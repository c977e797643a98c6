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

APP = "boxoffice"


def data_dir() -> Path:
    """Per-user data directory (SQLite file, key file); created on demand."""
    path = Path(
        os.environ.get("BOXOFFICE_DATA_DIR") or platformdirs.user_data_dir(APP, appauthor=False)
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_file() -> Path:
    """The TOML config file path (it need not exist)."""
    explicit = os.environ.get("BOXOFFICE_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


@dataclass(frozen=True)
class Option:
    """One setting: name in the config file, environment variable, default and meaning."""

    name: str
    env: str
    default: Callable[[], Any]
    description: str
    kind: type = str


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
            "timezone",
            "BOXOFFICE_TIMEZONE",
            lambda: "",
            "IANA time zone of the venues (e.g. Europe/London) for times on tickets, at check-in "
            "and in reports; empty = this machine's local zone.",
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
        raise ConfigurationError(f"Cannot read the config file {path}: {exc}") from None


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
            f"Setting {name} ({option.env}) must be {option.kind.__name__}, got {raw!r}."
        ) from None


def database_url() -> str:
    """The configured database URL (SQLite file in the user's data directory by default)."""
    return str(get("database_url"))
