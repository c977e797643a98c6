"""Event series: performances made from one template event on a pattern of dates, browsed and
changed together ("this and all following").

A series is made in one transaction: every performance copies the template's venue, layout,
tiers and their zones, ticket types with their prices, fees and tax, and keeps the template's
local start time (in the venue's time zone, so a 19:30 show stays 19:30 across a clock change);
the end, sales opening and closing move with the start. The template joins the series.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeries, PriceTier
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.series import Frequency, SeriesPattern
from boxoffice.i18n import _
from boxoffice.services.common import audit, local_time
from boxoffice.services.events.editor import create_event_in
from boxoffice.services.events.pricing_setup import PricingSetup, TypePrice, read_rules, write_rules
from boxoffice.services.events.queries import edit_view
from boxoffice.services.sales.inventory import event_seats as inv

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class SeriesInfo:
    id: int
    name: str
    pattern: str
    event_ids: tuple[int, ...]  # in start order
    first_start: datetime | None
    last_start: datetime | None


@dataclass(frozen=True)
class FollowingChange:
    """What "edit this and all following" changes; None (or no entry) leaves a field alone."""

    title: str | None = None
    description: str | None = None
    tier_prices: tuple[tuple[str, Decimal], ...] = ()  # (tier name, new price)


def describe(pattern: SeriesPattern) -> str:
    if pattern.frequency is Frequency.DAILY:
        what = "daily"
    else:
        days = sorted(pattern.weekdays or {pattern.first.weekday()})
        what = "weekly on " + ", ".join(_DAYS[d] for d in days)
    text = f"{what} from {pattern.first.isoformat()} to {pattern.until.isoformat()}"
    if pattern.skip:
        text += ", except " + ", ".join(d.isoformat() for d in sorted(pattern.skip))
    return text[:400]


def create_series(
    db: Database, actor: Actor, template_event_id: int, name: str, pattern: SeriesPattern
) -> SeriesInfo:
    """Make the performances of *pattern* from the template (its own date is not repeated)."""
    actor.require(Permission.MANAGE_EVENTS)
    title = name.strip()
    if not title:
        raise ValidationError(_("Give the series a name."))
    dates = pattern.dates()

    def work(s: Session) -> SeriesInfo:
        now = utcnow()
        template = s.get(Event, template_event_id)
        if template is None:
            raise NotFound(
                _("There is no event with id {template_event_id}.").format(
                    template_event_id=template_event_id
                )
            )
        if template.series_id is not None:
            raise ValidationError(
                _("{title} already belongs to a series.").format(title=template.title)
            )
        draft = edit_view(s, template, now).draft
        rules = read_rules(s, template.id)
        zone = local_time.venue_zone()
        start_local = local_time.local(template.starts_at, zone)
        series = EventSeries(
            name=title[:200],
            pattern=describe(pattern),
            template_event_id=template.id,
            created_at=now,
        )
        s.add(series)
        s.flush()
        template.series_id = series.id
        made = [template.id]
        for day in dates:
            if day == start_local.date():
                continue  # the template is that performance
            start = datetime.combine(day, start_local.timetz().replace(tzinfo=None), zone)
            shift = start - template.starts_at
            if start <= now:
                raise ValidationError(
                    _("{isoformat} is in the past: start the series later.").format(
                        isoformat=day.isoformat()
                    )
                )
            copy = replace(
                draft,
                starts_at=start,
                ends_at=draft.ends_at + shift,
                sales_open_at=draft.sales_open_at + shift,
                sales_close_at=draft.sales_close_at + shift,
                tiers=tuple(replace(t, id=None) for t in draft.tiers),
            )
            event = create_event_in(s, actor, copy, now)
            event.series_id = series.id
            write_rules(s, event.id, _for_event(s, rules, event.id))
            made.append(event.id)
        s.flush()
        audit.record(
            s,
            actor,
            "series.create",
            "event_series",
            series.id,
            name=title,
            pattern=series.pattern,
            events=len(made),
        )
        return _info(s, series.id)

    return db.run(work)


def series_of(db: Database, actor: Actor, event_id: int) -> SeriesInfo | None:
    """The series *event_id* belongs to, or None."""
    actor.require(Permission.SELL)

    def work(s: Session) -> SeriesInfo | None:
        sid = s.scalar(select(Event.series_id).where(Event.id == event_id))
        return _info(s, int(sid)) if sid is not None else None

    return db.run(work)


def list_series(db: Database, actor: Actor) -> list[SeriesInfo]:
    """Every series, newest first (the filters of the event lists and reports)."""
    actor.require(Permission.SELL)

    def work(s: Session) -> list[SeriesInfo]:
        ids = s.scalars(select(EventSeries.id).order_by(EventSeries.id.desc()))
        return [_info(s, int(i)) for i in ids]

    return db.run(work)


def change_following(
    db: Database, actor: Actor, event_id: int, change: FollowingChange
) -> list[int]:
    """Apply *change* to *event_id* and every later performance of its series; returns the ids
    changed. Prices change only on tiers of that name (the seats keep their tier)."""
    actor.require(Permission.MANAGE_EVENTS)
    if change.title is not None and not change.title.strip():
        raise ValidationError(_("An event needs a title."))
    for tier_name, price in change.tier_prices:
        if price < 0 or price != price.quantize(Decimal("0.01")):
            raise ValidationError(
                _("The price of {tier_name} must be whole cents, not negative.").format(
                    tier_name=tier_name
                )
            )

    def work(s: Session) -> list[int]:
        now = utcnow()
        row = s.execute(
            select(Event.series_id, Event.starts_at).where(Event.id == event_id)
        ).one_or_none()
        if row is None:
            raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
        if row.series_id is None:
            raise ValidationError(_("This event is not part of a series: edit it on its own."))
        ids = list(
            s.scalars(
                select(Event.id)
                .where(Event.series_id == row.series_id, Event.starts_at >= row.starts_at)
                .order_by(Event.starts_at, Event.id)
            )
        )
        values: dict[str, object] = {}
        if change.title is not None:
            values["title"] = change.title.strip()[:200]
        if change.description is not None:
            values["description"] = change.description
        if values:
            values["updated_at"] = now
            s.execute(
                update(Event)
                .where(Event.id.in_(ids))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        for tier_name, price in change.tier_prices:
            s.execute(
                update(PriceTier)
                .where(PriceTier.event_id.in_(ids), PriceTier.name == tier_name)
                .values(price=price)
                .execution_options(synchronize_session=False)
            )
        if change.tier_prices:
            for event in s.scalars(select(Event).where(Event.id.in_(ids))):
                inv.refresh_totals(s, event)  # the catalog's price range
        audit.record(
            s,
            actor,
            "series.change_following",
            "event",
            event_id,
            events=ids,
            title=change.title,
            prices=[f"{n} {p}" for n, p in change.tier_prices],
        )
        return ids

    return db.run(work)


def _for_event(s: Session, rules: PricingSetup, event_id: int) -> PricingSetup:
    """The template's rules with its tier ids swapped for the new event's (by tier name)."""
    old = {tid: name for tid, name, _price in rules.tiers}
    new = dict(
        s.execute(select(PriceTier.name, PriceTier.id).where(PriceTier.event_id == event_id)).all()
    )
    types = tuple(
        replace(
            t,
            prices=tuple(
                TypePrice(new[old[p.tier_id]], p.mode, p.value)
                for p in t.prices
                if old.get(p.tier_id) in new
            ),
        )
        for t in rules.types
    )
    return replace(rules, types=types)


def _info(s: Session, series_id: int) -> SeriesInfo:
    series = s.get(EventSeries, series_id)
    if series is None:
        raise NotFound(_("There is no event series {series_id}.").format(series_id=series_id))
    rows = s.execute(
        select(Event.id, Event.starts_at)
        .where(Event.series_id == series_id)
        .order_by(Event.starts_at, Event.id)
    ).all()
    return SeriesInfo(
        series.id,
        series.name,
        series.pattern,
        tuple(int(r[0]) for r in rows),
        rows[0][1] if rows else None,
        rows[-1][1] if rows else None,
    )
