"""Where this desk keeps its files: the per-user data directory (SQLite file, key file, door
station files, the sealed secrets when the system has no keyring)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "boxoffice"


def data_dir() -> Path:
    """Per-user data directory; ``BOXOFFICE_DATA_DIR`` overrides it. Created on demand."""
    path = Path(
        os.environ.get("BOXOFFICE_DATA_DIR") or platformdirs.user_data_dir(APP, appauthor=False)
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
