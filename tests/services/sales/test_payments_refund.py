"""payments.refund: back to the original methods, never more than was paid."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import AuditLog, Payment, Refund
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import BoxOfficeError, NotFound, PaymentError, ValidationError
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.domain.tender import CardTender, CashTender, Tender
from boxoffice.services.sales import gateway, payments
from boxoffice.services.sales.gateway import OfflineTestGateway
from boxoffice.services.sales.payments import PaymentLine
from tests.services.payment_helpers import PAN, World, booking_in, refunds_of, world

__all__ = ["world"]

D = Decimal


def card(amount: str, number: str = PAN) -> CardTender:
    return CardTender(D(amount), number, 12, 2035, "123", "Ann Smith")


def paid(w: World, tenders: list[Tender], total: str, gw: OfflineTestGateway) -> int:
    def work(s: Session) -> int:
        booking_id = booking_in(s, w, D(total), None)
        payments.charge(s, w.clerk, booking_id, None, tenders, D(total), "k", gateway=gw)
        return booking_id

    return w.db.run(work)


def refund(
    w: World, booking_id: int, amount: str, gw: OfflineTestGateway, ticket_id: int | None = None
) -> list[PaymentLine]:
    return w.db.run(
        lambda s: payments.refund(
            s, w.clerk, booking_id, D(amount), "  changed plans ", ticket_id, gateway=gw
        )
    )


@pytest.fixture
def gw() -> OfflineTestGateway:
    return OfflineTestGateway()


def test_cash_refund(world: World, gw: OfflineTestGateway) -> None:
    booking_id = paid(world, [CashTender(D("30.00"), D("50.00"))], "30.00", gw)
    [line] = refund(world, booking_id, "12.50", gw)
    assert (line.method, line.amount, line.gateway_ref) == (PaymentMethodKind.CASH, D("12.50"), "")
    [row] = refunds_of(world.db, booking_id)
    assert (row.method, row.amount, row.reason, row.clerk_id) == (
        "cash",
        D("12.50"),
        "changed plans",
        world.clerk.user_id,
    )


def test_card_refund_goes_through_the_gateway(world: World, gw: OfflineTestGateway) -> None:
    booking_id = paid(world, [card("40.00")], "40.00", gw)
    [line] = refund(world, booking_id, "40.00", gw)
    assert (line.method, line.brand, line.last4) == (PaymentMethodKind.CARD, "visa", "4242")
    assert line.gateway_ref.startswith("otr_")
    [row] = refunds_of(world.db, booking_id)
    assert row.gateway_ref == line.gateway_ref and row.payment_id is not None


def test_split_refund_takes_cards_first_then_cash(world: World, gw: OfflineTestGateway) -> None:
    tenders: list[Tender] = [CashTender(D("10.00"), D("10.00")), card("15.00")]
    booking_id = paid(world, tenders, "25.00", gw)
    lines = refund(world, booking_id, "20.00", gw)
    assert [(x.method, x.amount) for x in lines] == [
        (PaymentMethodKind.CARD, D("15.00")),
        (PaymentMethodKind.CASH, D("5.00")),
    ]
    lines = refund(world, booking_id, "5.00", gw)
    assert [(x.method, x.amount) for x in lines] == [(PaymentMethodKind.CASH, D("5.00"))]
    with pytest.raises(PaymentError, match=r"only €0.00 .* left to refund"):
        refund(world, booking_id, "0.01", gw)


def test_never_more_than_paid_minus_refunded(world: World, gw: OfflineTestGateway) -> None:
    booking_id = paid(world, [card("20.00")], "20.00", gw)
    with pytest.raises(PaymentError, match=r"Cannot refund €20.01: only €20.00"):
        refund(world, booking_id, "20.01", gw)
    refund(world, booking_id, "8.00", gw)
    with pytest.raises(PaymentError, match=r"only €12.00"):
        refund(world, booking_id, "12.01", gw)
    refund(world, booking_id, "12.00", gw)
    assert sum(r.amount for r in refunds_of(world.db, booking_id)) == D("20.00")


@pytest.mark.parametrize(("amount", "error"), [("0", ValidationError), ("-1", ValidationError)])
def test_refund_amount_must_be_positive(
    world: World, gw: OfflineTestGateway, amount: str, error: type[BoxOfficeError]
) -> None:
    booking_id = paid(world, [card("20.00")], "20.00", gw)
    with pytest.raises(error, match="more than zero"):
        refund(world, booking_id, amount, gw)
    with pytest.raises(ValidationError, match="fractions of a cent"):
        refund(world, booking_id, "0.001", gw)


def test_unknown_booking(world: World, gw: OfflineTestGateway) -> None:
    with pytest.raises(NotFound):
        refund(world, 987_654, "1.00", gw)


def test_failed_card_refund_records_nothing_and_can_be_retried(
    world: World, gw: OfflineTestGateway
) -> None:
    booking_id = paid(world, [card("9.00", gateway.REFUND_FAILS)], "9.00", gw)
    with pytest.raises(PaymentError, match=r"refused the refund\. Nothing was refunded"):
        refund(world, booking_id, "9.00", gw)
    assert refunds_of(world.db, booking_id) == []


def test_rerun_after_rollback_does_not_refund_twice(world: World, gw: OfflineTestGateway) -> None:
    """A refund whose transaction rolled back (deadlock, lost connection) and ran again uses
    the same gateway refund keys: the card is refunded once."""
    booking_id = paid(world, [card("10.00"), card("10.00", "5555555555554444")], "20.00", gw)
    refs: list[str] = []

    def attempt(s: Session) -> None:
        lines = payments.refund(s, world.clerk, booking_id, D("20.00"), "", gateway=gw)
        refs.append(",".join(x.gateway_ref for x in lines))
        if len(refs) == 1:
            raise RuntimeError("lost connection")

    with pytest.raises(RuntimeError):
        world.db.run(attempt)
    world.db.run(attempt)
    assert refs[0] == refs[1]
    assert len(refunds_of(world.db, booking_id)) == 2


def test_refund_rows_link_payment_and_ticket(world: World, gw: OfflineTestGateway) -> None:
    booking_id = paid(world, [CashTender(D("5.00"), D("5.00"))], "5.00", gw)
    refund(world, booking_id, "5.00", gw)
    [row] = refunds_of(world.db, booking_id)
    payment_id = world.db.run(
        lambda s: s.scalar(select(Payment.id).where(Payment.booking_id == booking_id))
    )
    assert (row.payment_id, row.ticket_id) == (payment_id, None)


def test_older_refunds_without_payment_id_count_too(world: World, gw: OfflineTestGateway) -> None:
    booking_id = paid(world, [CashTender(D("5.00"), D("5.00"))], "5.00", gw)

    def legacy(s: Session) -> None:
        s.add(
            Refund(
                booking_id=booking_id,
                payment_id=None,
                method="cash",
                amount=D("4.00"),
                reason="",
                gateway_ref="",
                clerk_id=world.clerk.user_id,
                created_at=utcnow(),
            )
        )

    world.db.run(legacy)
    with pytest.raises(PaymentError, match=r"only €1\.00"):
        refund(world, booking_id, "2.00", gw)


def test_concurrent_refunds_cannot_both_take_the_money(
    world: World, gw: OfflineTestGateway
) -> None:
    """Two desks refunding the whole booking at once: the booking lock lets only one through."""
    booking_id = paid(world, [CashTender(D("50.00"), D("50.00"))], "50.00", gw)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def desk() -> None:
        barrier.wait()
        try:
            refund(world, booking_id, "50.00", gw)
            outcomes.append("ok")
        except PaymentError:
            outcomes.append("refused")

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert sum(r.amount for r in refunds_of(world.db, booking_id)) == D("50.00")


def test_command_line_refund_keeps_the_original_clerk_and_audits_the_system(
    world: World, gw: OfflineTestGateway
) -> None:
    booking_id = paid(world, [card("8.00")], "8.00", gw)
    world.db.run(lambda s: payments.refund(s, SYSTEM, booking_id, D("8.00"), "", gateway=gw))
    [row] = refunds_of(world.db, booking_id)
    assert row.clerk_id == world.clerk.user_id
    audited = world.db.run(
        lambda s: s.execute(
            select(AuditLog.staff_user_id, AuditLog.desk).where(
                AuditLog.action == "payment.refund", AuditLog.entity_id == booking_id
            )
        ).one()
    )
    assert tuple(audited) == (None, "cli")
