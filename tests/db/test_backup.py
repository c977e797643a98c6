"""``boxoffice db backup|restore``: a backup taken while a desk sells restores to a database that
checks clean and holds every booking committed before the backup started; bad input is refused."""

from __future__ import annotations

import os
import secrets
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url

from boxoffice.cli import main
from boxoffice.db import backup
from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Payment, Ticket
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import cash, check_invariants, make_seated_event, make_staff

SELLING_SECONDS = 2.0


@pytest.fixture
def copy_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the same kind as *db_url* to restore into."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'copy.sqlite3'}"
        return
    name = f"{url.database}_copy_{secrets.token_hex(3)}"
    server = create_engine(url.set(database=""))
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


def _tickets_per_booking(db: Database) -> dict[int, int]:
    return db.run(
        lambda s: dict(
            s.execute(
                select(Booking.id, func.count(Ticket.id))
                .outerjoin(Ticket, Ticket.booking_id == Booking.id)
                .group_by(Booking.id)
            ).all()
        )
    )


def _payments_per_booking(db: Database) -> dict[int, int]:
    return db.run(
        lambda s: dict(
            s.execute(select(Payment.booking_id, func.count()).group_by(Payment.booking_id)).all()
        )
    )


def test_backup_during_sales_restores_complete_and_clean(
    db: Database, db_url: str, copy_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if db.engine.dialect.name == "sqlite":
        # Every sale stays in the -wal file (no checkpoint): a backup that copied the main
        # file alone would lose them, whatever the timing.
        @event.listens_for(db.engine, "connect")
        def _no_checkpoint(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

    staff = make_staff(db)
    ev = make_seated_event(
        db, rows=20, per_row=20, tiers=(("Front", "40.00", 5), ("Rest", "25.00", 99))
    )
    seats = list(ev.seats.values())
    sold: list[tuple[int, float]] = []  # (booking id, when its checkout returned)
    failures: list[BaseException] = []
    stop = threading.Event()

    def sell(pair: list[int], key: str) -> None:
        hold = holds.hold_seats(db, staff.clerk2, ev.id, pair)
        result = checkout.checkout(db, staff.clerk2, hold.hold_id, cash(hold.total), key)
        sold.append((result.booking_id, time.monotonic()))

    for i in range(3):  # committed long before the backup
        sell(seats[2 * i : 2 * i + 2], f"before-{i}")

    def desk() -> None:
        try:
            deadline = time.monotonic() + SELLING_SECONDS
            i = 3
            while time.monotonic() < deadline and not stop.is_set() and 2 * i + 2 <= len(seats):
                sell(seats[2 * i : 2 * i + 2], f"desk-{i}")
                i += 1
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    seller = threading.Thread(target=desk)
    seller.start()
    try:
        while len(sold) < 6 and seller.is_alive():  # the desk is well into its sales
            time.sleep(0.01)
        started = time.monotonic()
        file = tmp_path / "backup.dump"
        assert main(["--database-url", db_url, "db", "backup", str(file)]) == 0
        finished = time.monotonic()
    finally:
        seller.join(SELLING_SECONDS + 30)
        stop.set()
    assert not failures, failures
    assert "Backed up" in capsys.readouterr().out
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    # The desk really was selling around the backup (before it and after it returned).
    assert any(t < started for _b, t in sold[3:])
    assert any(t > finished for _b, t in sold)

    assert main(["--database-url", copy_url, "db", "restore", str(file)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert main(["--database-url", copy_url, "db", "check"]) == 0, capsys.readouterr().out

    copy = Database(copy_url)
    try:
        check_invariants(copy, ev.id)
        original_tickets = _tickets_per_booking(db)
        copied_tickets = _tickets_per_booking(copy)
        committed_before = {b for b, t in sold if t < started}
        assert committed_before <= copied_tickets.keys(), "bookings lost by the backup"
        assert copied_tickets.keys() <= original_tickets.keys()
        # Each booking of the copy is whole: all its tickets and its payment, none half-written.
        for booking, count in copied_tickets.items():
            assert count == original_tickets[booking] == 2, booking
        assert _payments_per_booking(copy) == {
            b: n for b, n in _payments_per_booking(db).items() if b in copied_tickets
        }
    finally:
        copy.dispose()


def test_restore_refuses_a_database_with_data(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_staff(db)
    file = tmp_path / "backup.dump"
    assert main(["--database-url", db_url, "db", "backup", str(file)]) == 0
    capsys.readouterr()
    make_seated_event(db)  # written after the backup: a restore would remove it
    assert main(["--database-url", db_url, "db", "restore", str(file)]) == 1
    assert "is not empty; nothing was changed" in capsys.readouterr().err
    assert backup.has_data(db.engine)
    events = db.run(lambda s: s.scalar(text("SELECT count(*) FROM event")))
    assert events == 1

    assert main(["--database-url", db_url, "db", "restore", "--force", str(file)]) == 0
    assert "previous data was replaced" in capsys.readouterr().out
    db.dispose()
    assert db.run(lambda s: s.scalar(text("SELECT count(*) FROM event"))) == 0
    assert db.run(lambda s: s.scalar(text("SELECT count(*) FROM staff_user"))) == 3


def test_bad_input_is_a_message_and_exit_1(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_staff(db)
    file = tmp_path / "backup.dump"
    assert main(["--database-url", db_url, "db", "backup", str(file)]) == 0
    capsys.readouterr()
    other = "mysql" if db_url.startswith("sqlite") else "sqlite"
    foreign = tmp_path / "foreign.dump"
    foreign.write_bytes(b"SQLite format 3\x00" if other == "sqlite" else b"-- MariaDB dump 10.19\n")
    junk = tmp_path / "notes.txt"
    junk.write_text("hello\n")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    cases = [
        (["backup", str(file)], "exists already"),
        (["backup", str(tmp_path / "missing" / "x.dump")], "does not exist"),
        (["restore", "--force", str(tmp_path / "missing.dump")], "does not exist"),
        (["restore", "--force", str(junk)], "is not a boxoffice backup"),
        (["restore", "--force", str(foreign)], "restore it into a database of the same kind"),
    ]
    if os.geteuid() != 0:  # root writes anywhere
        cases.append((["backup", str(locked / "x.dump")], "permission denied"))
    for args, message in cases:
        assert main(["--database-url", db_url, "db", *args]) == 1, args
        captured = capsys.readouterr()
        assert message in captured.err, (args, captured.err)
        assert "Traceback" not in captured.err + captured.out
    assert list(tmp_path.glob(".*.part")) == []  # no temporary file left behind


@pytest.mark.mysql
def test_mysql_tools_missing_is_a_message(
    mysql_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_url = mysql_url
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    file = tmp_path / "backup.dump"
    assert main(["--database-url", db_url, "db", "backup", str(file)]) == 1
    assert "apt-get install mariadb-client" in capsys.readouterr().err
    assert not file.exists()


def test_credentials_go_in_a_private_defaults_file() -> None:
    url = make_url('mysql+pymysql://app:s3cr%23t%20"x@db1:3307/boxoffice')
    with backup._defaults_file(url) as name:
        path = Path(name)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        body = path.read_text()
    assert not path.exists()
    assert 'password="s3cr#t \\"x"' in body
    assert 'host="db1"' in body and "port=3307" in body and "protocol=TCP" in body
