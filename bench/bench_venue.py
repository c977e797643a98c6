"""The set-up ``bench/concurrency.py`` and ``bench/offers_race.py`` share: a fresh database on
the benchmark server with the arena, its events (the main one and its twins) and one clerk per
desk, a raw PyMySQL connection, and the database dropped at the end. Imports neither of them.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

SERVER_URL = os.environ.get("BOXOFFICE_BENCH_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306")


@dataclass(frozen=True)
class Twin:
    """The raw-booking phase's own event: same layout and price, its own seats."""

    event_id: int
    tier_id: int
    seat_ids: list[int]

    def desk_seats(self, index: int) -> list[int]:
        """Desk *index*'s own sixteenth of the seats (no other desk books them)."""
        per_desk = len(self.seat_ids) // 16
        return self.seat_ids[(index % 16) * per_desk : (index % 16 + 1) * per_desk]


# The booking mix runs once per schema variant (each in its own fresh database, same seed), so
# what a constraint costs reads as a ratio of one run: the schema as shipped, the same without
# the live-seat unique index, and the same with the foreign keys to event that the schema leaves
# out (booking, ticket and hold -> event; see Booking.event_id).
VARIANTS: dict[str, list[str]] = {
    "index": [],
    "no-index": ["ALTER TABLE ticket DROP INDEX uq_ticket_live_seat_id"],
    "event-fk": [
        f"ALTER TABLE {table} ADD CONSTRAINT fk_{table}_event_id_event"
        " FOREIGN KEY (event_id) REFERENCES event (id)"
        for table in ("booking", "ticket", "hold")
    ],
}


def create_database(
    processes: int, seats: int, variant: str = "index"
) -> tuple[str, str, int, list[int], list[int], tuple[Twin, ...]]:
    """A fresh migrated database with one event of *seats* seats (and its twins for the raw and
    the service booking phases) and one clerk per desk, its schema altered as *variant* says."""
    from boxoffice.db import migrate
    from boxoffice.db.database import Database

    name = f"boxoffice_bench_{secrets.token_hex(4)}"
    server = create_engine(SERVER_URL)
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    server.dispose()
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    migrate.upgrade(db.engine)
    event_id, seat_ids, clerk_ids, twin = db.run(lambda s: _populate(s, processes, seats))
    with db.engine.begin() as conn:
        for ddl in VARIANTS[variant]:
            conn.exec_driver_sql(ddl)
    db.dispose()
    return name, url, event_id, seat_ids, clerk_ids, twin


def _populate(
    s: Session, processes: int, seats: int
) -> tuple[int, list[int], list[int], tuple[Twin, ...]]:
    from boxoffice.db.models import Seat, SeatLayout, Section, Venue
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.domain.clock import utcnow
    from boxoffice.domain.layout import SectionSpec, seat_spots
    from boxoffice.domain.roles import Role
    from boxoffice.services.people.staff import add_user_in

    clerks = [
        add_user_in(s, SYSTEM, f"desk{i:02d}", Role.CLERK, "bench-pass-1234", rounds=4).id
        for i in range(processes)
    ]
    now = utcnow()
    venue = Venue(name="Bench Arena", address="")
    s.add(venue)
    s.flush()
    layout = SeatLayout(venue_id=venue.id, name="Main", stage_x=0.0, stage_y=-3.0)
    s.add(layout)
    s.flush()
    per_row = 50
    rows = max(1, seats // per_row)
    section = Section(layout_id=layout.id, name="Floor", row_count=rows, seats_per_row=per_row)
    s.add(section)
    s.flush()
    spots = seat_spots(SectionSpec("Floor", rows, per_row))
    s.execute(
        insert(Seat),
        [
            dict(
                layout_id=layout.id,
                section_id=section.id,
                row_label=p.row_label,
                row_index=p.row_index,
                number=p.number,
                x=p.x,
                y=p.y,
                accessible=False,
                restricted_view=False,
                blocked=False,
            )
            for p in spots
        ],
    )
    starts = now + timedelta(days=30)
    event_id, _tier, ids = make_event(s, layout.id, venue.id, starts, len(spots), "Benchmark Night")
    twin = Twin(*make_event(s, layout.id, venue.id, starts, len(spots), "Benchmark Twin"))
    third = Twin(*make_event(s, layout.id, venue.id, starts, len(spots), "Benchmark Services"))
    walk_raw = Twin(*make_event(s, layout.id, venue.id, starts, len(spots), "Benchmark Walk-up"))
    walk = Twin(*make_event(s, layout.id, venue.id, starts, len(spots), "Benchmark Walk-up 2"))
    return event_id, ids, clerks, (twin, third, walk_raw, walk)


def make_event(
    s: Session, layout_id: int, venue_id: int, starts: datetime, capacity: int, title: str
) -> tuple[int, int, list[int]]:
    """An on-sale event of the layout with one price tier: (event id, tier id, event_seat ids)."""
    from boxoffice.db.models import Event, EventSeat, PriceTier, Seat
    from boxoffice.domain.clock import utcnow

    now = utcnow()
    event = Event(
        title=title,
        description="",
        venue_id=venue_id,
        layout_id=layout_id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        sales_open_at=now - timedelta(days=1),
        sales_close_at=starts,
        status="scheduled",
        capacity=capacity,
        min_price=Decimal("40.00"),
        max_price=Decimal("40.00"),
        created_at=now,
        updated_at=now,
    )
    s.add(event)
    s.flush()
    tier = PriceTier(event_id=event.id, name="Standard", price=Decimal("40.00"), sort_order=0)
    s.add(tier)
    s.flush()
    seat_rows = s.execute(select(Seat.id).where(Seat.layout_id == layout_id).order_by(Seat.id))
    s.execute(
        insert(EventSeat),
        [
            dict(event_id=event.id, seat_id=sid, tier_id=tier.id, status="available", version=0)
            for (sid,) in seat_rows
        ],
    )
    ids = list(
        s.scalars(select(EventSeat.id).where(EventSeat.event_id == event.id).order_by(EventSeat.id))
    )
    return event.id, tier.id, ids


def drop_database(name: str) -> None:
    server = create_engine(SERVER_URL)
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    server.dispose()


def connect(url: str) -> Any:
    import pymysql

    parsed = make_url(url)
    return pymysql.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
        database=parsed.database,
        autocommit=False,
    )
