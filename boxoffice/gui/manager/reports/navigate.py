"""Jump from one manager tab to another (report → seat monitor) through the main window.

The main window offers ``show_tab(key)`` and ``page(key)``; a tab shown on its own (tests,
screenshots) has no such window and the jump simply does not happen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def open_tab(widget: QWidget, key: str) -> QWidget | None:
    """Show tab *key* of *widget*'s main window and return its page, or None if unavailable."""
    window = widget.window()
    show = getattr(window, "show_tab", None)
    page = getattr(window, "page", None)
    if show is None or page is None:
        return None
    try:
        show(key)
        found = page(key)
    except StopIteration:  # this role has no such tab
        return None
    return found if isinstance(found, QWidget) else None
