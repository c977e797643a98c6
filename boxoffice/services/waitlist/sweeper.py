"""``boxoffice waitlist sweep``: for cron, expire ran-out offers and offer free seats again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import WaitlistEntry
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.services.sales import inventory as inv
from boxoffice.services.waitlist.entries import process_event


@dataclass(frozen=True)
class SweepResult:
    events: int
    offers: int


def sweep(db: Database, actor: Actor) -> SweepResult:
    """One short transaction per event with waiting customers (cron, or any desk).

    Waiting lists work without it (every path that frees seats offers them); it catches seats
    that came back by a desk's hold running out and offers nobody took up in time.
    """
    actor.require(Permission.SELL)
    events = db.run(
        lambda s: sorted(
            set(
                s.scalars(
                    select(WaitlistEntry.event_id).where(
                        or_(
                            WaitlistEntry.status == WaitlistStatus.WAITING.value,
                            WaitlistEntry.status == WaitlistStatus.OFFERED.value,
                        )
                    )
                )
            )
        )
    )
    offers = 0
    for event_id in events:

        def work(s: Session, event_id: int = event_id) -> int:
            return process_event(s, event_id, utcnow())

        offers += inv.run(db, work)
    return SweepResult(len(events), offers)
