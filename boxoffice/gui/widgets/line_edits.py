"""Line edits whose hint text must stay readable in every language."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

# What the frame, the text margins and a clear button take beside the text.
FRAME_PX = 40


def fit_placeholder(edit: QLineEdit) -> None:
    """Make *edit* at least as wide as its placeholder text (set it first)."""
    width = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + FRAME_PX
    edit.setMinimumWidth(max(edit.minimumWidth(), width))
