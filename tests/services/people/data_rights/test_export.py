"""Export: everything held about a customer, as JSON and a readable PDF; audited; managers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog
from boxoffice.domain.errors import NotFound, PermissionDenied
from boxoffice.services.people.data_rights import export_customer, export_customer_to
from tests.services.people.data_rights.support import (
    ADDRESS,
    EMAIL,
    HOLDER,
    NAME,
    PHONE,
    make_person,
)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_export_holds_everything_and_nothing_of_others(db: Database, tmp_path: Path) -> None:
    p = make_person(db)
    export = export_customer(db, p.staff.manager, p.customer_id)
    data = json.loads(export.json_text)
    person = data["customer"]
    assert (person["name"], person["email"], person["phone"]) == (NAME, EMAIL, PHONE)
    assert person["marketing"]["consented"] is True
    assert person["marketing"]["source"] == "signed form" and person["marketing"]["decided_at"]
    [booking] = data["bookings"]
    assert booking["event"] == "Test Play" and len(booking["tickets"]) == 1
    assert [r["amount"] for r in booking["refunds"]] == ["5.00"]
    assert booking["payments"][0]["method"] == "cash"
    [card] = data["saved_cards"]
    assert (card["last4"], card["cardholder"], card["billing_address"]) == ("4242", HOLDER, ADDRESS)
    assert "4242424242424242" not in export.json_text  # never the card number
    assert [m["kind"] for m in data["emails"]] == ["confirmation"]
    assert {h["action"] for h in data["history"]} >= {"customer.create"}
    assert "Bystander" not in export.json_text and "bob@" not in export.json_text

    json_path, pdf_path = export_customer_to(db, p.staff.manager, p.customer_id, tmp_path)
    assert json.loads(json_path.read_text(encoding="utf-8"))["customer"]["name"] == NAME
    text = " ".join(_pdf_text(pdf_path).split())
    for expected in (NAME, EMAIL, booking["reference"], "signed form", HOLDER):
        assert expected in text
    with db.session() as s:
        exports = s.scalars(
            select(AuditLog.entity_id).where(AuditLog.action == "customer.export")
        ).all()
    assert exports == [p.customer_id, p.customer_id]


def test_export_refused_to_a_clerk_and_unknown_id(db: Database) -> None:
    p = make_person(db)
    with pytest.raises(PermissionDenied):
        export_customer(db, p.staff.clerk, p.customer_id)
    with pytest.raises(NotFound):
        export_customer(db, p.staff.manager, 999_999)
