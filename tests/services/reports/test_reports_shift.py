"""End-of-shift reports: takings per method, refunds, and the cash the drawer should hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.errors import NotFound, PermissionDenied, ValidationError
from boxoffice.services.reports import shift as reports_shift
from tests.services.reports.test_reports_support import Demo, demo_ids, refund_tickets, sell

START = datetime(2020, 3, 1, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=8)


@pytest.fixture
def demo(demo_db: Database) -> Demo:
    return demo_ids(demo_db)


def test_expected_cash_is_taken_minus_change_minus_cash_refunds(
    demo_db: Database, demo: Demo
) -> None:
    hamlet = demo.events["Hamlet"]
    standard, circle = demo.tiers[(hamlet, "Standard")], demo.tiers[(hamlet, "Circle")]
    clerk, other = demo.clerk.user_id or 0, demo.clerk2.user_id or 0
    # 45.00 paid with a 50 note (5.00 change), 30.00 exactly, 45.00 by card.
    sell(demo_db, hamlet, [standard], clerk, START + timedelta(hours=1), tendered=Decimal("50.00"))
    booking, tickets = sell(demo_db, hamlet, [circle], clerk, START + timedelta(hours=2))
    sell(demo_db, hamlet, [standard], clerk, START + timedelta(hours=3), method="card")
    refund_tickets(demo_db, booking, tickets, clerk, START + timedelta(hours=4))
    # Not in this shift: another clerk's sale, and this clerk's sale after the end.
    sell(demo_db, hamlet, [circle], other, START + timedelta(hours=1), tendered=Decimal("100.00"))
    sell(demo_db, hamlet, [circle], clerk, END, tendered=Decimal("100.00"))

    report = reports_shift.shift_report(demo_db, demo.manager, clerk, START, END)
    assert (report.username, report.full_name) == ("clerk", "Carla Clerk")
    assert (report.bookings, report.tickets) == (3, 3)
    cash, card = report.lines
    assert (cash.label, cash.payments, cash.taken) == ("Cash", 2, Decimal("75.00"))
    assert (cash.tendered, cash.change) == (Decimal("80.00"), Decimal("5.00"))
    assert (cash.refunds, cash.refunded) == (1, Decimal("30.00"))
    assert (card.method, card.taken, card.tendered, card.change) == (
        "card",
        Decimal("45.00"),
        Decimal("45.00"),
        Decimal("0.00"),
    )
    assert report.cash_taken == Decimal("80.00")
    assert report.expected_cash == Decimal("80.00") - Decimal("5.00") - Decimal("30.00")
    assert report.net == Decimal("75.00") + Decimal("45.00") - Decimal("30.00")


def test_shift_reports_cover_every_clerk_with_activity(demo_db: Database, demo: Demo) -> None:
    hamlet = demo.events["Hamlet"]
    tier = demo.tiers[(hamlet, "Premium")]
    assert reports_shift.shift_reports(demo_db, demo.manager, START, END) == []
    sell(demo_db, hamlet, [tier], demo.clerk2.user_id or 0, START, method="card")
    booking, tickets = sell(
        demo_db, hamlet, [tier], demo.clerk.user_id or 0, START - timedelta(days=1)
    )
    # The refund falls in the shift although the sale did not.
    refund_tickets(demo_db, booking, tickets, demo.clerk.user_id or 0, START + timedelta(hours=1))
    reports = reports_shift.shift_reports(demo_db, demo.manager, START, END)
    assert [r.username for r in reports] == ["clerk", "clerk2"]
    clerk, clerk2 = reports
    assert (clerk.bookings, clerk.tickets, clerk.expected_cash) == (0, 0, Decimal("-65.00"))
    assert [(line.method, line.payments, line.refunds) for line in clerk.lines] == [("cash", 0, 1)]
    assert (clerk2.bookings, clerk2.expected_cash, clerk2.net) == (
        1,
        Decimal("0.00"),
        Decimal("65.00"),
    )


def test_a_quiet_shift_is_an_empty_report(demo_db: Database, demo: Demo) -> None:
    report = reports_shift.shift_report(demo_db, demo.manager, demo.clerk2.user_id or 0, START, END)
    assert report.lines == () and report.expected_cash == Decimal("0.00")


def test_clerks_see_their_own_shift_only(demo_db: Database, demo: Demo) -> None:
    own = reports_shift.shift_report(demo_db, demo.clerk, demo.clerk.user_id or 0, START, END)
    assert own.username == "clerk"
    with pytest.raises(PermissionDenied):
        reports_shift.shift_report(demo_db, demo.clerk, demo.clerk2.user_id or 0, START, END)
    with pytest.raises(PermissionDenied):
        reports_shift.shift_reports(demo_db, demo.clerk, START, END)
    with pytest.raises(PermissionDenied):
        reports_shift.shift_clerks(demo_db, demo.clerk)


def test_bad_input(demo_db: Database, demo: Demo) -> None:
    with pytest.raises(ValidationError, match="ends before"):
        reports_shift.shift_report(demo_db, demo.manager, demo.clerk.user_id or 0, END, START)
    with pytest.raises(NotFound):
        reports_shift.shift_report(demo_db, demo.manager, 999_999, START, END)


def test_shift_clerks_lists_all_staff(demo_db: Database, demo: Demo) -> None:
    clerks = reports_shift.shift_clerks(demo_db, demo.manager)
    assert [c.username for c in clerks] == ["admin", "clerk", "clerk2", "manager"]
    assert clerks[1].label == "Carla Clerk (clerk)"
