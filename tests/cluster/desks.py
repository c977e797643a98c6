"""Desks selling one event concurrently on cluster nodes, and the checks made afterwards."""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, EventSeat, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import (
    Conflict,
    DatabaseUnavailable,
    HoldExpired,
    SeatUnavailable,
)
from boxoffice.domain.tender import CashTender
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout


@dataclass
class Desk:
    """One clerk's desk: its Database (one node, or a failover list) and what it did."""

    name: str
    db: Database
    actor: Actor
    booked: dict[str, str] = field(default_factory=dict)  # idempotency key -> reference
    refused: int = 0  # seats taken by another desk first: expected
    unavailable: int = 0  # DatabaseUnavailable seen by the clerk (then retried)
    reconnected: int = 0  # sales that reported "reconnected, it went through"
    booked_at: list[float] = field(default_factory=list)  # monotonic time of each booking
    errors: list[str] = field(default_factory=list)  # anything else: a defect


def sell(
    desk: Desk, event_id: int, seats: list[int], stop: threading.Event, pause: float = 0.0
) -> None:
    """Sell 1–3 adjacent seats of *seats* again and again until *stop*, *pause* seconds apart
    (so a long test cannot sell its seats out); a checkout that failed for lack of a server is
    pressed again with the same key, as the clerk would."""
    rng = random.Random(desk.name)
    while not stop.wait(pause):
        size = rng.randint(1, 3)
        start = rng.randrange(0, len(seats) - size)
        try:
            hold = holds.hold_seats(desk.db, desk.actor, event_id, seats[start : start + size])
        except (SeatUnavailable, Conflict):
            desk.refused += 1
            continue
        except DatabaseUnavailable:
            desk.unavailable += 1
            time.sleep(0.2)
            continue
        except Exception as exc:
            desk.errors.append(f"hold: {type(exc).__name__}: {exc}")
            continue
        pay(desk, hold)


def pay(desk: Desk, hold: holds.HoldInfo) -> None:
    key = f"{desk.name}-{uuid.uuid4().hex[:12]}"
    for _press in range(20):
        try:
            result = checkout.checkout(
                desk.db, desk.actor, hold.hold_id, [CashTender(hold.total, hold.total)], key
            )
        except DatabaseUnavailable:
            desk.unavailable += 1  # "did not go through, try again": the clerk presses Pay
            time.sleep(0.3)
            continue
        except (HoldExpired, Conflict):
            desk.refused += 1
            return
        except Exception as exc:
            desk.errors.append(f"checkout: {type(exc).__name__}: {exc}")
            return
        if key in desk.booked and desk.booked[key] != result.reference:
            desk.errors.append(f"key {key} answered two references")
        desk.booked[key] = result.reference
        desk.booked_at.append(time.monotonic())
        desk.reconnected += result.reconnected
        return
    desk.errors.append(f"checkout {key}: no server for 20 presses")


@dataclass(frozen=True)
class Audit:
    oversold: int  # seats with more than one live ticket
    sold_without_ticket: int  # sold seats whose booking has no live ticket for them
    bookings: dict[str, str]  # idempotency key -> reference, as the database has them
    keys_twice: int  # idempotency keys with more than one booking


def audit(db: Database, event_id: int) -> Audit:
    """What *db* (one node) says about the event's seats and bookings."""
    with db.session() as s:
        oversold = s.scalar(
            select(func.count()).select_from(
                select(Ticket.event_seat_id)
                .where(Ticket.event_id == event_id, Ticket.status == "valid")
                .group_by(Ticket.event_seat_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        lonely = s.scalar(
            select(func.count())
            .select_from(EventSeat)
            .where(
                EventSeat.event_id == event_id,
                EventSeat.status == "sold",
                ~select(Ticket.id)
                .where(
                    Ticket.event_seat_id == EventSeat.id,
                    Ticket.booking_id == EventSeat.booking_id,
                    Ticket.status == "valid",
                )
                .exists(),
            )
        )
        rows = s.execute(
            select(Booking.idempotency_key, Booking.reference).where(Booking.event_id == event_id)
        ).all()
    keys: dict[str, str] = {}
    twice = 0
    for key, reference in rows:
        twice += key in keys
        keys[str(key)] = str(reference)
    return Audit(int(oversold or 0), int(lonely or 0), keys, twice)


def wait_synced(dbs: list[Database], event_id: int, seconds: float = 30) -> list[Audit]:
    """The audit of every node once all agree (Galera applies write sets asynchronously)."""
    deadline = time.monotonic() + seconds
    while True:
        audits = [audit(db, event_id) for db in dbs]
        if all(a == audits[0] for a in audits) or time.monotonic() > deadline:
            return audits
        time.sleep(0.2)
