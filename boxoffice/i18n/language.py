"""The language text is shown in: the desk's setting, or a customer's for their documents."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from babel import Locale, UnknownLocaleError

from boxoffice.i18n import pseudo
from boxoffice.i18n.catalogues import translations

# Languages shipped complete; others fall back to English message by message.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}

_desk_locale = "en"
# The pseudo language (boxoffice.i18n.pseudo): English formats, every message stretched.
_pseudo = False
# A document for a customer overrides the desk's language on this thread only.
_document_locale: ContextVar[str | None] = ContextVar("document_locale", default=None)


def normalise(code: str) -> str:
    """``de-ch`` -> ``de_CH``; raises ``ValueError`` for a code no locale knows."""
    try:
        return str(Locale.parse(code.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"{code!r} is not a language this box office knows.") from None


def use_language(code: str) -> None:
    """Set the desk's language and region (``de_CH``, ``fr``, ``en_GB``) for this process;
    ``pseudo`` stretches and accents every message (layout checks) over English formats."""
    global _desk_locale, _pseudo
    _pseudo = code.strip().lower() == pseudo.CODE
    _desk_locale = "en" if _pseudo else normalise(code)


def pseudo_language() -> bool:
    """Whether the desk shows the pseudo language."""
    return _pseudo


def current_language() -> str:
    """The locale code text is shown in right now (a customer's inside :func:`in_language`)."""
    return _document_locale.get() or _desk_locale


@contextmanager
def in_language(code: str | None) -> Iterator[None]:
    """Make a customer's document in their language; ``None`` keeps the desk's."""
    if not code:
        yield
        return
    token = _document_locale.set(normalise(code))
    try:
        yield
    finally:
        _document_locale.reset(token)


def _(message: str) -> str:
    """Translate *message* into the current language."""
    if not message:  # gettext answers "" with the catalogue's header
        return message
    text = translations(current_language()).gettext(message)
    return pseudo.pseudo(text) if _pseudo and _document_locale.get() is None else text


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate the singular or plural form of a message for *n*."""
    text = translations(current_language()).ngettext(singular, plural, n)
    return pseudo.pseudo(text) if _pseudo and _document_locale.get() is None else text


def N_(message: str) -> str:  # the gettext name extractors look for
    """Mark *message* for extraction without translating it (module-level constants)."""
    return message
