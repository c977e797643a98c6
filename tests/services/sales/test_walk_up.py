"""The walk-up sale: best N seats (or the seats named) and cash or card in ONE call and ONE
transaction, with every rule of hold + checkout: what it leaves, what it refuses, and desks
racing for the same seats on the real server."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import (
    AuditLog,
    Booking,
    Event,
    EventSeat,
    Hold,
    Payment,
    SaleAdjustment,
    Ticket,
)
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import (
    NotFound,
    PaymentDeclined,
    PaymentError,
    SalesClosed,
    SeatUnavailable,
    SoldOut,
    ValidationError,
)
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.domain.tender import CardTender
from boxoffice.services import events
from boxoffice.services.events import FeeSetup, PricingSetup
from boxoffice.services.integrity import check_database
from boxoffice.services.sales import catalog, gateway, holds, walk_up
from tests.services.sales_support import (
    Staff,
    check_invariants,
    make_ga_event,
    make_seated_event,
    make_staff,
    seat_statuses,
)

D = Decimal
CARD = CardTender(D("0.00"), "4242424242424242", 12, 2035, "123", "Ann Smith")


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _count(db: Database, model: type, *where: object) -> int:
    return int(db.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where))))


def _nothing_sold(db: Database, event_id: int) -> None:
    """A refused sale leaves no trace: no booking, ticket, payment, hold or held seat."""
    assert _count(db, Booking) == 0
    assert _count(db, Ticket) == 0
    assert _count(db, Payment) == 0
    assert _count(db, Hold) == 0
    assert set(seat_statuses(db, event_id).values()) <= {"available", "blocked"}
    check_invariants(db, event_id)


def test_best_seats_for_cash_in_one_call(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)  # rows A-B Front at 50.00, C-D Back at 30.00
    before = catalog.seat_map(db, staff.clerk, ev.id)
    result = walk_up.walk_up_sale(
        db, staff.clerk, ev.id, "walk-1", quantity=2, cash_tendered=D("120.00")
    )
    assert (result.total, result.change_due) == (D("100.00"), D("20.00"))
    assert len(result.ticket_ids) == 2
    states = seat_statuses(db, ev.id)
    sold = sorted(i for i, st in states.items() if st == "sold")
    assert len(sold) == 2 and all(ev.labels[i].startswith("A") for i in sold)  # the front row
    booking = db.run(
        lambda s: s.execute(
            select(Booking.status, Booking.total, Booking.customer_id, Booking.clerk_id).where(
                Booking.id == result.booking_id
            )
        ).one()
    )
    assert tuple(booking) == ("confirmed", D("100.00"), None, staff.clerk.user_id)
    owners = db.run(
        lambda s: set(s.scalars(select(EventSeat.booking_id).where(EventSeat.id.in_(sold))))
    )
    assert owners == {result.booking_id}
    tickets = db.run(
        lambda s: s.execute(
            select(Ticket.event_seat_id, Ticket.price, Ticket.status).where(
                Ticket.booking_id == result.booking_id
            )
        ).all()
    )
    assert sorted(tickets) == [(sold[0], D("50.00"), "valid"), (sold[1], D("50.00"), "valid")]
    pay = db.run(
        lambda s: s.execute(
            select(Payment.method, Payment.amount, Payment.tendered, Payment.change_due)
        ).one()
    )
    assert tuple(pay) == ("cash", D("100.00"), D("120.00"), D("20.00"))
    audit = db.run(
        lambda s: s.execute(
            select(AuditLog.action, AuditLog.detail).where(AuditLog.entity == "booking")
        ).all()
    )
    actions = sorted(a for a, _d in audit)
    assert actions == ["booking.create", "payment.charge"]
    created = json.loads(next(d for a, d in audit if a == "booking.create"))
    assert created["tickets"] == 2 and created["total"] == "100.00"
    assert _count(db, Hold) == 0
    # One published change (the seats went from available to sold; never shown held).
    sold_count, version = db.run(
        lambda s: s.execute(
            select(Event.sold_count, Event.seat_version).where(Event.id == ev.id)
        ).one()
    )
    assert (sold_count, version) == (2, before.version + 1)
    changes = catalog.seat_changes(db, staff.clerk2, ev.id, before.version)
    assert changes.states == {sold[0]: "sold", sold[1]: "sold"}
    check_invariants(db, ev.id)


def test_chosen_seats_by_card_and_tier_choice(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    result = walk_up.walk_up_sale(
        db, staff.clerk, ev.id, "walk-card", seat_ids=ev.ids("D8", "D7"), card=CARD
    )
    assert result.total == D("60.00") and result.change_due == D("0.00")
    pay = db.run(
        lambda s: s.execute(select(Payment.method, Payment.amount, Payment.card_last4)).one()
    )
    assert tuple(pay) == ("card", D("60.00"), "4242")
    assert {seat_statuses(db, ev.id)[i] for i in ev.ids("D7", "D8")} == {"sold"}
    back = walk_up.walk_up_sale(
        db, staff.clerk, ev.id, "walk-tier", quantity=3, tier_id=ev.tiers["Back"]
    )
    assert back.total == D("90.00")
    check_invariants(db, ev.id)


def test_the_same_key_again_sells_nothing_more(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    first = walk_up.walk_up_sale(db, staff.clerk, ev.id, "same", seat_ids=ev.ids("B2"))
    again = walk_up.walk_up_sale(db, staff.clerk, ev.id, "same", seat_ids=ev.ids("B2"))
    best = walk_up.walk_up_sale(db, staff.clerk, ev.id, "same", quantity=1)
    assert again == first and best == first
    assert _count(db, Booking) == 1 and _count(db, Payment) == 1 and _count(db, Ticket) == 1
    check_invariants(db, ev.id)


def test_off_sale_events_are_refused(db: Database, staff: Staff) -> None:
    early = make_seated_event(db, sales_open_in=timedelta(days=1))
    with pytest.raises(SalesClosed, match="open on"):
        walk_up.walk_up_sale(db, staff.clerk, early.id, "k1", quantity=1)
    with pytest.raises(SalesClosed, match="open on"):
        walk_up.walk_up_sale(db, staff.clerk, early.id, "k2", seat_ids=early.ids("A1"))
    _nothing_sold(db, early.id)
    gone = make_seated_event(db, status="cancelled")
    with pytest.raises(SalesClosed, match="cancelled"):
        walk_up.walk_up_sale(db, staff.clerk, gone.id, "k3", seat_ids=gone.ids("A1"))
    with pytest.raises(NotFound, match="no event"):
        walk_up.walk_up_sale(db, staff.clerk, 99_999, "k4", seat_ids=[1])
    ga = make_ga_event(db, tiers=(("Standing", "20.00", 10),))
    with pytest.raises(ValidationError, match="general admission"):
        walk_up.walk_up_sale(db, staff.clerk, ga.id, "k5", quantity=2)
    assert _count(db, Booking) == 0


def test_not_enough_seats_is_refused_and_leaves_nothing(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, rows=2, per_row=4, tiers=(("All", "20.00", 99),))
    with pytest.raises(SoldOut, match="No 5 seats side by side"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k1", quantity=5)
    _nothing_sold(db, ev.id)
    walk_up.walk_up_sale(db, staff.clerk, ev.id, "k2", seat_ids=ev.ids("A2"))
    with pytest.raises(SeatUnavailable, match="A2 is no longer available"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k3", seat_ids=ev.ids("A1", "A2"))
    assert seat_statuses(db, ev.id)[ev.seats["A1"]] == "available"
    walk_up.walk_up_sale(db, staff.clerk, ev.id, "k4", quantity=3)
    walk_up.walk_up_sale(db, staff.clerk, ev.id, "k5", quantity=2)
    with pytest.raises(SoldOut, match="No 2 seats side by side are left in All; 2 single"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k6", quantity=2)
    left = [i for i, st in seat_statuses(db, ev.id).items() if st == "available"]
    walk_up.walk_up_sale(db, staff.clerk, ev.id, "k7", seat_ids=left)
    with pytest.raises(SoldOut, match="Only 0 seats left"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k8", quantity=1)
    assert _count(db, Booking) == 4
    assert set(seat_statuses(db, ev.id).values()) == {"sold"}
    check_invariants(db, ev.id)


def test_bad_tenders_and_arguments_are_refused_clearly(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sale = dict(seat_ids=ev.ids("A1"))
    with pytest.raises(PaymentError, match="less than"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k1", cash_tendered=D("20.00"), **sale)
    with pytest.raises(ValidationError, match="cash or by card"):
        walk_up.walk_up_sale(
            db, staff.clerk, ev.id, "k2", cash_tendered=D("50.00"), card=CARD, **sale
        )
    with pytest.raises(PaymentError, match="amount of money"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k3", cash_tendered=50, **sale)  # type: ignore[arg-type]
    declined = CardTender(D("0"), gateway.DECLINED, 12, 2035, "123", "Bo")
    with pytest.raises(PaymentDeclined, match="declined"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k4", card=declined, **sale)
    with pytest.raises(ValidationError, match="either"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k5", quantity=1, seat_ids=ev.ids("A2"))
    with pytest.raises(ValidationError, match="either"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k6")
    with pytest.raises(ValidationError, match="at least 1"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, "k7", quantity=0)
    with pytest.raises(ValidationError, match="idempotency key"):
        walk_up.walk_up_sale(db, staff.clerk, ev.id, " ", quantity=1)
    _nothing_sold(db, ev.id)


def test_types_fees_and_tax_price_it_as_the_cart_would(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    tiers = [t[0] for t in events.pricing_rules(db, SYSTEM, ev.id).tiers]
    setup = PricingSetup(
        types=events.standard_types(tiers),
        fees=(
            FeeSetup("Booking fee", FeePer.TICKET, D("1.50"), refundable=False),
            FeeSetup("Card fee", FeePer.ORDER, D("0.75"), payment_method="card"),
        ),
        tax_name="VAT 20%",
        tax_percent=D("20.00"),
        prices_include_tax=False,
    )
    events.save_pricing_rules(db, SYSTEM, ev.id, setup)
    cart = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1", "C2"))
    by_cash = walk_up.walk_up_sale(db, staff.clerk, ev.id, "cash", seat_ids=ev.ids("D1", "D2"))
    by_card = walk_up.walk_up_sale(
        db, staff.clerk, ev.id, "card", seat_ids=ev.ids("D3", "D4"), card=CARD
    )
    assert by_cash.total == cart.total_for("cash") > D("60.00")
    assert by_card.total == cart.total_for("card") == by_cash.total + D("0.90")  # fee + tax
    kept = _count(db, SaleAdjustment, SaleAdjustment.booking_id == by_cash.booking_id)
    assert kept >= 3  # two booking fees and the tax
    report = check_database(db, SYSTEM, None)
    assert [f.rows for f in report.findings if f.check == "booking_money"] == []
    check_invariants(db, ev.id)


def test_a_clerk_without_the_sell_right_or_a_signed_in_account_is_refused(
    db: Database, staff: Staff
) -> None:
    from boxoffice.domain.errors import PermissionDenied

    ev = make_seated_event(db)
    with pytest.raises(PermissionDenied):
        walk_up.walk_up_sale(db, SYSTEM, ev.id, "sys", quantity=1)
    _nothing_sold(db, ev.id)


class _CancelDuringAuthorisation:
    """A gateway that approves, but a manager cancels the event while the card is read."""

    def __init__(self, db: Database, event_id: int) -> None:
        self.inner = gateway.OfflineTestGateway()
        self.db, self.event_id = db, event_id
        self.voided: list[str] = []

    def authorize(self, amount: Decimal, card: gateway.CardData, key: str) -> gateway.GatewayResult:
        self.db.run(
            lambda s: s.execute(
                update(Event).where(Event.id == self.event_id).values(status="cancelled")
            )
        )
        return self.inner.authorize(amount, card, key)

    def refund(self, ref: str, amount: Decimal, key: str = "") -> gateway.GatewayResult:
        return self.inner.refund(ref, amount, key)

    def void(self, ref: str) -> None:
        self.voided.append(ref)
        self.inner.void(ref)


@pytest.mark.mysql
def test_an_event_cancelled_while_the_card_is_read_sells_nothing(mysql_url: str) -> None:
    from tests.conftest import _empty_tables

    db = Database(mysql_url)
    try:
        _empty_tables(db)
        staff = make_staff(db)
        ev = make_seated_event(db)
        fake = _CancelDuringAuthorisation(db, ev.id)
        previous = gateway.use_gateway(fake)
        try:
            with pytest.raises(SalesClosed, match="cancelled while this sale was being paid"):
                walk_up.walk_up_sale(db, staff.clerk, ev.id, "late", quantity=2, card=CARD)
        finally:
            gateway.use_gateway(previous)
        assert len(fake.voided) == 1  # the approved card payment was given back
        _nothing_sold(db, ev.id)
    finally:
        db.dispose()


@pytest.mark.mysql
def test_desks_racing_for_the_same_seats_never_oversell(mysql_url: str) -> None:
    """Six desks (threads) at once: three want the same two seats, three want the best four of
    a small house; every seat is sold at most once and every loser is told why."""
    from tests.conftest import _empty_tables

    db = Database(mysql_url)
    try:
        _empty_tables(db)
        staff = make_staff(db)
        ev = make_seated_event(db, rows=1, per_row=8, tiers=(("All", "25.00", 99),))
        barrier = threading.Barrier(6)
        won: list[tuple[int, ...]] = []
        refused: list[str] = []
        errors: list[BaseException] = []

        def desk(i: int) -> None:
            actor = (staff.clerk, staff.clerk2)[i % 2]
            barrier.wait()
            try:
                if i < 3:
                    result = walk_up.walk_up_sale(
                        db, actor, ev.id, f"same-{i}", seat_ids=ev.ids("A4", "A5")
                    )
                else:
                    result = walk_up.walk_up_sale(db, actor, ev.id, f"best-{i}", quantity=4)
                won.append(result.ticket_ids)
            except (SeatUnavailable, SoldOut) as exc:
                refused.append(exc.message)
            except BaseException as exc:  # collected: the assertion names it
                errors.append(exc)

        threads = [threading.Thread(target=desk, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(won) + len(refused) == 6 and refused
        sold = [s for s in seat_statuses(db, ev.id).values() if s == "sold"]
        assert len(sold) == sum(len(t) for t in won) <= 8
        assert _count(db, Booking) == len(won) == _count(db, Payment)
        check_invariants(db, ev.id)
    finally:
        db.dispose()
