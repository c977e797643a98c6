"""A season: several events on one seat layout (the same seats each night)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, PriceTier, Seat
from tests.services.sales_support import SeatedEvent, make_seated_event


@dataclass(frozen=True)
class Season:
    event_ids: list[int]
    seats: dict[str, int]  # "A1" -> layout seat id
    first: SeatedEvent


def make_season(db: Database, nights: int = 3, rows: int = 4, per_row: int = 8) -> Season:
    """*nights* events a day apart on one layout, tiers Front 50.00 (rows A-B), Back 30.00."""
    first = make_seated_event(db, "Night 1", rows=rows, per_row=per_row)
    ids = [first.id, *clone_events(db, first.id, nights - 1)]

    def work(s: Session) -> Season:
        layout = s.get_one(Event, first.id).layout_id
        seats = {
            f"{label}{num}": sid
            for sid, label, num in s.execute(
                select(Seat.id, Seat.row_label, Seat.number).where(Seat.layout_id == layout)
            )
        }
        return Season(ids, seats, first)

    return db.run(work)


def clone_events(db: Database, base_id: int, count: int, first_day: int = 1) -> list[int]:
    """*count* copies of event *base_id* (same layout, tiers and seats), a day apart."""

    def work(s: Session) -> list[int]:
        base = s.get_one(Event, base_id)
        ids = []
        for n in range(first_day, first_day + count):
            ev = Event(
                title=f"Night {n + 1}",
                description="",
                venue_id=base.venue_id,
                layout_id=base.layout_id,
                starts_at=base.starts_at + timedelta(days=n),
                ends_at=base.ends_at + timedelta(days=n),
                sales_open_at=base.sales_open_at,
                sales_close_at=base.sales_close_at + timedelta(days=n),
                status="scheduled",
                ga_capacity=None,
                capacity=base.capacity,
                min_price=base.min_price,
                max_price=base.max_price,
                created_at=base.created_at,
                updated_at=base.updated_at,
            )
            s.add(ev)
            s.flush()
            tier_map = {}
            for t in s.scalars(select(PriceTier).where(PriceTier.event_id == base_id)):
                nt = PriceTier(
                    event_id=ev.id,
                    name=t.name,
                    price=t.price,
                    sort_order=t.sort_order,
                    ga_capacity=0,
                    ga_sold=0,
                )
                s.add(nt)
                s.flush()
                tier_map[t.id] = nt.id
            rows_ = s.execute(
                select(EventSeat.seat_id, EventSeat.tier_id).where(EventSeat.event_id == base_id)
            ).all()
            s.execute(
                insert(EventSeat),
                [
                    dict(
                        event_id=ev.id,
                        seat_id=sid,
                        tier_id=tier_map[tid],
                        status="available",
                        version=0,
                    )
                    for sid, tid in rows_
                ],
            )
            ids.append(ev.id)
        return ids

    return db.run(work)


def event_seat(db: Database, event_id: int, seat_id: int) -> int:
    return db.run(
        lambda s: s.execute(
            select(EventSeat.id).where(EventSeat.event_id == event_id, EventSeat.seat_id == seat_id)
        ).scalar_one()
    )
