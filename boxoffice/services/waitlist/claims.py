"""Claiming a waiting-list entry for an offer, and the settings both kinds of offer share
(seats in :mod:`offers`, general-admission places in :mod:`ga_offers`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice import config
from boxoffice.db.models import WaitlistEntry
from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.services.sales import inventory as inv

WAITING = WaitlistStatus.WAITING.value
OFFERED = WaitlistStatus.OFFERED.value
MOST_PER_PASS = 200  # entries looked at per pass: a pass stays one short transaction


def offer_length() -> timedelta:
    """How long an offer stays open (the ``waitlist_offer_hours`` setting, at least an hour)."""
    hours = int(config.get("waitlist_offer_hours"))
    return timedelta(hours=max(hours, 1))


def claim(session: Session, entry_id: int, hold_id: str, now: datetime, until: datetime) -> bool:
    """Offer entry *entry_id* under *hold_id* if it is still waiting (False: another desk did)."""
    return (
        inv.rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == WAITING)
                .values(
                    status=OFFERED,
                    hold_id=hold_id,
                    offered_at=now,
                    offer_expires_at=until,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        )
        == 1
    )


def unclaim(session: Session, entry_id: int, hold_id: str, now: datetime) -> None:
    """Put an entry claimed under *hold_id* back to waiting (its offer could not be made)."""
    session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry_id, WaitlistEntry.hold_id == hold_id)
        .values(
            status=WAITING, hold_id=None, offered_at=None, offer_expires_at=None, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )


def anyone_waiting_or_offered(session: Session, event_id: int) -> bool:
    """Is anyone waiting for, or holding an offer of, this event?"""
    return (
        session.execute(
            select(WaitlistEntry.id)
            .where(
                WaitlistEntry.event_id == event_id,
                WaitlistEntry.status.in_((WAITING, OFFERED)),
            )
            .limit(1)
        ).first()
        is not None
    )
