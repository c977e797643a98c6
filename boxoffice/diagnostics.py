"""The text a desk hands to support (Help → Copy diagnostics): versions, database and schema
status, key fingerprints, the last errors of the log. Never a secret: URLs go through
``safe_url`` and every line through ``logfile.redact``."""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable

from boxoffice import __version__, config, keyring, logfile
from boxoffice.db.database import Database
from boxoffice.db.engine import safe_url
from boxoffice.db.server_info import server_info
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.services.common import desk_keys


def _frozen() -> str:
    return "bundle" if getattr(sys, "frozen", False) else "Python environment"


def database_lines(db: Database) -> list[str]:
    """Server, version, schema and key fingerprints; what failed is said, not raised."""
    lines = [f"Database: {safe_url(db.engine.url)}"]
    try:
        info = server_info(db.engine)
        lines += [f"Server: {info.version}", f"Schema: {info.schema_state}"]
    except Exception as exc:  # a diagnosis must not fail on what it diagnoses
        lines.append(f"Server: unreachable ({type(exc).__name__}: {exc})")
        return lines
    try:
        local = keyring.fingerprint()
        server = db.run(desk_keys.server_fingerprint)
        state = "match" if server == local else ("none recorded" if server is None else "DIFFER")
        lines.append(f"Keys: desk {local}, server {server or '—'} ({state})")
    except BoxOfficeError as exc:
        lines.append(f"Keys: {exc.message}")
    except Exception as exc:
        lines.append(f"Keys: unknown ({type(exc).__name__})")
    return lines


def report(db: Database | None, extra: Iterable[str] = (), errors: int = 20) -> str:
    """The whole report; *extra* lines (Qt version, printer) come from the GUI."""
    lines = [
        f"boxoffice {__version__} ({_frozen()})",
        f"Python {platform.python_version()} on {platform.platform()}",
        *extra,
        f"Desk: {config.get('desk')}",
        f"Config file: {config.config_file()}",
        f"Log file: {logfile.log_path()}",
    ]
    if db is not None:
        lines += database_lines(db)
    recent = logfile.recent_errors(errors)
    lines.append(f"Last errors ({len(recent)}):" if recent else "Last errors: none")
    lines += [f"  {line}" for line in recent]
    return "\n".join(logfile.redact(line) for line in lines) + "\n"
