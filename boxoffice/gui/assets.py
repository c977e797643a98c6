"""Where the desk's files outside the Python code live: ``resources/`` (stylesheets, theme
colours, icons) and ``ui/`` (Qt Designer forms).

Three places are tried, first hit wins: a PyInstaller bundle (``sys._MEIPASS/<folder>``), an
installed wheel (``boxoffice/<folder>``, put there by pyproject's force-include) and the source
checkout (the top-level folder beside ``boxoffice/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def folder(name: str) -> Path:
    """The directory *name* (``resources`` or ``ui``); the checkout's one if none is found."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        candidates.append(Path(bundle) / name)
    candidates += [_PACKAGE / name, _PACKAGE.parent / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resource(name: str) -> Path:
    """A file under ``resources/``."""
    return folder("resources") / name


def ui_file(name: str) -> Path:
    """The Designer form ``ui/<name>.ui``."""
    return folder("ui") / f"{name}.ui"
