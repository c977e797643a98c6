"""The CLI's help is in the desk's language: the language is set before the parser is built."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from boxoffice.cli import main
from boxoffice.i18n import use_language


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    use_language("en")  # main() set this process's language


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_is_german(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOXOFFICE_LANGUAGE", "de")
    out = _help(capsys)
    assert out.startswith("Aufruf: boxoffice")
    assert "Optionen:" in out and "diese Hilfe zeigen und beenden" in out
    assert "Kasse: Plätze verkaufen, Tickets drucken" in out
    assert "Rabattcodes" in out  # a subcommand's one-line help
    assert "show this help message" not in out and "discount codes" not in out


def test_subcommand_help_is_french_with_argparse_placeholders(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOXOFFICE_LANGUAGE", "fr")
    out = _help(capsys, "code", "add")
    assert out.startswith("utilisation : boxoffice code add")
    assert "arguments positionnels:" in out
    assert "le code que donnent les clients, p. ex. SPRING10" in out
    assert "create a discount code" not in out and "total uses" not in out


def test_english_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOXOFFICE_LANGUAGE", "en")
    out = _help(capsys, "mail")
    assert out.startswith("usage: boxoffice mail")
    assert "send the e-mail that is due (run it from cron)" in out


def test_bad_language_still_shows_help_then_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOXOFFICE_LANGUAGE", "xx-nowhere")
    assert "usage: boxoffice" in _help(capsys)
    assert main(["db", "status"]) == 1
    assert "not a language this box office knows" in capsys.readouterr().err


SCRIPT = "import sys; from boxoffice.cli import main; sys.exit(main())"


def test_the_installed_command_prints_german_help() -> None:
    env = {**os.environ, "BOXOFFICE_LANGUAGE": "de"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, "ticket", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    ).stdout
    assert out.startswith("Aufruf: boxoffice ticket")
    assert "einen Ticketcode prüfen, ohne einzulassen" in out
