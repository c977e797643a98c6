"""Sales reports: exact figures for hand-built histories, and agreement with a Python oracle."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Event, Payment, PriceTier, Refund, Ticket
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, PermissionDenied, ValidationError
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports.period import Period, last_days, preset, zone_label
from tests.services.reports.test_reports_support import Demo, demo_ids, refund_tickets, sell

ZERO = Decimal("0.00")
# Hand-built histories live in 2020, years before the demo data (which is near "now").
T0 = datetime(2020, 3, 1, tzinfo=UTC)


@pytest.fixture
def demo(demo_db: Database) -> Demo:
    return demo_ids(demo_db)


def test_period_bounds_are_local_midnights() -> None:
    period = Period(date(2020, 3, 1), date(2020, 3, 7), utc_offset_minutes=60)
    assert period.start == datetime(2020, 2, 29, 23, 0, tzinfo=UTC)
    assert period.end == datetime(2020, 3, 7, 23, 0, tzinfo=UTC)
    assert period.day_count == 7 and period.zone == "UTC+01:00"
    assert zone_label(-330) == "UTC-05:30"
    week = last_days(7, 0, now=datetime(2020, 3, 7, 23, 30, tzinfo=UTC))
    assert (week.first_day, week.last_day) == (date(2020, 3, 1), date(2020, 3, 7))
    # At UTC+1 it is already 8 March.
    assert preset("7d", 60, now=datetime(2020, 3, 7, 23, 30, tzinfo=UTC)).last_day == date(
        2020, 3, 8
    )
    assert preset("1y", 0, now=T0).day_count == 365


@pytest.mark.parametrize(
    ("first", "last", "offset", "message"),
    [
        (date(2020, 3, 2), date(2020, 3, 1), 0, "ends before it starts"),
        (date(2000, 1, 1), date(2020, 1, 1), 0, "at most"),
        (date(2020, 3, 1), date(2020, 3, 2), 15 * 60, "14 hours"),
    ],
)
def test_bad_periods_are_refused(first: date, last: date, offset: int, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Period(first, last, offset)


def test_day_buckets_follow_the_zone_offset(demo_db: Database, demo: Demo) -> None:
    hamlet = demo.events["Hamlet"]
    tier = demo.tiers[(hamlet, "Standard")]
    sell(demo_db, hamlet, [tier], demo.clerk.user_id or 0, datetime(2020, 3, 1, 23, 30, tzinfo=UTC))
    sell(
        demo_db,
        hamlet,
        [tier, tier],
        demo.clerk.user_id or 0,
        datetime(2020, 3, 2, 0, 30, tzinfo=UTC),
    )

    def by_day(offset: int) -> dict[date, int]:
        period = Period(date(2020, 2, 28), date(2020, 3, 4), offset)
        days = reports.sales_report(demo_db, demo.manager, period, hamlet).days
        assert [d.day for d in days] == period.days()  # zero-filled, in order
        return {d.day: d.tickets_sold for d in days if d.tickets_sold}

    assert by_day(0) == {date(2020, 3, 1): 1, date(2020, 3, 2): 2}
    assert by_day(60) == {date(2020, 3, 2): 3}  # 00:30 and 01:30 local
    assert by_day(-60) == {date(2020, 3, 1): 3}  # 22:30 and 23:30 local
    assert by_day(-30) == {date(2020, 3, 1): 1, date(2020, 3, 2): 2}  # 00:00 is the next day
    assert by_day(-31) == {date(2020, 3, 1): 3}  # 23:59 local


def test_period_edges_include_start_and_exclude_end(demo_db: Database, demo: Demo) -> None:
    hamlet = demo.events["Hamlet"]
    tier = demo.tiers[(hamlet, "Circle")]
    period = Period(date(2020, 3, 1), date(2020, 3, 2), 120)
    sell(demo_db, hamlet, [tier], demo.clerk.user_id or 0, period.start)
    sell(demo_db, hamlet, [tier, tier], demo.clerk.user_id or 0, period.end)
    sell(
        demo_db, hamlet, [tier] * 4, demo.clerk.user_id or 0, period.end - timedelta(microseconds=1)
    )
    report = reports.sales_report(demo_db, demo.manager, period, hamlet)
    assert [d.tickets_sold for d in report.days] == [1, 4]


def test_sold_cancelled_and_net_per_day_tier_and_method(demo_db: Database, demo: Demo) -> None:
    hamlet, nut = demo.events["Hamlet"], demo.events["The Nutcracker"]
    premium, standard = demo.tiers[(hamlet, "Premium")], demo.tiers[(hamlet, "Standard")]
    nut_standard = demo.tiers[(nut, "Standard")]
    clerk = demo.clerk.user_id or 0
    booking, tickets = sell(
        demo_db, hamlet, [premium, premium, standard], clerk, T0 + timedelta(hours=10)
    )
    sell(demo_db, hamlet, [standard], clerk, T0 + timedelta(days=1, hours=9), method="card")
    sell(
        demo_db,
        nut,
        [nut_standard] * 2,
        clerk,
        T0 + timedelta(days=1, hours=12),
        method="saved_card",
    )
    refund_tickets(demo_db, booking, tickets[:1], clerk, T0 + timedelta(days=2, hours=15))
    period = Period(date(2020, 3, 1), date(2020, 3, 5))

    overall = reports.sales_report(demo_db, demo.manager, period)
    assert overall.event_title == "All events"
    assert [(d.tickets_sold, d.tickets_cancelled) for d in overall.days] == [
        (3, 0),
        (3, 0),
        (0, 1),
        (0, 0),
        (0, 0),
    ]
    assert overall.days[0].gross == Decimal("175.00")  # 65 + 65 + 45
    assert overall.days[2].net == Decimal("-65.00")
    assert overall.tickets_sold == 6 and overall.tickets_cancelled == 1
    assert overall.net == Decimal("175.00") + Decimal("45.00") + Decimal("90.00") - Decimal("65.00")
    # "Standard" exists in both theatre events: overall it is one row.
    tiers = {t.name: t for t in overall.tiers}
    assert set(tiers) == {"Premium", "Standard"}
    assert (tiers["Standard"].tickets_sold, tiers["Standard"].gross) == (4, Decimal("180.00"))
    assert (tiers["Premium"].net_tickets, tiers["Premium"].net) == (1, Decimal("65.00"))
    assert [t.name for t in overall.tiers] == ["Premium", "Standard"]  # best tier first
    methods = {m.method: m for m in overall.methods}
    assert methods["cash"].paid == Decimal("175.00")
    assert (methods["cash"].refunds, methods["cash"].refunded) == (1, Decimal("65.00"))
    assert methods["cash"].net == Decimal("110.00") and methods["cash"].label == "Cash"
    assert methods["card"].paid == Decimal("45.00") and methods["card"].refunded == ZERO
    assert methods["saved_card"].label == "Saved card"
    assert overall.refunded == Decimal("65.00")

    one = reports.sales_report(demo_db, demo.manager, period, nut)
    assert one.event_title == "The Nutcracker"
    assert one.tickets_sold == 2 and one.tickets_cancelled == 0
    assert [(t.name, t.gross) for t in one.tiers] == [("Standard", Decimal("90.00"))]
    assert [(m.method, m.paid) for m in one.methods] == [("saved_card", Decimal("90.00"))]


def test_an_empty_period_has_zero_days_and_no_rows(demo_db: Database, demo: Demo) -> None:
    period = Period(date(2019, 1, 1), date(2019, 1, 3), 60)
    report = reports.sales_report(demo_db, demo.manager, period)
    assert len(report.days) == 3 and report.gross == ZERO
    assert report.tiers == () and report.methods == ()


def _oracle(db: Database, period: Period, event_id: int | None) -> dict[str, object]:
    """The same figures computed naively in Python from every row (fine for demo sizes)."""

    def local_day(at: datetime) -> date:
        return (at + timedelta(minutes=period.utc_offset_minutes)).date()

    def inside(at: datetime | None) -> bool:
        return at is not None and period.start <= at < period.end

    with db.session() as s:
        tiers = {t.id: t.name for t in s.scalars(select(PriceTier))}
        booking_event = {b: e for b, e in s.execute(select(Ticket.booking_id, Ticket.event_id))}
        days: dict[date, list[object]] = defaultdict(lambda: [0, 0, ZERO, ZERO])
        per_tier: dict[str, list[object]] = defaultdict(lambda: [0, 0, ZERO, ZERO])
        for t in s.scalars(select(Ticket)):
            if event_id is not None and t.event_id != event_id:
                continue
            for i, at in enumerate((t.issued_at, t.cancelled_at)):
                if inside(at):
                    assert at is not None
                    for row in (days[local_day(at)], per_tier[tiers[t.tier_id]]):
                        row[i] = int(row[i]) + 1  # type: ignore[call-overload]
                        row[2 + i] = Decimal(row[2 + i]) + t.price  # type: ignore[arg-type]
        methods: dict[str, list[object]] = defaultdict(lambda: [0, ZERO, 0, ZERO])
        for i, table in enumerate((Payment, Refund)):
            for p in s.scalars(select(table)):
                if inside(p.created_at) and event_id in (None, booking_event.get(p.booking_id)):
                    row = methods[p.method]
                    row[2 * i] = int(row[2 * i]) + 1  # type: ignore[call-overload]
                    row[2 * i + 1] = Decimal(row[2 * i + 1]) + p.amount  # type: ignore[arg-type]
    return {"days": dict(days), "tiers": dict(per_tier), "methods": dict(methods)}


@pytest.mark.parametrize(
    ("range_key", "offset"), [("7d", 0), ("30d", 60), ("30d", -330), ("1y", 0)]
)
def test_reports_agree_with_a_python_oracle(
    demo_db: Database, demo: Demo, range_key: str, offset: int
) -> None:
    """Demo bookings are spread over the last 25 days (cancellations two hours later)."""
    period = preset(range_key, offset)
    for event_id in (None, demo.events["Polar Lights Tour"], demo.events["Indie Showcase"]):
        expected = _oracle(demo_db, period, event_id)
        report = reports.sales_report(demo_db, demo.manager, period, event_id)
        got_days = {
            d.day: [d.tickets_sold, d.tickets_cancelled, d.gross, d.cancelled]
            for d in report.days
            if d.tickets_sold or d.tickets_cancelled
        }
        assert got_days == expected["days"]
        got_tiers = {
            t.name: [t.tickets_sold, t.tickets_cancelled, t.gross, t.cancelled]
            for t in report.tiers
        }
        assert got_tiers == expected["tiers"]
        got_methods = {
            m.method: [m.payments, m.paid, m.refunds, m.refunded] for m in report.methods
        }
        assert got_methods == expected["methods"]
    assert report.tickets_sold > 0  # the demo data really is inside the period


def test_event_statistics(demo_db: Database, demo: Demo) -> None:
    rows = reports.event_statistics(demo_db, demo.manager)
    assert [r.starts_at for r in rows] == sorted(r.starts_at for r in rows)
    with demo_db.session() as s:
        for row in rows:
            event = s.get(Event, row.event_id)
            assert event is not None
            live = [
                t
                for t in s.scalars(select(Ticket).where(Ticket.event_id == row.event_id))
                if t.status in ("valid", "used")
            ]
            assert row.sold == len(live) == event.sold_count
            assert row.revenue == sum((t.price for t in live), ZERO)
            assert row.capacity == event.capacity
            assert row.percent_sold == pytest.approx(100 * len(live) / event.capacity)
    assert len(rows) == 12 and rows[0].title == "Hamlet" and rows[0].venue == "Royal Court Theatre"


def test_event_statistics_hide_past_events_unless_asked(demo_db: Database, demo: Demo) -> None:
    later = utcnow() + timedelta(days=10)
    upcoming = reports.event_statistics(demo_db, demo.manager, now=later)
    assert {r.title for r in upcoming}.isdisjoint({"Hamlet", "Indie Showcase", "Polar Lights Tour"})
    everything = reports.event_statistics(demo_db, demo.manager, include_past=True, now=later)
    assert len(everything) == 12
    assert everything[0].title == "Rock Legends"  # newest first when looking back
    assert len(reports.event_statistics(demo_db, demo.manager, include_past=True, limit=3)) == 3


def test_report_events_lists_upcoming_then_past(demo_db: Database, demo: Demo) -> None:
    later = utcnow() + timedelta(days=10)
    options = reports.report_events(demo_db, demo.manager, now=later)
    assert len(options) == 12
    upcoming = [o for o in options if o.starts_at >= later]
    assert options[: len(upcoming)] == sorted(upcoming, key=lambda o: o.starts_at)
    assert options[len(upcoming)].starts_at < later


def test_reports_need_view_reports(demo_db: Database, demo: Demo) -> None:
    period = preset("7d")
    for call in (
        lambda: reports.sales_report(demo_db, demo.clerk, period),
        lambda: reports.event_statistics(demo_db, demo.clerk),
        lambda: reports.report_events(demo_db, demo.clerk),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_unknown_event_is_not_found(demo_db: Database, demo: Demo) -> None:
    with pytest.raises(NotFound):
        reports.sales_report(demo_db, demo.manager, preset("7d"), 999_999)
