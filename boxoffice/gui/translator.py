"""Qt's side of the translations: Designer forms and Qt's own ``tr()`` read our catalogues.

One mechanism for the whole application (gettext catalogues read with Babel, see
:mod:`boxoffice.i18n`): :class:`CatalogueTranslator` answers Qt's ``translate()`` calls from
them, so the ``<string>`` of every ``ui/*.ui`` form that ``QUiLoader`` loads comes out in the
desk's language. Qt's own dialogs (buttons of message boxes, file dialogs, context menus) use
Qt's ``qtbase`` translations, installed after ours when Qt ships them.

The desk's language is chosen at start (:func:`install`) from the ``language`` setting; the
Language menu stores a new choice and asks for a restart, because widgets already built keep
the text they were given.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from boxoffice.i18n import _, current_language, ngettext, use_language
from boxoffice.i18n.language import pseudo_language

log = logging.getLogger(__name__)

# Languages written right to left: the desk's layouts mirror for them (the seat map does not).
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur"})


class CatalogueTranslator(QTranslator):
    """A QTranslator backed by the gettext catalogues of the current language."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if not source:
            return None  # type: ignore[return-value]
        text = ngettext(source, source, n) if n >= 0 else _(source)
        # A null answer (None; an empty string would be taken as the translation) sends Qt on
        # to the next translator (qtbase), then to the source text.
        return text if text != source else None  # type: ignore[return-value]

    def isEmpty(self) -> bool:
        return False


def layout_direction(language: str) -> Qt.LayoutDirection:
    """Right to left for Arabic, Hebrew, Persian and Urdu; left to right otherwise."""
    base = language.replace("-", "_").split("_")[0].lower()
    return (
        Qt.LayoutDirection.RightToLeft if base in RIGHT_TO_LEFT else Qt.LayoutDirection.LeftToRight
    )


def install(app: QApplication, language: str | None = None) -> None:
    """Use *language* (default: the current one) for the whole desk: our catalogues, Qt's own
    translations, Qt's locale (date edits, number spin boxes) and the layout direction."""
    if language:
        try:
            use_language(language)
        except ValueError as exc:
            log.warning("%s Using English.", exc)
            use_language("en")
    for old in app.findChildren(QTranslator):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    code = current_language()
    locale = QLocale(code)
    QLocale.setDefault(locale)
    qt_own = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not pseudo_language() and qt_own.load(locale, "qtbase", "_", path):
        QCoreApplication.installTranslator(qt_own)
    else:
        qt_own.deleteLater()
    # Installed last, asked first: our wording wins over Qt's where both have a message.
    QCoreApplication.installTranslator(CatalogueTranslator(app))
    app.setLayoutDirection(layout_direction(code))
