"""`boxoffice db ...` and `boxoffice user add` on a real database, through the real entry point."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boxoffice.cli import main
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.models import Event, StaffUser
from boxoffice.services.people.passwords import verify_password


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("db", "user", "--demo"):
        assert word in out


def test_upgrade_then_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert main(["--database-url", url, "db", "status"]) == 0
    assert "schema none" in capsys.readouterr().out
    assert main(["--database-url", url, "db", "upgrade"]) == 0
    assert main(["--database-url", url, "db", "status"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_reset_demo_needs_confirmation(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal: never assume yes
    assert main(["--database-url", db_url, "db", "reset", "--demo"]) == 1
    assert "Nothing was changed" in capsys.readouterr().out
    db = Database(db_url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 0
    db.dispose()


@pytest.mark.slow
def test_reset_demo_with_yes(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", db_url, "db", "reset", "--demo", "--yes"]) == 0
    assert "clerk / clerk-demo" in capsys.readouterr().out
    db = Database(db_url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 12
    assert not migrate.needs_upgrade(db.engine)
    db.dispose()


def test_user_add_reads_password_from_stdin(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    assert (
        main(
            [
                "--database-url",
                db_url,
                "user",
                "add",
                "dana",
                "--role",
                "Manager",
                "--password-stdin",
            ]
        )
        == 0
    )
    assert "Created manager 'dana'" in capsys.readouterr().out
    db = Database(db_url)
    with db.session() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == "dana")).one()
        assert user.role == "manager"
        assert user.password_hash.startswith("$2")
        assert "correct horse" not in user.password_hash
        assert verify_password("correct horse battery", user.password_hash)
    db.dispose()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["user", "add", "x y", "--role", "clerk", "--password-stdin"],
            "longenough1\n",
            "user name is",
        ),
        (
            ["user", "add", "erin", "--role", "boss", "--password-stdin"],
            "longenough1\n",
            "Unknown role 'boss'",
        ),
        (
            ["user", "add", "erin", "--role", "clerk", "--password-stdin"],
            "short\n",
            "at least 8 characters",
        ),
        (["user", "add", "erin", "--role", "clerk"], "", "use --password-stdin"),
    ],
)
def test_user_add_bad_input(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["--database-url", db_url, *args]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_duplicate_user_is_a_clear_error(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for expected in (0, 1):
        monkeypatch.setattr(sys, "stdin", io.StringIO("longenough1\n"))
        assert (
            main(
                [
                    "--database-url",
                    db_url,
                    "user",
                    "add",
                    "fred",
                    "--role",
                    "clerk",
                    "--password-stdin",
                ]
            )
            == expected
        )
    assert "already a user called 'fred'" in capsys.readouterr().err


def test_commands_refuse_an_unmigrated_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert (
        main(["--database-url", url, "user", "add", "gil", "--role", "clerk", "--password-stdin"])
        == 1
    )
    assert "boxoffice db upgrade" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql+pymysql://root@127.0.0.1:1/x", "Cannot reach the database server"),
        ("mysql+pymysql://nobody:wrong@127.0.0.1:3306/x", "refused the user name or password"),
        ("postgres://what", "Unsupported database URL"),
        ("::not a url::", "is not valid"),
    ],
)
def test_unreachable_or_bad_database_is_a_clear_message(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if "3306" in url:
        pytest.importorskip("pymysql")
        from tests.conftest import MYSQL_SERVER_URL

        if "127.0.0.1:3306" not in MYSQL_SERVER_URL:
            pytest.skip("wrong-password check needs the local server")
    assert main(["--database-url", url, "db", "status"]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert "wrong" not in err  # never echo a password


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "boxoffice", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("boxoffice ")


def test_demo_flag_targets_the_demo_database_only(tmp_path: Path) -> None:
    """`--demo db reset --demo` resets the demo file; plain `db reset --demo` the configured DB."""
    from boxoffice.cli import build_parser
    from boxoffice.cli.common import database_url, demo_url

    parser = build_parser()
    configured = parser.parse_args(["db", "reset", "--demo"])
    assert database_url(configured) != demo_url()
    assert configured.load_demo
    demo = parser.parse_args(["--demo", "db", "reset"])
    assert database_url(demo) == demo_url()
    assert not demo.load_demo


def test_first_admin_from_the_command_line_then_admins_create_with_a_change_forced(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def add(name: str, role: str) -> str:
        monkeypatch.setattr(sys, "stdin", io.StringIO("Quiet-Harbour-Lamp-9\n"))
        args = ["--database-url", db_url, "user", "add", name, "--role", role, "--password-stdin"]
        assert main(args) == 0
        return capsys.readouterr().out

    assert "Created the first admin 'boss'" in add("boss", "admin")
    assert "must change its password" in add("second", "admin")
    db = Database(db_url)
    with db.session() as s:
        forced = dict(s.execute(select(StaffUser.username, StaffUser.must_change_password)).all())
    db.dispose()
    assert forced == {"boss": False, "second": True}


def test_db_check_exit_code_follows_the_findings(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", db_url, "db", "check"]) == 0
    assert "clean" in capsys.readouterr().out
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO email_outbox (kind, dedupe_key, to_addr, subject, body_text, body_html,"
            " booking_id, attachment_name, status, attempts, next_attempt_at, last_error,"
            " created_at) VALUES ('confirmation', 'k1', 'a@example.com', 's', 'b', '', 424242,"
            " '', 'pending', 0, '2026-01-01 00:00:00', '', '2026-01-01 00:00:00')"
        )
    db.dispose()
    assert main(["--database-url", db_url, "db", "check"]) == 1
    out = capsys.readouterr().out
    assert "FAIL outbox_bookings_exist" in out and "booking 424242 is missing" in out
