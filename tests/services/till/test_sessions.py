"""Till sessions against SQLite and MariaDB: float, cash sales and refunds, pay-ins/outs,
closing with variance and manager sign-off, and the checkout hook."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Payment, TillMovement
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    AuthenticationFailed,
    Conflict,
    PaymentError,
    PermissionDenied,
    ValidationError,
)
from boxoffice.domain.tender import CardTender
from boxoffice.domain.till import TillStatus
from boxoffice.services.sales import payments
from boxoffice.services.till import (
    close_session,
    current_session,
    open_session,
    open_sessions,
    pay_in,
    pay_out,
)
from boxoffice.services.till.report import till_sessions_report
from boxoffice.services.till.z_report import z_report_lines, z_report_pdf
from tests.rows import rows_where
from tests.services.payment_helpers import PAN, World, make_world
from tests.services.till.support import FLOAT, MANAGER_PASSWORD, D, require_till, sell, sell_cash


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


def test_open_with_a_float_counted_by_denomination(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    assert view.status is TillStatus.OPEN
    assert view.float_amount == D("77.00")
    assert view.expected == D("77.00")
    assert view.desk == "desk-1" and view.clerk == "carla"
    again = current_session(world.db, world.clerk)
    assert again is not None and again.id == view.id  # found again, e.g. after a restart
    assert current_session(world.db, world.manager) is None  # another desk


def test_a_desk_has_one_open_session(world: World) -> None:
    open_session(world.db, world.clerk, FLOAT)
    with pytest.raises(Conflict, match="already open"):
        open_session(world.db, world.clerk, {"5": 1})


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"20": -1}, "cannot be negative"),
        ({"3": 1}, "no note or coin of 3"),
        ({"abc": 1}, "not a note or coin"),
        ({"20": 10**7}, "typing slip"),
    ],
)
def test_bad_counts_are_refused_clearly(world: World, counts: dict[str, int], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        open_session(world.db, world.clerk, counts)
    assert current_session(world.db, world.clerk) is None


def test_cash_sales_and_refunds_are_recorded_against_the_session(world: World) -> None:
    open_session(world.db, world.clerk, FLOAT)
    booking = sell_cash(world, "42.50", "50.00")  # change handed back: 42.50 stays
    sell(world, [CardTender(D("10.00"), PAN, 12, 2035, "123", "Ann")], "10.00")  # no cash
    world.db.run(lambda s: payments.refund(s, world.clerk, booking, D("12.50"), "one seat"))
    view = current_session(world.db, world.clerk)
    assert view is not None
    assert (view.totals.sales, view.totals.refunds) == (D("42.50"), D("12.50"))
    assert view.expected == D("77.00") + D("42.50") - D("12.50")
    kinds = [(m.kind, m.amount) for m in view.movements]
    assert kinds == [("sale", D("42.50")), ("refund", D("12.50"))]


def test_cash_is_refused_without_an_open_till_and_card_still_works(world: World) -> None:
    require_till(world)
    with pytest.raises(PaymentError, match="open it in the Till tab"):
        sell_cash(world, "20.00")
    assert rows_where(world.db, Payment) == []  # nothing half-done
    sell(world, [CardTender(D("10.00"), PAN, 12, 2035, "123", "Ann")], "10.00")
    assert len(rows_where(world.db, Payment)) == 1


def test_without_the_setting_cash_works_as_before(world: World) -> None:
    sell_cash(world, "20.00")
    assert rows_where(world.db, TillMovement) == []


def test_cash_refund_needs_the_till_when_required(world: World) -> None:
    open_session(world.db, world.clerk, FLOAT)
    booking = sell_cash(world, "30.00")
    require_till(world)
    view = current_session(world.db, world.clerk)
    assert view is not None
    close_session(
        world.db, world.clerk, view.id, {"50": 2, "5": 1, "2": 1}, "", "maya", MANAGER_PASSWORD
    )
    with pytest.raises(PaymentError, match="handed back from a till"):
        world.db.run(lambda s: payments.refund(s, world.clerk, booking, D("5.00"), "x"))


def test_pay_in_and_out_need_a_reason_and_an_open_till(world: World) -> None:
    with pytest.raises(ValidationError, match="not open"):
        pay_in(world.db, world.clerk, "10.00", "change from the safe")
    open_session(world.db, world.clerk, FLOAT)
    with pytest.raises(ValidationError, match="needs a reason"):
        pay_out(world.db, world.clerk, "5.00", "   ")
    with pytest.raises(ValidationError, match="more than zero"):
        pay_in(world.db, world.clerk, "-5.00", "oops")
    with pytest.raises(ValidationError, match="cannot be paid out"):
        pay_out(world.db, world.clerk, "500.00", "too much")
    pay_in(world.db, world.clerk, "20.00", "change from the safe")
    view = pay_out(world.db, world.clerk, "7.50", "window cleaner")
    assert (view.totals.pay_ins, view.totals.pay_outs) == (D("20.00"), D("7.50"))
    assert view.expected == D("89.50")


def test_close_shows_the_variance_signed_off_by_a_manager(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    sell_cash(world, "23.00", "25.00")
    # expected 100.00; counted 99.00
    closed = close_session(
        world.db,
        world.clerk,
        view.id,
        {"50": 1, "20": 2, "5": 1, "2": 2},
        "",
        "maya",
        MANAGER_PASSWORD,
    )
    assert closed.status is TillStatus.CLOSED
    assert (closed.expected, closed.counted, closed.variance) == (
        D("100.00"),
        D("99.00"),
        D("-1.00"),
    )
    assert closed.manager == "maya" and closed.closed_by == "carla"
    assert current_session(world.db, world.clerk) is None
    actions = [a for a in world.db.run(lambda s: s.scalars(select(AuditLog.action)).all())]
    assert "till.close" in actions and "auth.confirmed" in actions


def test_a_large_variance_needs_a_reason(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    with pytest.raises(ValidationError, match="say why"):
        close_session(world.db, world.clerk, view.id, {"50": 1}, "", "maya", MANAGER_PASSWORD)
    still = current_session(world.db, world.clerk)
    assert still is not None and still.status is TillStatus.OPEN  # nothing lost
    closed = close_session(
        world.db,
        world.clerk,
        view.id,
        {"50": 1},
        "float short at start",
        "maya",
        MANAGER_PASSWORD,
    )
    assert closed.variance == D("-27.00") and closed.variance_reason == "float short at start"


def test_sign_off_needs_a_managers_right_password(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    with pytest.raises(AuthenticationFailed):
        close_session(world.db, world.clerk, view.id, FLOAT, "", "maya", "wrong")
    with pytest.raises(PermissionDenied, match="not a manager"):
        close_session(world.db, world.clerk, view.id, FLOAT, "", "carla", "clerk-pass")
    assert current_session(world.db, world.clerk) is not None


def test_closed_twice_is_refused(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    close_session(world.db, world.clerk, view.id, FLOAT, "", "maya", MANAGER_PASSWORD)
    with pytest.raises(Conflict, match="already closed by carla"):
        close_session(world.db, world.clerk, view.id, FLOAT, "", "maya", MANAGER_PASSWORD)


def test_a_manager_sees_open_sessions_across_desks(world: World) -> None:
    open_session(world.db, world.clerk, FLOAT)
    open_session(world.db, world.manager, {"10": 1})
    views = open_sessions(world.db, world.manager)
    assert {(v.desk, v.float_amount) for v in views} == {
        ("desk-1", D("77.00")),
        ("desk-2", D("10.00")),
    }
    with pytest.raises(PermissionDenied):
        open_sessions(world.db, world.clerk)


def test_another_desk_cannot_close_this_till(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    other = replace(world.clerk, desk="desk-9")
    with pytest.raises(PermissionDenied, match="own desk"):
        close_session(world.db, other, view.id, FLOAT, "", "maya", MANAGER_PASSWORD)


def test_z_report_lines_and_pdf(world: World, tmp_path: Path) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    sell_cash(world, "23.00", "25.00")
    pay_out(world.db, world.clerk, "3.00", "stamps")
    closed = close_session(
        world.db, world.clerk, view.id, {"50": 1, "20": 2, "2": 3}, "", "maya", MANAGER_PASSWORD
    )
    lines = {line.left: line.right for line in z_report_lines(world.db, world.clerk, closed.id)}
    assert lines["Expected"] == "€97.00"
    assert lines["Counted in all"] == "€96.00"
    assert lines["Variance"] == "-€1.00"
    assert lines["  3 × €2"] == "€6.00"
    assert lines["Pay-out: stamps"] == "-€3.00"
    assert lines["Signed off by"] == "maya"
    pdf = z_report_pdf(world.db, world.manager, closed.id)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "z.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "z.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Z-report" in text and "-€1.00" in text and "maya" in text
    with pytest.raises(PermissionDenied):
        z_report_pdf(world.db, replace(world.clerk, desk="desk-7"), closed.id)


def test_till_sessions_report_per_desk_and_clerk(world: World) -> None:
    start = utcnow() - timedelta(minutes=1)
    view = open_session(world.db, world.clerk, FLOAT)
    sell_cash(world, "10.00")
    pay_in(world.db, world.clerk, "5.00", "coins from the bank")
    close_session(world.db, world.clerk, view.id, {"50": 1, "20": 2}, "", "maya", MANAGER_PASSWORD)
    open_session(world.db, world.manager, {"10": 1})
    table = till_sessions_report(world.db, world.manager, start, utcnow() + timedelta(minutes=1))
    assert [r[:2] for r in table.rows] == [("desk-1", "carla"), ("desk-2", "maya")]
    first = dict(zip([c.name for c in table.columns], table.rows[0], strict=True))
    assert (first["Expected"], first["Counted"], first["Variance"]) == (
        D("92.00"),
        D("90.00"),
        D("-2.00"),
    )
    assert first["Reason"] == "pay-in: coins from the bank" and first["Signed off by"] == "maya"
    assert table.rows[1][-1] == "(still open)"
    assert table.totals is not None and table.totals[5] == D("87.00")
    with pytest.raises(PermissionDenied):
        till_sessions_report(world.db, world.clerk, start, utcnow())
