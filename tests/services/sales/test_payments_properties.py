"""Property tests for the money rules of payments: change due, split sums, refund limits."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.models import Payment, Refund
from boxoffice.domain.errors import PaymentError
from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender
from boxoffice.services.sales import payments
from boxoffice.services.sales.gateway import OfflineTestGateway
from tests.services.payment_helpers import PAN, World, booking_in, world

__all__ = ["world"]

CENT = Decimal("0.01")
amounts = st.integers(min_value=1, max_value=50_000_00)  # cents
overs = st.integers(min_value=0, max_value=500_00)


def cents(n: int) -> Decimal:
    return Decimal(n) * CENT


@st.composite
def split_tenders(draw: st.DrawFn) -> tuple[list[Tender], Decimal, Decimal]:
    """Tenders, their exact total, and the change the cash among them should give."""
    tenders: list[Tender] = []
    change = Decimal("0.00")
    for _ in range(draw(st.integers(1, 6))):
        amount = cents(draw(amounts))
        kind = draw(st.sampled_from(["cash", "card", "saved"]))
        if kind == "cash":
            over = cents(draw(overs))
            tenders.append(CashTender(amount, amount + over))
            change += over
        elif kind == "card":
            tenders.append(CardTender(amount, PAN, 12, 2035, "123", "A"))
        else:
            tenders.append(SavedCardTender(amount, 1))
    total = sum((t.amount for t in tenders), Decimal("0.00"))
    return tenders, total, change


@given(split_tenders())
def test_change_is_the_sum_of_cash_over_tendered(
    case: tuple[list[Tender], Decimal, Decimal],
) -> None:
    tenders, total, change = case
    due = payments.change_due(tenders, total)
    assert due == change
    assert due >= 0 and due.as_tuple().exponent == -2


@given(split_tenders(), st.integers(1, 1000))
def test_any_mismatch_of_a_cent_or_more_is_refused(
    case: tuple[list[Tender], Decimal, Decimal], off: int
) -> None:
    tenders, total, _ = case
    with pytest.raises(PaymentError, match="still to pay"):
        payments.change_due(tenders, total + cents(off))
    if total - cents(off) >= 0:
        with pytest.raises(PaymentError, match="more than the total"):
            payments.change_due(tenders, total - cents(off))


@given(split_tenders(), st.integers(0, 5), st.integers(-100_00, 0))
def test_a_tender_of_zero_or_less_is_refused(
    case: tuple[list[Tender], Decimal, Decimal], index: int, bad: int
) -> None:
    tenders, total, _ = case
    index %= len(tenders)
    tenders[index] = CashTender(cents(bad), Decimal("0.00"))
    with pytest.raises(PaymentError, match="more than zero"):
        payments.change_due(tenders, total)


@given(split_tenders())
def test_cash_short_of_its_amount_is_refused(case: tuple[list[Tender], Decimal, Decimal]) -> None:
    tenders, total, _ = case
    cash = [i for i, t in enumerate(tenders) if isinstance(t, CashTender)]
    if not cash:
        tenders.append(CashTender(Decimal("1.00"), Decimal("0.99")))
        total += Decimal("1.00")
    else:
        t = tenders[cash[0]]
        tenders[cash[0]] = CashTender(t.amount, t.amount - CENT)
    with pytest.raises(PaymentError, match="less than"):
        payments.change_due(tenders, total)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    paid=st.lists(st.tuples(st.booleans(), st.integers(1, 300_00)), min_size=1, max_size=3),
    requests=st.lists(st.integers(1, 400_00), min_size=1, max_size=6),
)
def test_refunds_never_exceed_what_was_paid(
    world: World, paid: list[tuple[bool, int]], requests: list[int]
) -> None:
    gw = OfflineTestGateway()
    tenders: list[Tender] = [
        CashTender(cents(n), cents(n))
        if is_cash
        else CardTender(cents(n), PAN, 12, 2035, "123", "A")
        for is_cash, n in paid
    ]
    total = sum((t.amount for t in tenders), Decimal("0.00"))

    def sale(s: Session) -> int:
        booking_id = booking_in(s, world, total, None)
        payments.charge(s, world.clerk, booking_id, None, tenders, total, uuid4().hex, gateway=gw)
        return booking_id

    booking_id = world.db.run(sale)
    refunded = Decimal("0.00")
    for n in requests:
        wanted = cents(n)
        try:
            lines = world.db.run(
                partial(
                    payments.refund,
                    actor=world.clerk,
                    booking_id=booking_id,
                    amount=wanted,
                    reason="",
                    gateway=gw,
                )
            )
        except PaymentError:
            assert wanted > total - refunded  # refused only when it would exceed
            continue
        assert wanted <= total - refunded
        assert sum(x.amount for x in lines) == wanted
        refunded += wanted

    def per_payment(s: Session) -> list[tuple[Decimal, Decimal]]:
        back = (
            select(func.coalesce(func.sum(Refund.amount), 0))
            .where(Refund.payment_id == Payment.id)
            .scalar_subquery()
        )
        query = select(Payment.amount, back).where(Payment.booking_id == booking_id)
        return [(Decimal(a), Decimal(b)) for a, b in s.execute(query)]

    pairs = world.db.run(per_payment)
    assert sum((b for _, b in pairs), Decimal("0.00")) == refunded <= total
    assert all(0 <= back <= amount for amount, back in pairs)  # no payment over-refunded
