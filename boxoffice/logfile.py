"""The desk's rotating log file in the user log folder, and reading its last errors back.

``setup()`` is called once when the desk application starts. Lines never carry a password:
database URLs are logged through ``safe_url``, and ``redact`` scrubs what is read back anyway.
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from boxoffice.config import APP

LOG_NAME = "boxoffice.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_SECRET_PATTERNS = (
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1***@"),  # user:password@ in URLs
    (re.compile(r"(?i)\b(password|passphrase|secret|token)(\s*[=:]\s*)\S+"), r"\1\2***"),
)


class _DeskLog(RotatingFileHandler):
    """The desk's own file handler (told apart from any other on the root logger)."""


def log_dir() -> Path:
    """The user log folder (``BOXOFFICE_LOG_DIR`` overrides it)."""
    return Path(
        os.environ.get("BOXOFFICE_LOG_DIR") or platformdirs.user_log_dir(APP, appauthor=False)
    )


def log_path() -> Path:
    return log_dir() / LOG_NAME


def setup() -> Path | None:
    """Log WARNING and up from everything, INFO and up from boxoffice, to the rotating file
    (1 MB, 5 old files kept). Idempotent; returns the file, or None if it cannot be written."""
    root = logging.getLogger()
    path = log_path()
    for handler in list(root.handlers):
        if isinstance(handler, _DeskLog):
            if Path(handler.baseFilename) == path:
                return path
            root.removeHandler(handler)  # another log folder now (tests, a second set-up)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _DeskLog(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        logging.getLogger(__name__).warning("cannot write the log file %s", path)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    logging.getLogger("boxoffice").setLevel(logging.INFO)
    return path


def redact(text: str) -> str:
    """*text* with anything that looks like a password replaced by ``***``."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def recent_errors(limit: int = 20, path: Path | None = None) -> list[str]:
    """The last *limit* ERROR/CRITICAL lines of the log (redacted), oldest first."""
    path = path or log_path()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    errors = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    return [redact(line) for line in errors[-limit:]]
