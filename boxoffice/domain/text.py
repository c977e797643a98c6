"""Text a person typed that the box office stores and shows: no invisible tricks.

Refused: NUL and other control characters (newlines and tabs only where a field is multi-line),
and the Unicode bidirectional embedding, override and isolate controls, which make a title or a
name display differently from what it holds ("right-to-left override" spoofing). Right-to-left
text itself (Arabic, Hebrew) and the plain LRM/RLM marks are fine.
"""

from __future__ import annotations

import unicodedata

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_plain(text: str, what: str, *, multiline: bool = False) -> str:
    """*text* unchanged, or ValidationError naming *what* and the offending character."""
    allowed = "\n\t\r" if multiline else ""
    for char in text:
        if char in BIDI_CONTROLS:
            raise ValidationError(
                _(
                    "{what} contains an invisible direction control (U+{ord:04X}); "
                    "remove it and type the text again."
                ).format(what=what, ord=ord(char))
            )
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cs"):
            raise ValidationError(
                _("{what} contains a control character (U+{ord:04X}); remove it.").format(
                    what=what, ord=ord(char)
                )
            )
    return text
