"""Cash rounding where the currency has no cent coins (CHF to 0.05): the change and cash refunds
are rounded, and what the drawer keeps or gives is a movement, a Z-report line of its own."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from itertools import pairwise

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.cash_rounding import settle_cash
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import format_money
from boxoffice.domain.till import round_cash
from boxoffice.services.sales import payments
from boxoffice.services.tickets.data import load_booking
from boxoffice.services.tickets.layout import Text, stock
from boxoffice.services.tickets.receipt import receipt_pages
from boxoffice.services.till import close_session, current_session, open_session
from boxoffice.services.till.z_report import z_report_lines
from tests.services.payment_helpers import World, make_world
from tests.services.till.support import MANAGER_PASSWORD, require_till, sell_cash

D = Decimal


@pytest.mark.parametrize(
    ("amount", "currency", "cash"),
    [
        ("12.33", "CHF", "12.35"),
        ("12.32", "CHF", "12.30"),
        ("12.325", "CHF", "12.35"),
        ("0.02", "CHF", "0.00"),
        ("12.33", "EUR", "12.33"),
        ("-1.02", "CHF", "-1.00"),
    ],
)
def test_round_cash(amount: str, currency: str, cash: str) -> None:
    assert round_cash(D(amount), currency) == D(cash)


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


def test_chf_change_and_refund_are_rounded_and_the_drawer_adds_up(world: World) -> None:
    require_till(world, "CHF")
    view = open_session(world.db, world.clerk, {"10": 2})
    assert view.currency == "CHF"
    # 12.33 paid with 20: change 7.67 is given as 7.65, the drawer keeps 0.02 more.
    booking = sell_cash(world, "12.33", "20.00")
    # A refund of 4.11 is handed back as 4.10: the drawer keeps 0.01 more.
    world.db.run(lambda s: payments.refund(s, world.clerk, booking, D("4.11"), "one seat"))
    now = current_session(world.db, world.clerk)
    assert now is not None
    assert now.totals.rounding == D("0.03")
    assert now.expected == D("20.00") + D("12.33") - D("4.11") + D("0.03")  # 28.25
    assert now.expected == round_cash(now.expected, "CHF")  # countable in real coins
    kinds = [(m.kind, m.amount) for m in now.movements]
    assert kinds == [
        ("sale", D("12.33")),
        ("round_in", D("0.02")),
        ("refund", D("4.11")),
        ("round_in", D("0.01")),
    ]
    closed = close_session(
        world.db,
        world.clerk,
        now.id,
        {"20": 1, "5": 1, "2": 1, "1": 1, "0.20": 1, "0.05": 1},
        "",
        "maya",
        MANAGER_PASSWORD,
    )
    assert closed.variance == D("0.00")
    lines = {line.left: line.right for line in z_report_lines(world.db, world.clerk, closed.id)}
    assert lines["Cash rounding"] == "CHF0.03"  # as CLDR writes francs in English


def test_chf_counts_refuse_a_one_centime_coin(world: World) -> None:
    require_till(world, "CHF")
    with pytest.raises(ValidationError, match=r"CHF has no note or coin of 0\.01"):
        open_session(world.db, world.clerk, {"0.01": 3})


@pytest.mark.parametrize(
    ("amount", "tendered", "currency", "taken", "change", "rounding"),
    [
        ("42.37", "50.00", "CHF", "50.00", "7.65", "-0.02"),
        ("42.37", "42.37", "CHF", "42.35", "0.00", "-0.02"),  # "exact" is what coins make
        ("42.38", "42.38", "CHF", "42.40", "0.00", "0.02"),
        ("42.35", "50.00", "CHF", "50.00", "7.65", "0.00"),
        ("42.37", "50.00", "EUR", "50.00", "7.63", "0.00"),
    ],
)
def test_settle_cash(
    amount: str, tendered: str, currency: str, taken: str, change: str, rounding: str
) -> None:
    settled = settle_cash(D(amount), D(tendered), currency)
    assert (settled.taken, settled.change, settled.rounding) == (D(taken), D(change), D(rounding))
    assert settled.amount == D(amount)  # the price is never rounded
    assert settled.rounded == (D(rounding) != 0)


def test_chf_exact_cash_is_what_coins_make(world: World) -> None:
    """F9 "Cash exact" for 12.33 in CHF: the customer hands over 12.35; the drawer knows."""
    require_till(world, "CHF")
    open_session(world.db, world.clerk, {"10": 2})
    sell_cash(world, "12.33", "12.33")
    now = current_session(world.db, world.clerk)
    assert now is not None
    assert [(m.kind, m.amount) for m in now.movements] == [
        ("sale", D("12.33")),
        ("round_in", D("0.02")),
    ]
    assert now.expected == D("32.35") == round_cash(now.expected, "CHF")


def test_the_receipt_shows_the_rounding_as_its_own_line(world: World) -> None:
    require_till(world, "CHF")
    open_session(world.db, world.clerk, {"10": 2})
    booking_id = sell_cash(world, "12.33", "20.00")
    printed = world.db.run(lambda s: load_booking(s, booking_id))
    assert printed.cash_currency == "CHF" and printed.total == D("12.33")  # never rounded
    texts = [
        item.text
        for page in receipt_pages(stock("receipt"), printed, UTC)
        for item in page.items
        if isinstance(item, Text)
    ]
    # Tendered 20.00, change 7.67 given as 7.65: the customer paid 0.02 more than the price.
    pairs = dict(pairwise(texts))
    assert pairs["    Change"] == format_money(D("7.65"))
    assert pairs["    Cash rounding"] == format_money(D("0.02"))
    assert pairs["Total"] == format_money(D("12.33"))

    require_till(world, "EUR")  # no rounding in euros: no such line
    printed = world.db.run(lambda s: load_booking(s, booking_id))
    texts = [
        item.text
        for page in receipt_pages(stock("receipt"), printed, UTC)
        for item in page.items
        if isinstance(item, Text)
    ]
    assert "    Cash rounding" not in texts and format_money(D("7.67")) in texts
