"""`boxoffice ticket pdf|verify|codes|reissue` on the demo database."""

from __future__ import annotations

from pathlib import Path

import pytest

from boxoffice.cli import main
from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.services.common import desk_keys
from boxoffice.services.tickets import checkin
from tests.printing.support import demo_bookings, pick, qr_codes_in_pdf


def test_pdf_writes_the_booking(
    db_url: str, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = pick(demo_db, min_tickets=2)
    out = tmp_path / "tickets.pdf"
    args = ["--database-url", db_url, "ticket", "pdf", booking.reference, "-o", str(out)]
    assert main([*args, "--stock", "receipt"]) == 0
    assert f"to {out}" in capsys.readouterr().out
    pages = qr_codes_in_pdf(out)
    assert [p for p in pages if p] == [[t.code] for t in booking.tickets]


def test_pdf_errors_are_messages(
    db_url: str, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--database-url", db_url, "ticket", "pdf"]
    assert main([*base, "NOPE-NOPE", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no booking" in capsys.readouterr().err
    ref = pick(demo_db).reference
    assert main([*base, ref, "-o", str(tmp_path / "missing" / "x.pdf")]) == 1
    assert "Cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main([*base, ref, "-o", "x.pdf", "--stock", "a5"])
    assert exc.value.code == 2


def test_verify_exit_codes_and_reasons(
    db_url: str, demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = pick(demo_db)
    code = booking.tickets[0].code
    verify = ["--database-url", db_url, "ticket", "verify"]
    assert main([*verify, code]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VALID") and booking.reference in out
    # A grouped, lower-case code as typed from the paper.
    assert main([*verify, *[code[i : i + 5].lower() for i in range(0, len(code), 5)]]) == 0
    capsys.readouterr()
    altered = code[:-2] + ("QQ" if code[-2:] != "QQ" else "RR")
    assert main([*verify, altered]) == 1
    assert "NOT VALID: Code not recognised — check the typing." in capsys.readouterr().out
    checkin.check_in(demo_db, SYSTEM, code)
    assert main([*verify, code]) == 1
    assert "Already used at" in capsys.readouterr().out
    cancelled = pick(demo_db, status="cancelled").tickets[0].code
    assert main([*verify, cancelled]) == 1
    assert "Cancelled" in capsys.readouterr().out
    other = pick(demo_db, min_tickets=2).tickets[1]
    elsewhere = next(b for b in demo_bookings(demo_db) if b.event_id != other.event_id)
    assert main([*verify, "--event", str(elsewhere.event_id), other.code]) == 1
    assert "Wrong event: this ticket is for" in capsys.readouterr().out
    assert main([*verify, "--event", str(other.event_id), other.code]) == 0


def test_codes_and_reissue(
    db_url: str, demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = pick(demo_db)
    ticket = booking.tickets[0]
    base = ["--database-url", db_url, "ticket"]
    assert main([*base, "codes", booking.reference]) == 0
    listed = capsys.readouterr().out.replace(" ", "")
    assert ticket.code in listed
    assert main([*base, "reissue", str(ticket.id)]) == 0
    new = capsys.readouterr().out.splitlines()[-1]
    assert new != ticket.code
    assert main([*base, "verify", ticket.code]) == 1
    assert "reissued" in capsys.readouterr().out
    assert main([*base, "verify", new]) == 0


@pytest.mark.parametrize("command", ["pdf", "verify", "codes", "reissue"])
def test_a_desk_with_other_keys_is_refused(
    db_url: str,
    demo_db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """Like the desk's window, the shell refuses to sign or read codes with a key set the other
    desks do not share (its codes would fail at every door), and says how to fix it."""
    booking = pick(demo_db)
    ticket = booking.tickets[0]
    demo_db.run(lambda s: desk_keys.record_fingerprint(s, "0" * 16))
    arg = {
        "pdf": [booking.reference, "-o", str(tmp_path / "t.pdf")],
        "verify": [ticket.code],
        "codes": [booking.reference],
        "reissue": [str(ticket.id)],
    }[command]
    assert main(["--database-url", db_url, "ticket", command, *arg]) == 1
    err = capsys.readouterr().err
    assert "differ from the key set the other desks use" in err
    assert "boxoffice keys import" in err
    assert not (tmp_path / "t.pdf").exists()
    assert demo_db.run(lambda s: desk_keys.server_fingerprint(s)) == "0" * 16
