"""Refresh the catalogues from the sources: ``uv run python -m boxoffice.i18n.extract``.

Finds every marked string (``_``, ``N_``, ``ngettext`` in Python; every ``<string>`` in the Qt
Designer forms that is not ``notr="true"``), writes each domain's template (``po/<domain>.pot``)
and merges it into every language's ``.po`` (new messages come in untranslated, gone ones are
dropped as obsolete). ``--check`` only reports, per language and domain, what is untranslated.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from boxoffice.i18n.catalogues import DOMAINS, PO_DIR, po_file

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Fixed header dates and no line numbers: a refresh changes a catalogue only where messages did,
# so parallel branches merge their catalogues without conflicts in every header and comment.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def designer_strings(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for Qt Designer ``.ui`` files (their ``<string>`` elements)."""
    tree = ET.parse(fileobj)
    for element in tree.iter("string"):
        if element.get("notr") == "true" or not (element.text or "").strip():
            continue
        yield 0, "_", element.text or "", []


def _sources(domain: str) -> Iterator[tuple[str, int, str | tuple[str, ...], list[str], Any]]:
    if domain == "gui":
        yield from extract_from_dir(str(PACKAGE / "gui"), [("**.py", "python")], keywords=KEYWORDS)
        ui = ROOT / "ui"
        if ui.is_dir():
            yield from extract_from_dir(
                str(ui), [("**.ui", "boxoffice.i18n.extract:designer_strings")], keywords=KEYWORDS
            )
        return
    for folder in sorted(p for p in PACKAGE.iterdir() if p.name != "gui"):
        if folder.is_dir():
            yield from extract_from_dir(str(folder), [("**.py", "python")], keywords=KEYWORDS)
        elif folder.suffix == ".py":
            yield from extract_from_dir(str(PACKAGE), [(folder.name, "python")], keywords=KEYWORDS)


def template(domain: str) -> Catalog:
    """Every marked message of *domain* (``gui`` or ``core``), in source order."""
    catalogue = Catalog(project="boxoffice", domain=domain, fuzzy=False, creation_date=FIXED_DATE)
    for filename, lineno, message, comments, _context in _sources(domain):
        catalogue.add(message, locations=[(filename, lineno)], auto_comments=comments)
    return catalogue


def _languages() -> list[str]:
    return sorted(p.name for p in PO_DIR.iterdir() if p.is_dir()) if PO_DIR.is_dir() else []


def untranslated(language: str, domain: str) -> list[str]:
    """Messages of *domain* with no (or only a fuzzy) translation in *language*."""
    path = po_file(language, domain)
    if not path.is_file():
        return [str(m.id) for m in template(domain) if m.id]
    with path.open("rb") as source:
        catalogue = read_po(source)
    wanted = {m.id for m in template(domain) if m.id}
    missing = []
    for message in catalogue:
        if message.id in wanted:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                missing.append(str(message.id))
            wanted.discard(message.id)
    return missing + [str(m) for m in wanted]


def update(language: str, domain: str, fresh: Catalog) -> int:
    """Merge the template into *language*'s catalogue; returns how many are untranslated."""
    path = po_file(language, domain)
    if path.is_file():
        with path.open("rb") as source:
            catalogue = read_po(source, locale=language)
        catalogue.update(fresh, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
    else:
        catalogue = Catalog(locale=language, domain=domain, project="boxoffice")
        catalogue.update(fresh, no_fuzzy_matching=True)
    catalogue.fuzzy = False
    catalogue.creation_date = catalogue.revision_date = FIXED_DATE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalogue, width=100, sort_output=False, include_lineno=False)
    return len(untranslated(language, domain))


def main(argv: list[str] | None = None) -> int:
    """Refresh templates and catalogues, or (``--check``) list untranslated messages."""
    parser = argparse.ArgumentParser(prog="python -m boxoffice.i18n.extract")
    parser.add_argument("--check", action="store_true", help="only report untranslated messages")
    parser.add_argument("languages", nargs="*", help="languages to add or refresh (default: all)")
    args = parser.parse_args(argv)
    languages = args.languages or _languages()
    gaps = 0
    for domain in DOMAINS:
        if args.check:
            for language in languages:
                missing = untranslated(language, domain)
                gaps += len(missing)
                for message in missing:
                    print(f"{language}/{domain}: {message!r}")
            continue
        fresh = template(domain)
        PO_DIR.mkdir(parents=True, exist_ok=True)
        with (PO_DIR / f"{domain}.pot").open("wb") as out:
            write_po(out, fresh, width=100, sort_output=False, include_lineno=False)
        for language in languages:
            left = update(language, domain, fresh)
            print(f"{language}/{domain}.po: {len(fresh)} messages, {left} untranslated")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
