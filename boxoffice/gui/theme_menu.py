"""Desk ▸ Theme: pick the standard or the high-contrast look; the choice is applied at once and
kept in the desk's settings for the next start."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from boxoffice.gui import theme
from boxoffice.i18n import _


def choose(settings: QSettings, key: str) -> theme.Theme:
    """Apply the theme *key* to the running desk and remember it in *settings*."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    chosen = theme.apply(app, key)
    theme.remember(settings, chosen)
    return chosen


def theme_menu(parent: QWidget, settings: QSettings) -> QMenu:
    """A menu with one checkable action per theme (object names ``theme_<key>``)."""
    menu = QMenu(_("&Theme"), parent)
    menu.setObjectName("themeMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    for t in theme.THEMES.values():
        action = QAction(_(t.title), menu)
        action.setObjectName(f"theme_{t.key}")
        action.setCheckable(True)
        action.setChecked(t is theme.current())
        action.triggered.connect(lambda _=False, key=t.key: choose(settings, key))
        group.addAction(action)
        menu.addAction(action)
    return menu
