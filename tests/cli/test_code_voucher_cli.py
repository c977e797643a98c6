"""`boxoffice code add|list|disable` and `boxoffice voucher issue|show` through the entry point."""

from __future__ import annotations

import pytest

from boxoffice.cli import main


def test_code_add_list_disable(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--database-url", db_url, "code"]
    assert (
        main(
            [
                *base,
                "add",
                "spring10",
                "--percent",
                "10",
                "--limit",
                "50",
                "--until",
                "2099-12-31T18:00",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "Created SPRING10: 10% off per ticket.\n"
    assert main([*base, "add", "TENOFF", "--amount", "10", "--per", "order"]) == 0
    assert main([*base, "add", "BAD", "--percent", "150"]) != 0
    assert "at most 100%" in capsys.readouterr().err
    assert main([*base, "disable", "tenoff"]) == 0
    capsys.readouterr()
    assert main([*base, "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Code", "Discount", "Used", "Valid", "until", "(UTC)", "State"]
    assert lines[1].split()[0] == "SPRING10" and "0/50" in lines[1] and "active" in lines[1]
    assert "Dec 31, 2099 18:00" in lines[1]  # for people: the locale's date, not ISO
    assert lines[2].startswith("TENOFF") and lines[2].endswith("disabled")


def test_voucher_issue_and_show(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--database-url", db_url, "voucher"]
    assert main([*base, "issue", "25.00", "--expires", "2099-12-31", "--recipient", "Ann"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    number = first.split()[1]
    code = second.split()[1]
    assert first == f"Voucher {number} worth €25.00" and len(code) == 39
    assert main([*base, "show", code]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == f"Voucher {number}: €25.00 of €25.00, valid until Dec 31, 2099"
    assert "issue" in shown[1] and "€25.00" in shown[1]
    assert main([*base, "show", "V-0000-0000"]) != 0
    assert "no gift voucher" in capsys.readouterr().err


def test_voucher_report(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--database-url", db_url, "voucher"]
    assert main([*base, "issue", "25.00"]) == 0
    assert main([*base, "issue", "15.00"]) == 0
    capsys.readouterr()
    assert main([*base, "report", "--since", "2000-01-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["issued", "2", "€40.00"]
    assert lines[1].split() == ["redeemed", "€0.00"]
    assert lines[2].split()[:2] == ["outstanding", "€40.00"]
    assert lines[4].split()[:3] == ["refunds", "onto", "€0.00"]
