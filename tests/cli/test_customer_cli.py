"""`boxoffice customer export|erase|merge|retention` through the real entry point."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from boxoffice.cli import main
from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer
from boxoffice.domain.clock import utcnow
from boxoffice.services.people import customers
from tests.services.people.data_rights.support import NAME, make_person


def test_export_erase_merge(
    db_url: str, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = make_person(db)
    cid, bob = str(p.customer_id), str(p.bystander_id)
    out = tmp_path / "export"
    out.mkdir()
    assert main(["--database-url", db_url, "customer", "export", cid, "--out", str(out)]) == 0
    written = sorted(out.iterdir())
    assert [f.suffix for f in written] == [".json", ".pdf"]
    assert json.loads(written[0].read_text(encoding="utf-8"))["customer"]["name"] == NAME
    capsys.readouterr()

    # No terminal to confirm on and no --yes: nothing happens.
    assert main(["--database-url", db_url, "customer", "erase", cid, "--reason", "asked"]) == 1
    assert "Nothing was erased" in capsys.readouterr().out
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).name == NAME

    args = ["--database-url", db_url, "customer", "merge", bob, cid, "--yes"]
    assert main(args) == 0
    assert "1 booking and 1 saved card moved" in capsys.readouterr().out

    args = ["--database-url", db_url, "customer", "erase", cid, "--reason", "asked", "--yes"]
    assert main(args) == 0
    assert "2 bookings kept anonymous, 2 saved cards" in capsys.readouterr().out
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).erased

    assert main(["--database-url", db_url, "customer", "erase", "999999", "--reason", "x"]) == 1
    assert "No customer with id 999999" in capsys.readouterr().err


def test_retention_from_cron(db_url: str, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    p = make_person(db)
    then = utcnow() - timedelta(days=3 * 366)
    with db.session() as s:
        s.execute(
            update(Customer)
            .where(Customer.id == p.customer_id)
            .values(created_at=then, marketing_consent_at=then)
        )
        s.execute(update(Booking).values(created_at=then, updated_at=then))
    base = ["--database-url", db_url, "customer", "retention"]
    assert main(base) == 1
    assert "--set-years" in capsys.readouterr().err
    assert main([*base, "--set-years", "2"]) == 0
    assert main([*base, "--dry-run"]) == 0
    out = capsys.readouterr().out
    # Bob's bookings are as old, but he became a customer this week: kept.
    assert "Would anonymise 1 customer inactive" in out and f"Ids: {p.customer_id}\n" in out
    assert main(base) == 0
    assert "Anonymised 1 customer inactive" in capsys.readouterr().out
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).erased
    assert main([*base, "--set-years", "0"]) == 1
    assert "1 to 100" in capsys.readouterr().err
