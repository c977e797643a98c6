"""Is any text cut off? A label or button drawn narrower than its text needs, checked on what is
shown (the check the large-text tests run on each screen). Width only: a line of text cut off
at the side loses words; a label a few pixels too low still reads."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from boxoffice.gui.widgets.elided_label import ElidedLabel

SLACK = 1  # pixels of rounding


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def clipped(root: QWidget) -> list[str]:
    """``Class#name 'text' got W, needs W`` for each shown label or button under *root* whose
    text is wider than the room it was given (elided labels, which say "…" on purpose,
    and labels showing a picture are left out)."""
    found = []
    for widget in (root, *root.findChildren(QWidget)):
        if not _shown(widget):
            continue
        if isinstance(widget, QLabel):
            if isinstance(widget, ElidedLabel) or not widget.text() or not widget.pixmap().isNull():
                continue
            if widget.wordWrap():
                continue  # it wraps to the width it gets
            need = widget.minimumSizeHint().width()
        elif isinstance(widget, QAbstractButton):
            if not widget.text():
                continue
            need = widget.sizeHint().width()
        else:
            continue
        if widget.width() + SLACK < need:
            found.append(
                f"{type(widget).__name__}#{widget.objectName()} {widget.text()[:40]!r} "
                f"got {widget.width()}, needs {need}"
            )
    return found
