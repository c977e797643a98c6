"""The GUI speaks the desk's language: every shown string is marked, every marked string is
translated into German and French with the same placeholders, and Qt's side (Designer forms,
Qt's own buttons) follows the same catalogues.

The scan for unmarked text is plain AST (tests/gui/unmarked.py, no Qt); it is also run on a
copy of gui with violations planted, to show that it fails.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

import boxoffice.gui
from boxoffice.gui import translator
from boxoffice.i18n import _, current_language, ngettext, use_language
from boxoffice.i18n.catalogues import po_file
from boxoffice.i18n.extract import untranslated
from boxoffice.i18n.pseudo import pseudo
from tests.gui.unmarked import findings_in, is_text, unmarked

GUI = Path(boxoffice.gui.__file__).parent
LANGUAGES = ("de", "fr")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[sd]")
ACCELERATOR = re.compile(r"&(?!&)(?=\w)")


@pytest.fixture
def english() -> Iterator[None]:
    """Whatever a test switches to, the next test starts in English."""
    yield
    use_language("en")
    app = QApplication.instance()
    if isinstance(app, QApplication):
        translator.install(app, "en")


# -- every shown string is marked ------------------------------------------------------------------


def test_every_text_the_gui_shows_is_marked_for_translation() -> None:
    assert [str(f) for f in unmarked(GUI)] == []


def test_the_scan_finds_planted_unmarked_text(tmp_path: Path) -> None:
    root = tmp_path / "gui"
    shutil.copytree(GUI, root, ignore=shutil.ignore_patterns("__pycache__"))
    planted = root / "sale" / "planted.py"
    planted.write_text(
        "from boxoffice.i18n import _\n"
        "def build(w, ctx, box, n):\n"
        '    w.setText("Hold the seats")\n'
        '    w.setToolTip(f"Pay {n} now")\n'
        '    QLabel("Seats left")\n'
        '    QPushButton(_("Fine") + " and not fine")\n'
        '    box.addItem("Any tier", "any_tier")\n'
        '    ctx.messages.warning.emit("The hold expired.")\n'
        '    QMessageBox.warning(w, "Careful", _("Marked"))\n'
        '    keyed_action(w, "Find event", ("Ctrl+F",), n)\n'
        '    w.setText(_("Marked") if n else "Not marked")\n'
        "    # not text: object names, keys, levels, a log line, the item's data\n"
        '    w.setObjectName("holdButton")\n'
        '    w.setText("")\n'
        '    w.setText("Ctrl+Shift+P")\n'
        '    show_message(_("Marked"), "error")\n'
        '    log.warning("not shown to the clerk %s", n)\n',
        encoding="utf-8",
    )
    found = "\n".join(str(f) for f in unmarked(root))
    for text in (
        "Hold the seats",
        "Pay {n} now",
        "Seats left",
        "and not fine",
        "Any tier",
        "The hold expired.",
        "Careful",
        "Find event",
        "Not marked",
    ):
        assert text in found, text
    for text in ("holdButton", "any_tier", "Ctrl+Shift+P", '"error"', "not shown"):
        assert text not in found, text
    assert len([f for f in unmarked(root) if f.path.endswith("planted.py")]) == 9


def test_what_counts_as_text() -> None:
    assert is_text("Seats left") and is_text("OK") and is_text("Pay…")
    for code in ("", "—", "12", "Ctrl+Shift+Del", "F9", "payNow", "theme_dark", "dd MMM yyyy"):
        assert not is_text(code), code
    assert [f.text for f in findings_in('w.setText(f"{n} left")', "x.py")] == ['f"{n} left"']


# -- every marked string is translated -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_gui_message_is_translated(language: str) -> None:
    assert untranslated(language, "gui") == []


def _messages(language: str) -> Iterator[tuple[str, str]]:
    with po_file(language, "gui").open("rb") as source:
        catalogue = read_po(source, locale=language)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            yield ids[-1] if len(strings) > 1 else ids[0], string


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_accelerators(language: str) -> None:
    wrong = []
    for source, text in _messages(language):
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            wrong.append(f"placeholders differ: {source!r} -> {text!r}")
        if bool(ACCELERATOR.search(source)) != bool(ACCELERATOR.search(text)):
            wrong.append(f"accelerator lost or added: {source!r} -> {text!r}")
    assert wrong == []


def test_the_check_fails_on_a_broken_translation() -> None:
    source, text = "Pay {amount} now", "Jetzt {betrag} zahlen"
    assert sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    assert not ACCELERATOR.search("Speichern") and ACCELERATOR.search("&Save")


@pytest.mark.usefixtures("english")
def test_german_and_french_desks_read_their_language() -> None:
    use_language("de")
    assert _("Cancel booking") == "Buchung stornieren"
    assert ngettext("{n} customer", "{n} customers", 3).format(n=3) == "3 Kunden"
    use_language("fr")
    assert _("Cancel booking") == "Annuler la réservation"
    assert ngettext("{n} customer", "{n} customers", 1).format(n=1) == "1 client"
    use_language("en")
    assert _("Cancel booking") == "Cancel booking"


# -- Qt reads the same catalogues ------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_designer_forms_and_qt_buttons_follow_the_desk_language(qapp: QApplication) -> None:
    from boxoffice.gui.forms import SPECS, load_form
    from boxoffice.gui.sign_in import SignInDialog  # noqa: F401  (registers its form)

    translator.install(qapp, "de")
    assert current_language() == "de"
    form = load_form(SPECS["sign_in"])
    texts = {label.text() for label in form.root.findChildren(QLabel)}
    assert "&Benutzername" in texts and "&User name" not in texts
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert {b.text() for b in buttons.buttons()} == {"OK", "Abbrechen"}  # Qt's own qtbase_de
    form.root.deleteLater()
    buttons.deleteLater()
    translator.install(qapp, "en")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in buttons.buttons()] == ["Cancel"]
    buttons.deleteLater()


def test_right_to_left_languages_mirror_the_layout() -> None:
    assert translator.layout_direction("ar").name == "RightToLeft"
    assert translator.layout_direction("he_IL").name == "RightToLeft"
    assert translator.layout_direction("de_CH").name == "LeftToRight"


# -- the pseudo language ---------------------------------------------------------------------------


def test_pseudo_stretches_and_accents_but_keeps_what_code_reads() -> None:
    text = pseudo("&Pay {amount} for <b>{count:,}</b> seats")
    assert text.startswith("[&P") and "{amount}" in text and "{count:,}" in text
    assert "<b>" in text and "</b>" in text
    assert "é" in text and "seats" not in text
    plain = "Seats held by another desk"
    assert len(pseudo(plain)) >= 1.35 * len(plain)
    assert pseudo("") == "" and pseudo("{n}").count("{n}") == 1


@pytest.mark.usefixtures("english")
def test_the_pseudo_language_applies_to_every_message() -> None:
    use_language("pseudo")
    assert _("Cancel booking") == pseudo("Cancel booking")
    assert current_language() == "en"  # formats stay English
