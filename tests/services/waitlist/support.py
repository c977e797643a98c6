"""Shared set-up for the waiting-list tests: a sold-out event and its customers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Customer, EventSeat, OutboxEmail, WaitlistEntry
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import SeatedEvent, cash, make_seated_event


@dataclass(frozen=True)
class SoldOut:
    event: SeatedEvent
    references: dict[str, str]  # seat label -> booking reference (one booking per seat)


def sold_out_event(db: Database, actor: Actor, per_row: int = 4, rows: int = 1) -> SoldOut:
    """A one-tier event with every seat sold, one booking per seat."""
    ev = make_seated_event(db, rows=rows, per_row=per_row, tiers=(("Stalls", "20.00", 99),))
    refs: dict[str, str] = {}
    for label in sorted(ev.seats):
        hold = holds.hold_seats(db, actor, ev.id, ev.ids(label))
        refs[label] = checkout.checkout(
            db, actor, hold.hold_id, cash(hold.total), f"{ev.id}-{label}"
        ).reference
    return SoldOut(ev, refs)


def customers(db: Database, *names: str) -> list[int]:
    def work(s: Session) -> list[int]:
        made = [
            Customer(
                name=n,
                email=f"{n.lower()}@example.com",
                unsubscribe_token=secrets.token_urlsafe(32),
                created_at=utcnow(),
            )
            for n in names
        ]
        s.add_all(made)
        s.flush()
        return [c.id for c in made]

    return db.run(work)


def entry_rows(db: Database, event_id: int) -> list[tuple[int, str, str | None]]:
    """``(customer id, status, hold id)`` of every entry, in order."""
    return [
        (c, st, h)
        for c, st, h in db.run(
            lambda s: s.execute(
                select(WaitlistEntry.customer_id, WaitlistEntry.status, WaitlistEntry.hold_id)
                .where(WaitlistEntry.event_id == event_id)
                .order_by(WaitlistEntry.id)
            ).all()
        )
    ]


def seats_of_hold(db: Database, hold_id: str) -> list[int]:
    return sorted(
        db.run(
            lambda s: s.scalars(
                select(EventSeat.id).where(EventSeat.hold_id == hold_id, EventSeat.status == "held")
            ).all()
        )
    )


def offer_mails(db: Database) -> list[str]:
    """Recipients of queued waiting-list offers."""
    return list(
        db.run(
            lambda s: s.scalars(
                select(OutboxEmail.to_addr)
                .where(OutboxEmail.kind == "waitlist_offer")
                .order_by(OutboxEmail.id)
            ).all()
        )
    )
