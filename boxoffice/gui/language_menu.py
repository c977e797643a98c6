"""Desk ▸ Language: the language the desk's screens, messages and formats use.

The choice is kept in the desk's configuration (the ``language`` setting) and applies at the
next start: the widgets already built keep the words they were made with, and a sale in
progress is never rebuilt under the clerk's hands.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from boxoffice import config
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.messages import MessageBridge
from boxoffice.i18n import LANGUAGES, _, current_language
from boxoffice.i18n.language import pseudo_language


def configured_language() -> str:
    """The language the desk starts in (the setting; English when it cannot be read)."""
    try:
        return str(config.get("language") or "en")
    except BoxOfficeError:
        return "en"


def choose(code: str, messages: MessageBridge) -> None:
    """Store *code* as the desk's language and say when it applies."""
    try:
        config.write_config({"language": code})
    except BoxOfficeError as exc:
        messages.error.emit(exc.message)
        return
    name = LANGUAGES.get(code, code)
    if code == current_language().split("_")[0] and not pseudo_language():
        messages.info.emit(_("The desk shows {language}.").format(language=name))
        return
    messages.info.emit(
        _(
            "The desk will show {language} from its next start: sign out and quit, then start "
            "it again."
        ).format(language=name)
    )


def language_menu(parent: QWidget, messages: MessageBridge) -> QMenu:
    """One checkable action per shipped language (object names ``language_<code>``), each
    named in its own language so a clerk finds theirs whatever the desk shows."""
    menu = QMenu(_("&Language"), parent)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = configured_language().replace("-", "_").split("_")[0]
    for code, name in LANGUAGES.items():
        action = QAction(name, menu)
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.triggered.connect(lambda _checked=False, c=code: choose(c, messages))
        group.addAction(action)
        menu.addAction(action)
    return menu
