"""A plain ``boxoffice`` (open the desk) parses its two options without importing the
subcommands and the services under them; anything else goes to the full parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from boxoffice.cli import desk_only


@pytest.mark.parametrize(
    ("argv", "demo", "url"),
    [
        ([], False, None),
        (["--demo"], True, None),
        (["--database-url", "sqlite://"], False, "sqlite://"),
        (["--database-url=sqlite://"], False, "sqlite://"),
    ],
)
def test_desk_options(argv: list[str], demo: bool, url: str | None) -> None:
    args = desk_only(argv)
    assert args is not None
    assert (args.command, args.demo_database, args.database_url) == (None, demo, url)


@pytest.mark.parametrize(
    "argv",
    [["db", "upgrade"], ["--help"], ["--version"], ["--database-url"], ["--demo", "--bogus"]],
)
def test_everything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert desk_only(argv) is None


def test_opening_the_desk_imports_no_subcommand() -> None:
    script = (
        "import sys; from boxoffice.cli import desk_only; desk_only(['--demo']); "
        "print(sorted(m for m in sys.modules if m.startswith(('boxoffice.cli.', "
        "'boxoffice.services.', 'alembic'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "['boxoffice.cli.common']"
