"""Key hand-over: `boxoffice keys export` on one desk, `keys import` on another, and the server's
fingerprint telling a desk with other keys apart."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from boxoffice import keyring
from boxoffice.cli import main
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.domain.errors import ValidationError
from boxoffice.security import key_transfer
from boxoffice.services.common import desk_keys

PHRASE = "correct horse battery"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))


def test_export_then_import_gives_the_other_desk_the_same_keys(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Database(db_url)
    admin_keys, desk_keys_file = tmp_path / "admin.json", tmp_path / "new-desk.json"
    export = tmp_path / "keys.boxoffice"

    # The admin's desk: its keys are the ones the server records first.
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(admin_keys))
    keyring.create()
    admin_print = keyring.fingerprint()
    assert db.run(lambda s: desk_keys.check_desk_keys(s, admin_print)).status == "recorded"
    _stdin(monkeypatch, PHRASE)
    assert (
        main(["--database-url", db_url, "keys", "export", str(export), "--passphrase-stdin"]) == 0
    )
    assert admin_print in capsys.readouterr().out
    assert os.stat(export).st_mode & 0o777 == 0o600
    sealed = export.read_text()
    for purpose in keyring.PURPOSES:  # no key readable in the file
        for key in json.loads(admin_keys.read_text())[purpose]["keys"].values():
            assert key not in sealed

    # A new desk made keys of its own: refused, and told how to fix it.
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(desk_keys_file))
    keyring.create()
    own = keyring.fingerprint()
    check = db.run(lambda s: desk_keys.check_desk_keys(s, own))
    assert check.status == "mismatch" and not check.ok
    assert "keys import" in check.message() and admin_print in check.message()
    assert main(["--database-url", db_url, "keys", "fingerprint"]) == 1
    assert "DIFFERENT" in capsys.readouterr().out

    # Wrong passphrase: a message, the desk's keys untouched.
    _stdin(monkeypatch, "not the passphrase")
    assert (
        main(["--database-url", db_url, "keys", "import", str(export), "--passphrase-stdin"]) == 1
    )
    assert "Wrong passphrase" in capsys.readouterr().err
    assert keyring.fingerprint() == own

    _stdin(monkeypatch, PHRASE)
    assert (
        main(["--database-url", db_url, "keys", "import", str(export), "--passphrase-stdin"]) == 0
    )
    out = capsys.readouterr().out
    assert "match" in out and "kept in" in out
    assert keyring.fingerprint() == admin_print
    assert json.loads(desk_keys_file.read_text()) == json.loads(admin_keys.read_text())
    assert db.run(lambda s: desk_keys.check_desk_keys(s, admin_print)).status == "match"
    assert keyring.digest(json.loads(Path(f"{desk_keys_file}.replaced-1").read_text())) == own


def test_rotating_tells_the_server(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = Database(db_url)
    before = keyring.fingerprint()
    db.run(lambda s: desk_keys.check_desk_keys(s, before))
    assert main(["--database-url", db_url, "keys", "rotate", "ticket"]) == 0
    after = keyring.fingerprint()
    assert after != before and after in capsys.readouterr().out
    assert db.run(desk_keys.server_fingerprint) == after


def test_short_passphrase_and_foreign_file_are_messages(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least"):
        key_transfer.export_keys(tmp_path / "x", "short")
    other = tmp_path / "other.json"
    other.write_text('{"card": {}}')
    with pytest.raises(Exception, match="not a box-office key export"):
        key_transfer.open_export(other, PHRASE)


@pytest.fixture(autouse=True)
def _schema(db_url: str) -> None:
    db = Database(db_url)
    if migrate.needs_upgrade(db.engine):
        migrate.upgrade(db.engine)
    db.dispose()


def test_a_desk_with_imported_keys_scans_a_ticket_sold_at_another_desk(
    db_url: str,
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.services.tickets import checkin
    from tests.printing.support import pick

    code = pick(demo_db).tickets[0].code  # sold and signed at the first desk
    export = tmp_path / "keys.boxoffice"
    key_transfer.export_keys(export, PHRASE)

    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(tmp_path / "door.json"))
    keyring.create()  # `keys init` on a desk that was never given the venue's keys
    verify = ["--database-url", db_url, "ticket", "verify", code]
    assert main(verify) == 1  # a door desk with keys of its own cannot tell it from a forgery
    assert "NOT VALID" in capsys.readouterr().out
    key_transfer.import_keys(export, PHRASE)
    assert main(verify) == 0
    assert capsys.readouterr().out.startswith("VALID")
    checkin.check_in(demo_db, SYSTEM, code)
    assert main(verify) == 1
    assert "Already used" in capsys.readouterr().out
