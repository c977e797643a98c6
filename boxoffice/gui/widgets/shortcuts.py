"""How a control names its keyboard shortcut in its tooltip."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def with_shortcut(text: str, shortcut: str) -> str:
    """Tooltip text that names its key, e.g. ``Pay cash exact (F9)``."""
    if not shortcut:
        return text
    native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({native})"
