"""Event series: performances from a pattern and a template; change this and all following."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, PriceTier, TicketType
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.domain.series import Frequency, SeriesPattern, parse_skip_dates
from boxoffice.services.common.local_time import local, venue_zone
from boxoffice.services.events import series
from boxoffice.services.events.editor import create_event
from tests.services.events.test_events_support import make_hall, seated_draft
from tests.services.sales_support import Staff, make_staff


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def test_patterns_make_the_dates_with_exceptions() -> None:
    mon = date(2027, 1, 4)  # a Monday
    weekly = SeriesPattern(mon, mon + timedelta(days=13), Frequency.WEEKLY, frozenset({0, 3}))
    assert weekly.dates() == [mon, mon + timedelta(3), mon + timedelta(7), mon + timedelta(10)]
    daily = SeriesPattern(mon, mon + timedelta(days=4), Frequency.DAILY, skip=frozenset({mon}))
    assert len(daily.dates()) == 4
    assert parse_skip_dates("2027-01-04; 2027-01-05") == {mon, mon + timedelta(1)}
    with pytest.raises(ValidationError, match="not a date"):
        parse_skip_dates("soon")
    with pytest.raises(ValidationError):
        SeriesPattern(mon, mon - timedelta(days=1)).dates()
    with pytest.raises(ValidationError, match="at most"):
        SeriesPattern(mon, mon + timedelta(days=800), Frequency.DAILY).dates()


def _template(db: Database, staff: Staff, title: str = "Tosca") -> int:
    return create_event(db, staff.manager, seated_draft(make_hall(db, f"Hall {title}"), title)).id


def _performances(db: Database, series_id: int) -> list[tuple[int, str]]:
    return [
        (int(i), str(t))
        for i, t in db.run(
            lambda s: s.execute(
                select(Event.id, Event.title)
                .where(Event.series_id == series_id)
                .order_by(Event.starts_at)
            ).all()
        )
    ]


def _daily_run(
    db: Database, staff: Staff, days: int, other_show: bool = False
) -> series.SeriesInfo:
    """A "Run" series of a new Tosca template, daily from its first day for *days* more days
    (and, with *other_show*, an event outside the series made after the template)."""
    ev_id = _template(db, staff)
    if other_show:
        _template(db, staff, "Other show")
    start = db.run(lambda s: s.get(Event, ev_id).starts_at)  # type: ignore[union-attr]
    first = local(start, venue_zone()).date()
    pattern = SeriesPattern(first, first + timedelta(days=days), Frequency.DAILY)
    return series.create_series(db, staff.manager, ev_id, "Run", pattern)


def _count(db: Database, model: Any, event_id: int) -> int:
    query: Any = select(func.count()).select_from(model).where(model.event_id == event_id)
    return int(db.run(lambda s: s.scalar(query)) or 0)


def test_a_weekly_series_copies_the_template(db: Database, staff: Staff) -> None:
    ev_id = _template(db, staff)
    start = db.run(lambda s: s.get(Event, ev_id).starts_at)  # type: ignore[union-attr]
    zone = venue_zone()
    first = local(start, zone).date()
    pattern = SeriesPattern(
        first,
        first + timedelta(days=20),
        Frequency.WEEKLY,
        frozenset({first.weekday(), (first.weekday() + 2) % 7}),
        skip=frozenset({first + timedelta(days=7)}),
    )
    info = series.create_series(db, staff.manager, ev_id, "Tosca winter run", pattern)
    expected = [d for d in pattern.dates()]
    assert len(info.event_ids) == len(expected) and info.event_ids[0] == ev_id
    assert "weekly on" in info.pattern and "except" in info.pattern
    starts = db.run(
        lambda s: [local(s.get(Event, i).starts_at, zone) for i in info.event_ids]  # type: ignore[union-attr]
    )
    assert [s.date() for s in starts] == expected
    assert {s.strftime("%H:%M") for s in starts} == {local(start, zone).strftime("%H:%M")}
    for other in info.event_ids[1:]:
        assert _count(db, EventSeat, other) == _count(db, EventSeat, ev_id)
        assert _count(db, PriceTier, other) == 3
        assert _count(db, TicketType, other) == _count(db, TicketType, ev_id)
    assert series.series_of(db, staff.clerk, info.event_ids[2]) == info
    assert [s.id for s in series.list_series(db, staff.clerk)] == [info.id]
    with pytest.raises(ValidationError, match="already belongs"):
        series.create_series(db, staff.manager, ev_id, "Again", pattern)


def test_change_this_and_all_following(db: Database, staff: Staff) -> None:
    info = _daily_run(db, staff, days=3)
    change = series.FollowingChange(
        title="Tosca (new cast)", tier_prices=(("Front", Decimal("55.00")),)
    )
    changed = series.change_following(db, staff.manager, info.event_ids[2], change)
    assert changed == list(info.event_ids[2:])
    titles = [t for _i, t in _performances(db, info.id)]
    assert titles == ["Tosca", "Tosca", "Tosca (new cast)", "Tosca (new cast)"]
    prices = db.run(
        lambda s: [
            s.scalar(
                select(PriceTier.price).where(PriceTier.event_id == i, PriceTier.name == "Front")
            )
            for i in info.event_ids
        ]
    )
    assert prices == [Decimal("50.00"), Decimal("50.00"), Decimal("55.00"), Decimal("55.00")]
    with pytest.raises(PermissionDenied):
        series.change_following(db, staff.clerk, info.event_ids[0], change)
    with pytest.raises(ValidationError, match="not part of a series"):
        series.change_following(db, staff.manager, _template(db, staff, "Single"), change)


def test_the_event_list_filters_by_series(db: Database, staff: Staff) -> None:
    from boxoffice.services.sales import catalog

    info = _daily_run(db, staff, days=2, other_show=True)
    listed = catalog.search_events(db, staff.clerk, catalog.EventQuery(series_id=info.id))
    assert [e.id for e in listed] == list(info.event_ids)
    everything = catalog.search_events(db, staff.clerk, catalog.EventQuery())
    assert len(everything) == len(info.event_ids) + 1
    assert catalog.count_events(db, staff.clerk, catalog.EventQuery(series_id=info.id)) == 3


def test_the_event_statistics_report_by_series(db: Database, staff: Staff) -> None:
    from boxoffice.services.reports.sales import event_statistics

    info = _daily_run(db, staff, days=1, other_show=True)
    rows = event_statistics(db, staff.manager, series_id=info.id)
    assert [r.event_id for r in rows] == list(info.event_ids)
    assert len(event_statistics(db, staff.manager)) == 3
