"""Per-day report summaries: a report read from them (plus live days) always equals the plain
aggregate over the base tables, whatever happened after a day was summarised.

The histories are written straight into the tables at chosen times (as in
test_reports_support): sales with fees and tax, cancellations with refunds and exchanges on a
later day than the sale, and — what the services never do but a desk with a wrong clock or an
import could — rows and cancellations stamped into days already summarised.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Base,
    Booking,
    Payment,
    PriceTier,
    Refund,
    ReportCoverage,
    ReportTicketDay,
    SaleAdjustment,
    Ticket,
    TicketType,
)
from boxoffice.domain.actor import Actor
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports import summaries
from boxoffice.services.reports.period import Period
from tests.services.sales_support import Staff, make_ga_event, make_staff

BASE = datetime(2026, 3, 1, tzinfo=UTC)  # day 0 of every history
_serial = itertools.count(1)


@dataclass(frozen=True)
class World:
    staff: Staff
    events: tuple[int, ...]
    tiers: dict[int, list[tuple[int, Decimal]]]  # event -> [(tier id, price)]
    types: dict[int, int]  # event -> its ticket type id


def make_world(db: Database) -> World:
    staff = make_staff(db)
    one = make_ga_event(db, (("Stalls", "40.00", 500), ("Circle", "25.50", 500)))
    two = make_ga_event(db, (("Stalls", "30.00", 500), ("Box", "95.00", 500)))

    def work(s: Session) -> World:
        tiers: dict[int, list[tuple[int, Decimal]]] = {}
        types: dict[int, int] = {}
        for ev in (one, two):
            rows = s.scalars(select(PriceTier).where(PriceTier.event_id == ev.id)).all()
            tiers[ev.id] = [(t.id, t.price) for t in sorted(rows, key=lambda t: t.sort_order)]
            kind = TicketType(event_id=ev.id, name="Concession", sort_order=1)
            s.add(kind)
            s.flush()
            types[ev.id] = kind.id
        # the same tier name in two colours: the report shows one colour for the name
        s.execute(update(PriceTier).where(PriceTier.event_id == two.id).values(colour="#aa0000"))
        return World(staff, (one.id, two.id), tiers, types)

    return db.run(work)


def at(day: int, minute: int) -> datetime:
    return BASE + timedelta(days=day, minutes=minute)


def sell(
    db: Database, w: World, event: int, picks: list[int], when: datetime, method: str
) -> list[int]:
    """A paid booking of one ticket per tier index in *picks*, with a fee and tax lines."""

    def work(s: Session) -> list[int]:
        n = next(_serial)
        lines = [w.tiers[event][i % len(w.tiers[event])] for i in picks]
        total = sum((p for _t, p in lines), Decimal("0.00"))
        booking = Booking(
            reference=f"S{n:07d}",
            event_id=event,
            customer_id=None,
            clerk_id=w.staff.clerk.user_id,
            desk="test",
            status="confirmed",
            total=total,
            idempotency_key=f"summary-{n}",
            created_at=when,
            updated_at=when,
        )
        s.add(booking)
        s.flush()
        tickets = [
            Ticket(
                booking_id=booking.id,
                event_id=event,
                tier_id=tier,
                price=price,
                ticket_type_id=w.types[event] if i % 2 else None,
                status="valid",
                code_generation=1,
                issued_at=when,
            )
            for i, (tier, price) in enumerate(lines)
        ]
        s.add_all(tickets)
        s.add(_payment(booking.id, method, total, w, when))
        s.add_all(
            [
                SaleAdjustment(
                    booking_id=booking.id,
                    step="fee",
                    label="Booking fee",
                    amount=Decimal("1.50"),
                    created_at=when,
                ),
                SaleAdjustment(
                    booking_id=booking.id,
                    step="tax",
                    label="VAT 20%",
                    amount=(total / 6).quantize(Decimal("0.01")),
                    base=total - (total / 6).quantize(Decimal("0.01")),
                    included=bool(n % 2),
                    created_at=when,
                ),
            ]
        )
        s.flush()
        return [t.id for t in tickets]

    return db.run(work)


def _payment(booking: int, method: str, amount: Decimal, w: World, when: datetime) -> Payment:
    return Payment(
        booking_id=booking,
        method=method,
        amount=amount,
        tendered=amount if method == "cash" else None,
        change_due=Decimal("0.00") if method == "cash" else None,
        clerk_id=w.staff.clerk.user_id,
        created_at=when,
    )


def cancel(
    db: Database, w: World, ticket_ids: list[int], when: datetime, refund: bool = True
) -> None:
    """Cancel the still-valid ones of *ticket_ids* at *when*, refunding their price (a free
    ticket given back has nothing to refund: *refund* False)."""

    def work(s: Session) -> None:
        for ticket in s.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))):
            if ticket.status != "valid":
                continue
            ticket.status, ticket.cancelled_at = "cancelled", when
            if not refund:
                continue
            s.add(
                Refund(
                    booking_id=ticket.booking_id,
                    method="card",
                    amount=ticket.price,
                    reason="test",
                    clerk_id=w.staff.clerk.user_id,
                    created_at=when,
                )
            )

    db.run(work)


def exchange(db: Database, w: World, ticket_id: int, tier_index: int, when: datetime) -> None:
    """Exchange one valid ticket for one of another tier of its event at *when*: the old is
    cancelled, a new one issued, the difference paid or refunded."""

    def work(s: Session) -> None:
        old = s.get(Ticket, ticket_id)
        assert old is not None
        if old.status != "valid":
            return
        tier, price = w.tiers[old.event_id][tier_index % len(w.tiers[old.event_id])]
        old.status, old.cancelled_at = "cancelled", when
        s.add(
            Ticket(
                booking_id=old.booking_id,
                event_id=old.event_id,
                tier_id=tier,
                price=price,
                ticket_type_id=old.ticket_type_id,
                status="valid",
                code_generation=1,
                issued_at=when,
            )
        )
        difference = price - old.price
        if difference > 0:
            s.add(_payment(old.booking_id, "card", difference, w, when))
        elif difference < 0:
            s.add(
                Refund(
                    booking_id=old.booking_id,
                    method="cash",
                    amount=-difference,
                    reason="exchange",
                    clerk_id=w.staff.clerk.user_id,
                    created_at=when,
                )
            )

    db.run(work)


def assert_equal(
    db: Database, actor: Actor, period: Period, event: int | None, now: datetime
) -> None:
    plain = reports.sales_report(db, actor, period, event, summaries=False)
    summed = reports.sales_report(db, actor, period, event, now=now)
    assert summed == plain


# -- the property -------------------------------------------------------------------------------

minutes = st.integers(min_value=0, max_value=24 * 60 - 1)
days = st.integers(min_value=0, max_value=9)
steps = st.one_of(
    st.tuples(
        st.just("sell"),
        days,
        minutes,
        st.integers(0, 1),
        st.lists(st.integers(0, 3), min_size=1, max_size=3),
        st.sampled_from(["cash", "card", "saved_card"]),
    ),
    st.tuples(st.just("cancel"), days, minutes, st.integers(0, 50), st.booleans()),
    st.tuples(st.just("exchange"), days, minutes, st.integers(0, 50), st.integers(0, 3)),
    st.tuples(st.just("summarise"), st.integers(-840, 840), st.integers(0, 12)),
    st.tuples(st.just("rename"), st.integers(0, 50)),
)


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    script=st.lists(steps, min_size=4, max_size=16),
    offset=st.sampled_from([0, 60, -300, 330, 840, -720]),
    span=st.tuples(days, days),
    by_event=st.booleans(),
)
def test_a_report_from_summaries_equals_the_plain_aggregate(
    db: Database,
    script: list[tuple[Any, ...]],
    offset: int,
    span: tuple[int, int],
    by_event: bool,
) -> None:
    """Sales, later cancellations, refunds and exchanges at any times — also into days summarised
    before — interleaved with summarising at any moment and offset: equal after every step."""
    empty_tables(db)
    w = make_world(db)
    sold: list[int] = []
    first, last = min(span) - 1, max(span) + 1
    period = Period(at(first, 0).date(), at(last, 0).date(), offset)
    event = w.events[0] if by_event else None
    now = at(11, 0)
    for step in script:
        kind = step[0]
        if kind == "sell":
            _k, day, minute, ev, picks, method = step
            sold += sell(db, w, w.events[ev], picks, at(day, minute), method)
        elif kind == "cancel" and sold:
            _k, day, minute, pick, refund = step
            cancel(db, w, [sold[pick % len(sold)]], at(day, minute), refund)
        elif kind == "exchange" and sold:
            _k, day, minute, pick, tier = step
            exchange(db, w, sold[pick % len(sold)], tier, at(day, minute))
        elif kind == "summarise":
            _k, other, upto = step
            summaries.refresh_in(db, other, period.first_day, period.last_day, at(upto, 0))
            summaries.refresh_in(db, offset, period.first_day, period.last_day, at(upto, 0))
        elif kind == "rename":
            tier = w.tiers[w.events[0]][step[1] % 2][0]
            name = f"Renamed {step[1]}"
            db.run(
                lambda s, t=tier, n=name: s.execute(
                    update(PriceTier).where(PriceTier.id == t).values(name=n)
                )
            )
        assert_equal(db, w.staff.manager, period, event, now)


def empty_tables(db: Database) -> None:
    """Every table emptied (children first), for the next example on the same database."""
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))


# -- the cases, one by one ----------------------------------------------------------------------


def _covered(db: Database, offset: int) -> tuple[date, date] | None:
    return db.run(lambda s: summaries.coverage_of(s, offset))


def _summary_rows(db: Database) -> int:
    return int(db.run(lambda s: s.scalar(select(func.count()).select_from(ReportTicketDay))))


def test_a_report_summarises_closed_days_and_reads_today_live(db: Database, world: World) -> None:
    w = world
    for day in range(5):
        sell(db, w, w.events[0], [0, 1], at(day, 600), "cash")
    now = at(4, 700)  # day 4 is today
    period = Period(at(0, 0).date(), at(4, 0).date(), 0)
    assert_equal(db, w.staff.manager, period, None, now)
    assert _covered(db, 0) == (at(0, 0).date(), at(3, 0).date())  # today is not summarised
    rows = _summary_rows(db)
    # a sale today changes nothing summarised, and shows at once
    sell(db, w, w.events[1], [1], at(4, 710), "card")
    assert_equal(db, w.staff.manager, period, None, now)
    assert _summary_rows(db) == rows


def test_a_day_is_closed_only_an_hour_after_its_end_in_its_zone() -> None:
    # 23:30 UTC on 1 March is 00:30 on 2 March at UTC+1: 1 March ended 30 min ago, not closed
    now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert summaries.last_closed_day(60, now) == date(2026, 2, 28)
    assert summaries.last_closed_day(60, now + timedelta(minutes=30)) == date(2026, 3, 1)
    assert summaries.last_closed_day(-300, now) == date(2026, 2, 28)  # 18:30 on 1 March


def test_an_old_sale_refunded_and_exchanged_later_stays_equal(db: Database, world: World) -> None:
    """The refund and the exchange are dated on their own (later) day; the sale's summarised
    day is unchanged."""
    w = world
    tickets = sell(db, w, w.events[0], [0, 0, 1], at(1, 1400), "card")  # 23:20 UTC: day 2 at +60
    period = Period(at(0, 0).date(), at(6, 0).date(), 60)
    assert_equal(db, w.staff.manager, period, None, at(3, 0))
    cancel(db, w, tickets[:1], at(4, 100))
    exchange(db, w, tickets[2], 0, at(5, 1430))  # 23:50 UTC: day 6 at +60
    for event in (None, w.events[0]):
        assert_equal(db, w.staff.manager, period, event, at(6, 600))
    report = reports.sales_report(db, w.staff.manager, period, now=at(8, 0))
    sold = {d.day: d.tickets_sold for d in report.days}
    assert sold[date(2026, 3, 3)] == 3 and sold[date(2026, 3, 7)] == 1


def test_rows_stamped_into_summarised_days_are_read_live_then_resummarised(
    db: Database, world: World
) -> None:
    """A sale dated into a summarised day (a late import, a desk's clock behind) and a
    cancellation stamped into one: the report sees both at once and repairs the summary."""
    w = world
    tickets = sell(db, w, w.events[0], [0, 1], at(1, 600), "cash")
    period = Period(at(0, 0).date(), at(5, 0).date(), -300)
    now = at(6, 600)
    assert_equal(db, w.staff.manager, period, None, now)
    covered = _covered(db, -300)
    assert covered is not None and covered[1] == at(5, 0).date()
    sell(db, w, w.events[1], [1], at(2, 600), "card")  # back-dated insert
    cancel(db, w, tickets[:1], at(3, 600), refund=False)  # back-dated cancellation, no new row
    for event in (w.events[0], None, w.events[1]):
        assert_equal(db, w.staff.manager, period, event, now)
    # repaired: the summaries alone now agree (the marks are past the new rows)
    read = db.run(lambda s: summaries.read_figures(s, period, None))
    assert read.stale == frozenset() and read.summarised_days == period.day_count


def test_verify_repairs_a_summary_edited_by_hand(db: Database, world: World) -> None:
    w = world
    sell(db, w, w.events[0], [0], at(1, 600), "cash")
    summaries.summarise(db, w.staff.manager, [0], days=5, now=at(5, 0))
    db.run(lambda s: s.execute(update(ReportTicketDay).values(sold=ReportTicketDay.sold + 7)))
    result = summaries.verify(db, w.staff.manager, 0)
    assert result.repaired == (at(1, 0).date(),) and result.days == 5
    assert summaries.verify(db, w.staff.manager, 0).repaired == ()
    assert_equal(db, w.staff.manager, Period(at(0, 0).date(), at(4, 0).date()), None, at(5, 0))


def test_summarising_twice_changes_nothing_and_needs_view_reports(
    db: Database, world: World
) -> None:
    w = world
    sell(db, w, w.events[0], [0, 1, 2], at(2, 60), "card")
    first = summaries.summarise(db, w.staff.manager, [0, 60], days=10, now=at(9, 0))
    assert [r.summarised for r in first] == [10, 10]
    again = summaries.summarise(db, w.staff.manager, [0, 60], days=10, now=at(9, 0))
    assert [r.summarised for r in again] == [0, 0]
    cover = db.run(lambda s: s.get(ReportCoverage, 60))
    assert cover is not None and cover.ticket_mark > 0
    from boxoffice.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        summaries.summarise(db, w.staff.clerk, [0])


def test_the_summarise_command_fills_and_verifies(
    db_url: str, demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """``boxoffice reports summarise`` on the demo history: days summarised, then verified
    unchanged (exit 0); a summary row edited by hand is repaired (exit 1), and the report of
    those days equals the plain aggregate throughout."""
    from boxoffice.cli import main
    from boxoffice.domain.actor import SYSTEM

    base = ["--database-url", db_url, "reports", "summarise", "--utc-offset", "60"]
    assert main([*base, "--days", "40"]) == 0
    assert "60: 40 days summarised" in capsys.readouterr().out
    assert main([*base, "--days", "40", "--verify"]) == 0
    assert "repaired: none" in capsys.readouterr().out
    db_url_rows = _summary_rows(demo_db)
    assert db_url_rows > 0
    demo_db.run(lambda s: s.execute(update(ReportTicketDay).values(sold=ReportTicketDay.sold + 1)))
    assert main([*base, "--verify"]) == 1
    assert main([*base, "--verify"]) == 0
    covered = _covered(demo_db, 60)
    assert covered is not None
    period = Period(covered[0], covered[1], 60)
    assert reports.sales_report(demo_db, SYSTEM, period) == reports.sales_report(
        demo_db, SYSTEM, period, summaries=False
    )
    assert main([*base[:-2], "--utc-offset", "900"]) == 2
