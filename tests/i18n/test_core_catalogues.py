"""The core's catalogues: every message translated in German and French, placeholders intact."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from boxoffice.i18n.catalogues import po_file
from boxoffice.i18n.extract import template, untranslated

SHIPPED = ("de", "fr")
# A str.format replacement field ("{name}", "{amount:>12}", "{code!r}"), not a doubled brace.
_FIELD = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def fields(text: str) -> list[str]:
    return sorted(_FIELD.findall(text))


@pytest.mark.parametrize("language", SHIPPED)
def test_every_core_message_is_translated(language: str) -> None:
    missing = untranslated(language, "core")
    assert not missing, f"{len(missing)} untranslated in {language}/core.po, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_the_placeholders_of_their_message(language: str) -> None:
    with po_file(language, "core").open("rb") as source:
        catalogue = read_po(source, locale=language)
    wrong = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            # Every plural form may use the count or not, but no other field.
            allowed = set(fields(message.id[0])) | set(fields(message.id[1]))
            for form in message.string:
                if not set(fields(form)) <= allowed or not form:
                    wrong.append((message.id, form))
        elif fields(message.id) != fields(str(message.string)):
            wrong.append((message.id, message.string))
    assert not wrong, wrong[:5]


def test_the_template_finds_the_marked_core_strings() -> None:
    ids = {m.id for m in template("core") if m.id}
    # Service errors, documents, mails (with plural forms) and CLI messages are all found.
    assert "Receipt" in ids and "Good to know" in ids and "Dear {name}," in ids
    assert any(isinstance(i, tuple) and "attached as a PDF" in i[0] for i in ids)
    assert "The installation's currency is {code}." in ids
    assert "Choose at least one seat." in ids


def test_a_missing_translation_is_reported(tmp_path, monkeypatch) -> None:
    # The check above can fail: a message without msgstr is listed as untranslated.
    import boxoffice.i18n.catalogues as catalogues
    import boxoffice.i18n.extract as extract

    source = po_file("de", "core").read_text(encoding="utf-8")
    broken = source.replace('msgstr "Quittung"', 'msgstr ""', 1)
    assert broken != source
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "core.po").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(catalogues, "PO_DIR", tmp_path)
    monkeypatch.setattr(extract, "po_file", lambda lang, dom: tmp_path / lang / f"{dom}.po")
    assert untranslated("de", "core") == ["Receipt"]
