"""A vertical scroll area around a side panel, so a tall form never makes the window taller
than a 1366×768 screen (it scrolls instead)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class _VerticalScroll(QScrollArea):
    """As wide as its content needs (asked each time: large text widens it), any height."""

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        base = super().minimumSizeHint()
        if content is None:
            return base
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(content.minimumSizeHint().width() + bar, base.height())


def scrolling(content: QWidget, object_name: str = "") -> QScrollArea:
    """*content* in a frameless scroll area that scrolls up and down only: as wide as the
    content needs, as low as the screen allows."""
    area = _VerticalScroll()
    if object_name:
        area.setObjectName(object_name)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Not a Tab stop of its own: Tab goes to the fields inside, and the area scrolls to them.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
