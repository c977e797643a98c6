"""`boxoffice booking list` on the demo database, through the real entry point."""

from __future__ import annotations

import pytest

from boxoffice.cli import main
from boxoffice.db.database import Database
from boxoffice.domain.reference import ALPHABET
from tests.printing.support import demo_bookings


def test_list_references_newest_first(
    db_url: str, demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--database-url", db_url, "booking", "list", "--limit", "7", "--format", "ref"]) == 0
    )
    refs = capsys.readouterr().out.split()
    assert len(refs) == 7
    assert all(
        len(r) == 9 and r[4] == "-" and set(r.replace("-", "")) <= set(ALPHABET) for r in refs
    )
    known = {b.reference for b in demo_bookings(demo_db)}
    assert set(refs) <= known


def test_list_table_has_header_and_rows(
    db_url: str, demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", db_url, "booking", "list", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["Reference", "Status", "Booked"]
    assert len(lines) == 4
    assert all("€" in line for line in lines[1:])
    assert all(line.split()[1] in ("confirmed", "cancelled") for line in lines[1:])


def test_empty_database_and_bad_limit(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", db_url, "booking", "list"]) == 0
    assert "No bookings yet." in capsys.readouterr().out
    assert main(["--database-url", db_url, "booking", "list", "--limit", "0"]) == 1
    assert "limit" in capsys.readouterr().err
