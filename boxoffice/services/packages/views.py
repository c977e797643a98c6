"""What the Packages panel shows: the events a manager may bundle, and a package as the clerk
sells it (its nights, prices and the best seats free in all of them) — each one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, PriceTier
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import EventStatus
from boxoffice.services.packages import catalog
from boxoffice.services.sales import inventory as inv

MOST_CHOICES = 500


@dataclass(frozen=True)
class EventChoice:
    id: int
    title: str
    starts_at: datetime
    layout_id: int
    tiers: tuple[str, ...]  # tier names, best first


@dataclass(frozen=True)
class SeatOffer:
    seat_id: int  # the layout seat, the same every night
    label: str  # "Stalls A12"
    tier: str
    price: Decimal  # the package price of this seat


@dataclass(frozen=True)
class PackageView:
    info: catalog.PackageInfo
    events: tuple[tuple[int, str, datetime], ...]  # id, title, start; by event id
    best: tuple[SeatOffer, ...]


def events_to_bundle(db: Database, actor: Actor) -> list[EventChoice]:
    """Seated, scheduled events still to come (by layout, then date): what a package may hold."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> list[EventChoice]:
        rows = s.execute(
            select(Event.id, Event.title, Event.starts_at, Event.layout_id)
            .where(
                Event.layout_id.is_not(None),
                Event.status == EventStatus.SCHEDULED.value,
                Event.starts_at > utcnow(),
            )
            .order_by(Event.layout_id, Event.starts_at)
            .limit(MOST_CHOICES)
        ).all()
        tiers: dict[int, list[str]] = {}
        for event_id, name in s.execute(
            select(PriceTier.event_id, PriceTier.name)
            .where(PriceTier.event_id.in_([r[0] for r in rows]))
            .order_by(PriceTier.sort_order, PriceTier.id)
        ):
            tiers.setdefault(event_id, []).append(name)
        return [
            EventChoice(r[0], r[1], r[2], int(r[3] or 0), tuple(tiers.get(r[0], ()))) for r in rows
        ]

    return db.run(work)


def package_view(db: Database, actor: Actor, package_id: int, most: int = 8) -> PackageView:
    """The package, its nights and up to *most* best seats free in every night, priced."""
    actor.require(Permission.SELL)

    def work(s: Session) -> PackageView:
        info = catalog.load(s, package_id)
        events = tuple(
            (r[0], r[1], r[2])
            for r in s.execute(
                select(Event.id, Event.title, Event.starts_at)
                .where(Event.id.in_(info.event_ids))
                .order_by(Event.id)
            )
        )
        seat_ids = inv.free_in_all(s, info.event_ids, utcnow(), most * 2)
        offers = []
        for seat_id in seat_ids:  # the first night's tier names the package price
            night = inv.seat_in_events(s, seat_id, info.event_ids[:1])[0]
            if night.tier_name in info.prices:
                offers.append((seat_id, night.event_seat_id, night.tier_name))
        names = inv.seat_labels(s, [es for _sid, es, _t in offers])
        best = tuple(
            SeatOffer(sid, names.get(es, "?"), tier, info.prices[tier])
            for sid, es, tier in offers[:most]
        )
        return PackageView(info, events, best)

    return db.run(work)
