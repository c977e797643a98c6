"""The desk's message banner: a strip laid *over* the top of the tab pages, never in a layout.

A banner that pushed the screen down and collapsed again moved buttons under the clerk's
pointer (a click missed its tab); floating over the content keeps every widget where it is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QToolButton, QWidget

from boxoffice.gui.widgets.shortcuts import with_shortcut
from boxoffice.i18n import _


class MessageBanner(QWidget):
    """A non-blocking strip over the top of *parent*; errors stay until closed, others fade.

    Over a QTabWidget it lies just below the tab bar, so the tabs stay clickable.
    """

    LEVELS = ("error", "warning", "info")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel()
        self.label.setObjectName("bannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setToolTip(with_shortcut(_("Dismiss"), _("Esc")))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.level = ""
        parent.installEventFilter(self)
        self.hide()

    def show_message(self, level: str, text: str) -> None:
        self.level = level
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.show()
        self.place()
        self.raise_()
        if level == "error":
            self._timer.stop()
        else:
            self._timer.start(8000 if level == "warning" else 5000)

    def top(self) -> int:
        """Where the strip starts in its parent: below the tab bar of a tab widget."""
        parent = self.parentWidget()
        if isinstance(parent, QTabWidget) and parent.tabBar().isVisible():
            return parent.tabBar().geometry().bottom() + 1
        return 0

    def place(self) -> None:
        """Span the parent's width at :meth:`top`, as tall as the wrapped text needs."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = parent.width()
        layout = self.layout()
        assert layout is not None
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        if height <= 0:
            height = self.sizeHint().height()
        self.setGeometry(0, self.top(), width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self.place()
        return False
