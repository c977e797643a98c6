"""Keyboard shortcuts: how a control names its key in its tooltip, and the one way a screen
makes a keyed action (shown in its menu, its button's tooltip and the F1 sheet)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget


def with_shortcut(text: str, shortcut: str) -> str:
    """Tooltip text that names its key, e.g. ``Pay cash exact (F9)``."""
    if not shortcut:
        return text
    native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({native})"


def keys_text(action: QAction) -> str:
    """Every key of *action* as the platform writes it: ``F9 or Ctrl+Return``."""
    native = QKeySequence.SequenceFormat.NativeText
    return " or ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())


def keyed_action(
    owner: QWidget,
    text: str,
    keys: Sequence[str],
    slot: Callable[[], Any],
    tip: str = "",
    button: QAbstractButton | None = None,
) -> QAction:
    """An action of *owner* (its keys work while the focus is inside it) that runs *slot*;
    its tooltip, and *button*'s, name the first key. The button and the action stay in step:
    the action is enabled exactly when the button is."""
    action = QAction(text, owner)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(with_shortcut(tip or text, keys[0] if keys else ""))
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    if button is not None:
        button.setToolTip(with_shortcut(button.toolTip() or tip or text, keys[0] if keys else ""))
        action.setEnabled(button.isEnabled())
        _follow_enabled(button, action)
    return action


def _follow_enabled(button: QAbstractButton, action: QAction) -> None:
    """Keep *action* enabled as *button* is (a disabled button's key must not act either)."""
    button.installEventFilter(_EnabledFollower(button, action))


class _EnabledFollower(QObject):
    """Lives as the button's child; copies its enabled state to the action."""

    def __init__(self, button: QAbstractButton, action: QAction) -> None:
        super().__init__(button)
        self._button = button
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange:
            self._action.setEnabled(self._button.isEnabled())
        return False
