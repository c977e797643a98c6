"""The translation catalogues: ``po/<language>/<domain>.po`` files read once per language.

The ``.po`` files are read directly (compiled to an in-memory ``.mo`` by Babel), so there is no
build step and no binary file in the repository. Domains are looked up in order, the first that
knows a message wins: ``core`` (services, documents, mails) then ``gui`` (the desk's widgets).
"""

from __future__ import annotations

import io
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

PO_DIR = Path(__file__).parent / "po"
# The core first: a message both a document and a screen show (Receipt, Total) has one
# translation, the printed one; the GUI catalogue adds what only the desk shows.
DOMAINS = ("core", "gui")


def po_file(language: str, domain: str) -> Path:
    """Where the catalogue of *domain* in *language* lives."""
    return PO_DIR / language / f"{domain}.po"


def _read(path: Path) -> NullTranslations:
    with path.open("rb") as source:
        catalogue = read_po(source)
    compiled = io.BytesIO()
    # Fuzzy entries are guesses a translator has not confirmed: they stay out.
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled)


@cache
def translations(language: str) -> NullTranslations:
    """All domains of *language* chained (``de_CH`` falls back to ``de``, then to the source)."""
    chain: NullTranslations = NullTranslations()
    found: list[NullTranslations] = []
    for code in _candidates(language):
        for domain in DOMAINS:
            path = po_file(code, domain)
            if path.is_file():
                found.append(_read(path))
    if not found:
        return chain
    first = found[0]
    for later in found[1:]:
        first.add_fallback(later)
    return first


def _candidates(language: str) -> list[str]:
    code = language.replace("-", "_")
    base = code.split("_")[0]
    return [code, base] if base != code else [code]


def available() -> list[str]:
    """Languages with a catalogue on disk, plus the source language English."""
    found = {p.name for p in PO_DIR.iterdir() if p.is_dir()} if PO_DIR.is_dir() else set()
    return ["en", *sorted(found - {"en"})]
