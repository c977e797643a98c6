"""The pricing seam: quotes from lines and ordered steps; refunds and exchanges from the same
types. The steps here are examples of what the next pricing features slot in as."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Ticket
from boxoffice.domain.errors import ValidationError
from boxoffice.services import bookings
from boxoffice.services.sales import holds, pricing
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.pricing import Adjustment, PriceLine, QuoteRequest, pipeline
from tests.services.sales_support import cash, make_seated_event, make_staff

STALLS = PriceLine(11, "Stalls A1", 1, "Stalls", Decimal("40.00"))
CIRCLE = PriceLine(12, "Circle B2", 2, "Circle", Decimal("25.50"))
STANDING = PriceLine(None, "Standing", 3, "Standing", Decimal("12.00"), quantity=3)


def test_a_quote_is_the_lines_at_their_prices_without_steps() -> None:
    quote = pricing.quote(QuoteRequest((STALLS, CIRCLE, STANDING)))
    assert quote.total == Decimal("101.50") == quote.subtotal
    assert quote.adjustments == ()
    assert quote.line_amounts() == (Decimal("40.00"), Decimal("25.50"), Decimal("36.00"))
    assert [s.__module__.rsplit(".", 1)[1] for s in pricing.STEPS] == [
        "ticket_types",
        "discount_codes",
        "fees",
        "tax",
    ]


def concession(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
    """Example ticket-type step: the Circle seat at half price."""
    return [
        Adjustment("ticket type", "Concession", -line.amount / 2, index)
        for index, line in enumerate(request.lines)
        if line.tier_name == "Circle"
    ]


def booking_fee(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
    """Example fee step that sees the steps before it: 1.00 per line, none if discounted."""
    if any(a.step == "ticket type" for a in before):
        return []
    return [Adjustment("fee", "Booking fee", Decimal("1.00") * len(request.lines))]


def test_steps_run_in_order_and_see_what_came_before() -> None:
    lines = (STALLS, CIRCLE)
    quote = pricing.quote(QuoteRequest(lines), [concession, booking_fee])
    assert [a.label for a in quote.adjustments] == ["Concession"]
    assert quote.total == Decimal("52.75")
    assert quote.line_amounts() == (Decimal("40.00"), Decimal("12.75"))
    fee_first = pricing.quote(QuoteRequest(lines), [booking_fee, concession])
    assert fee_first.total == Decimal("54.75")


def test_a_step_may_not_make_fractions_of_cents_or_a_negative_total() -> None:
    def third(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
        return [Adjustment("discount code", "A third off", Decimal("-13.333"))]

    with pytest.raises(ValueError, match="whole cents"):
        pricing.quote(QuoteRequest((STALLS,)), [third])

    def everything(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
        return [Adjustment("voucher", "Gift voucher", Decimal("-50.00"))]

    with pytest.raises(ValidationError):
        pricing.quote(QuoteRequest((STALLS,)), [everything])


def test_refund_and_exchange_quotes() -> None:
    sold = [PriceLine(11, "Stalls A1", 1, "Stalls", Decimal("40.00"))]
    assert pricing.refund_quote(sold).total == Decimal("40.00")
    cheaper = pricing.exchange_quote(sold, [CIRCLE])
    assert cheaper.difference == Decimal("-14.50")
    dearer = pricing.exchange_quote([CIRCLE], [STALLS, CIRCLE])
    assert dearer.difference == Decimal("40.00")


def test_cart_checkout_and_refund_take_the_one_quote(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step added to the pipeline reaches the cart, the checkout total, the tickets' prices
    and the refund of a ticket: no other place computes a price."""

    def fee(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
        return [Adjustment("fee", "Booking fee", Decimal("1.50"), i) for i in range(2)]

    monkeypatch.setattr(pipeline, "STEPS", (fee,))
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "C1"))
    assert [a.label for a in hold.quote.adjustments] == ["Booking fee"] * 2
    assert hold.total == hold.quote.subtotal + Decimal("3.00")
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "pricing-1")
    assert result.total == hold.total
    of_booking = Ticket.booking_id == result.booking_id
    prices = db.run(
        lambda s: list(s.scalars(select(Ticket.price).where(of_booking).order_by(Ticket.id)))
    )
    assert sorted(prices) == sorted(hold.quote.line_amounts())
    refunded = bookings.cancel_tickets(db, staff.clerk, result.reference, result.ticket_ids[:1])
    assert refunded == prices[0]


def test_the_exchange_dialog_quote_comes_from_the_seam() -> None:
    """bookings.exchange_quote: a booking's tickets against a hold, priced by the pipeline."""
    from datetime import UTC, datetime

    from boxoffice.services.bookings import TicketLine, exchange_quote
    from boxoffice.services.sales import HoldInfo

    old = [TicketLine(7, "Stalls A1", "Stalls", Decimal("40.00"), "valid", 11, False, 1)]
    hold = HoldInfo("h", 1, (12,), 1, datetime.now(UTC), pricing.quote_lines([CIRCLE]))
    assert exchange_quote(old, hold).difference == Decimal("-14.50")
    assert exchange_quote(old, None).returned.total == Decimal("40.00")


def test_quote_lines_runs_the_steps_it_is_given() -> None:
    assert pricing.quote_lines([CIRCLE]).total == Decimal("25.50")  # no rules: the tier price
    fee = pricing.quote_lines([CIRCLE], [booking_fee])
    assert fee.total == Decimal("26.50")
    assert [a.label for a in fee.adjustments] == ["Booking fee"]
