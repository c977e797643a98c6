"""Pseudo-translation: every message about 40 % longer and accented, to find clipped text.

``use_language("pseudo")`` turns it on for the desk (formats stay English): a screen that
still fits with ``[Ŝéļļ ţîçķéţš ·····]`` fits German and French too, and an English word left
on screen is a string nobody marked. Placeholders (``{name}``, ``{n:,}``, ``%s``), HTML tags
and entities and the ``&`` of keyboard accelerators are kept as they are.
"""

from __future__ import annotations

import math
import re

CODE = "pseudo"
GROWTH = 0.4
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Kept as they are: placeholders, HTML tags and entities, and an accelerator's "&" + letter
# (its letter stays plain, so the key the clerk presses is still the one the label shows).
_KEEP = re.compile(r"\{[^{}]*\}|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]|<[^>]+>|&[a-zA-Z]+;|&&|&\w")


def pseudo(message: str) -> str:
    """*message* accented and padded to about 140 % of its length (empty stays empty)."""
    if not message.strip():
        return message
    out: list[str] = []
    visible = 0
    last = 0
    for match in _KEEP.finditer(message):
        plain = message[last : match.start()]
        out.append(plain.translate(_ACCENTED))
        visible += len(plain)
        out.append(match.group())
        last = match.end()
    tail = message[last:]
    out.append(tail.translate(_ACCENTED))
    visible += len(tail)
    padding = "·" * max(1, math.ceil(visible * GROWTH) - 2)
    return f"[{''.join(out)} {padding}]"
