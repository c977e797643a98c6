"""A sale with ticket types, fees and tax: cart, checkout, receipt, reports and refunds agree,
to the cent (2 Adult + 2 Child, a per-ticket fee that is not refundable, a refundable order
fee, 20 % tax added to the prices)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import TicketType
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.domain.tender import CardTender
from boxoffice.services import bookings, events
from boxoffice.services.events import FeeSetup, PricingSetup
from boxoffice.services.integrity import check_database
from boxoffice.services.reports import sales_report
from boxoffice.services.reports.period import Period
from boxoffice.services.sales import holds, set_ticket_type
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.tickets.data import get_booking_print
from boxoffice.services.tickets.layout import Page, Text, stock
from boxoffice.services.tickets.receipt import receipt_pages
from tests.services.sales_support import cash, make_seated_event, make_staff

D = Decimal


def _setup(db: Database, event_id: int, inclusive: bool) -> dict[str, int]:
    tiers = [t[0] for t in events.pricing_rules(db, SYSTEM, event_id).tiers]
    setup = PricingSetup(
        types=events.standard_types(tiers),
        fees=(
            FeeSetup("Booking fee", FeePer.TICKET, D("1.50"), refundable=False),
            FeeSetup("Handling", FeePer.ORDER, D("2.00"), refundable=True),
        ),
        tax_name="VAT 20%",
        tax_percent=D("20.00"),
        prices_include_tax=inclusive,
    )
    events.save_pricing_rules(db, SYSTEM, event_id, setup)
    rows = db.run(
        lambda s: list(
            s.execute(select(TicketType.name, TicketType.id).where(TicketType.event_id == event_id))
        )
    )
    return {name: type_id for name, type_id in rows}


def _books_balance(db: Database) -> None:
    """`db check` agrees: paid less refunded is the live tickets plus the charges kept."""
    report = check_database(db, SYSTEM, None)
    assert "booking_money" in report.ran
    assert [f.rows for f in report.findings if f.check == "booking_money"] == []


def _texts(pages: list[Page]) -> str:
    return "\n".join(i.text for p in pages for i in p.items if isinstance(i, Text))


def test_two_adults_two_children_with_fees_and_tax_add_up(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)  # Back 30.00 (rows C-D)
    types = _setup(db, ev.id, inclusive=False)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1", "C2", "C3", "C4"))
    hold = set_ticket_type(db, staff.clerk, hold.hold_id, types["Child"], ev.ids("C3", "C4"))
    # tickets 30+30+15+15 = 90, fees 4 x 1.50 + 2.00 = 8, tax 20 % of 98 = 19.60
    assert hold.total == D("117.60")
    fee_total = sum(a.amount for a in hold.quote.by_step("fee"))
    assert fee_total == D("8.00")
    assert sum(a.amount for a in hold.quote.by_step("tax")) == D("19.60")
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "fees-1")
    assert result.total == D("117.60")
    _books_balance(db)

    printed = get_booking_print(db, staff.clerk, result.reference)
    assert sorted(t.ticket_type for t in printed.tickets) == ["Adult", "Adult", "Child", "Child"]
    shown = sum((printed.ticket_price(t) for t in printed.tickets), D("0"))
    assert shown == D("90.00")
    text = _texts(receipt_pages(stock("a4"), printed, UTC))
    for expected in ("Child", "Booking fee", "€6.00", "Handling", "VAT 20% on €98.00", "€19.60"):
        assert expected in text, expected

    today = datetime.now(UTC).date()
    report = sales_report(db, staff.manager, Period(today, today), ev.id)
    by_type = {r.name: (r.tickets_sold, r.gross) for r in report.types}
    # per ticket: Adult 30 + 1.50 fee + 6.30 tax = 37.80; Child 15 + 1.50 + 3.30 = 19.80
    assert by_type == {"Adult": (2, D("75.60")), "Child": (2, D("39.60"))}
    assert {f.name: f.amount for f in report.fees} == {
        "Booking fee": D("6.00"),
        "Handling": D("2.00"),
    }
    [tax] = report.taxes
    assert (tax.rate, tax.net, tax.tax, tax.gross) == (
        "VAT 20%",
        D("98.00"),
        D("19.60"),
        D("117.60"),
    )

    # One Child back: its fee and the fee's tax (1.50 + 0.30) are kept.
    child = next(t.id for t in printed.tickets if t.ticket_type == "Child")
    back = bookings.cancel_tickets(db, staff.clerk, result.reference, [child])
    assert back == D("19.80") - D("1.80")
    _books_balance(db)
    # The rest back: the order fee and its tax (2.00 + 0.40) go back with the last ticket.
    rest = bookings.cancel_booking(db, staff.clerk, result.reference)
    assert rest == 2 * D("37.80") + D("19.80") - 3 * D("1.80") + D("2.40")
    _books_balance(db)  # what is kept is the fees no cancellation refunds


def test_included_tax_is_shown_not_added(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    _setup(db, ev.id, inclusive=True)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"))
    assert hold.total == D("33.50")  # 30 + 1.50 fee + 2.00 order fee, tax inside
    taxes = hold.quote.by_step("tax")
    assert all(a.included for a in taxes)
    assert sum(a.amount for a in taxes) == D("5.58")  # 33.50 x 20 / 120
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "incl-1")
    printed = get_booking_print(db, staff.clerk, result.reference)
    text = _texts(receipt_pages(stock("a4"), printed, UTC))
    assert "incl. VAT 20%: net €27.92, gross €33.50" in text


def test_a_card_fee_is_charged_only_when_paid_wholly_by_card(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    setup = PricingSetup(
        fees=(FeeSetup("Card fee", FeePer.ORDER, D("0.75"), payment_method="card"),),
    )
    events.save_pricing_rules(db, SYSTEM, ev.id, setup)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"))
    assert hold.total == D("30.00")
    assert hold.total_for("card") == D("30.75") and hold.total_for("cash") == D("30.00")
    card = CardTender(D("30.75"), "4242424242424242", 12, 2035, "123", "Ann Smith")
    with pytest.raises(BoxOfficeError):  # the card must cover the fee too
        checkout.checkout(db, staff.clerk, hold.hold_id, [replace(card, amount=D("30.00"))], "c0")
    result = checkout.checkout(db, staff.clerk, hold.hold_id, [card], "card-fee")
    assert result.total == D("30.75")
    other = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C2"))
    paid_cash = checkout.checkout(db, staff.clerk, other.hold_id, cash(other.total), "cash-nofee")
    assert paid_cash.total == D("30.00")


def test_a_split_payment_brings_the_fee_of_each_method_it_uses(db: Database) -> None:
    """Cash and card together: the card part brings the card fee (once), cash none; the receipt
    shows the fee by name."""
    staff = make_staff(db)
    ev = make_seated_event(db)
    setup = PricingSetup(
        fees=(
            FeeSetup("Card fee", FeePer.ORDER, D("0.75"), payment_method="card"),
            FeeSetup("Voucher handling", FeePer.TICKET, D("0.10"), payment_method="voucher"),
        ),
    )
    events.save_pricing_rules(db, SYSTEM, ev.id, setup)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1", "C2"))
    assert hold.total == D("60.00")
    assert hold.total_for_methods(["cash", "card"]) == D("60.75")
    assert hold.total_for_methods(["card", "voucher"]) == D("60.95")
    assert hold.total_for_methods(["cash"]) == D("60.00")
    card = CardTender(D("20.00"), "4242424242424242", 12, 2035, "123", "Ann Smith")
    with pytest.raises(BoxOfficeError, match="still to pay"):  # the fee is due in a split too
        checkout.checkout(db, staff.clerk, hold.hold_id, [card, *cash(D("40.00"))], "split-0")
    result = checkout.checkout(db, staff.clerk, hold.hold_id, [card, *cash(D("40.75"))], "split-1")
    assert result.total == D("60.75")
    _books_balance(db)
    printed = get_booking_print(db, staff.clerk, result.reference)
    text = _texts(receipt_pages(stock("a4"), printed, UTC))
    assert "Card fee" in text and "€0.75" in text
