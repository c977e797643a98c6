"""Hold rows: a general-admission hold (tier and quantity), claimed, dropped or reclaimed by
deleting the row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.models import Hold
from boxoffice.services.sales.inventory.common import rowcount
from boxoffice.services.sales.inventory.general_admission import give_back_ga


@dataclass(frozen=True)
class HoldRow:
    id: str
    event_id: int
    tier_id: int | None
    quantity: int
    expires_at: datetime


def hold_row(session: Session, hold_id: str) -> HoldRow | None:
    row = session.execute(
        select(Hold.id, Hold.event_id, Hold.tier_id, Hold.quantity, Hold.expires_at).where(
            Hold.id == hold_id
        )
    ).one_or_none()
    return HoldRow(*row) if row is not None else None


def _delete_hold(session: Session, *conditions: ColumnElement[bool]) -> HoldRow | None:
    """Delete the one hold row matching *conditions*; its values, or None if none matched."""
    columns = (Hold.id, Hold.event_id, Hold.tier_id, Hold.quantity, Hold.expires_at)
    if session.get_bind().dialect.delete_returning:
        row = session.execute(
            delete(Hold)
            .where(*conditions)
            .returning(*columns)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        return HoldRow(*row) if row is not None else None
    found = session.execute(  # pragma: no cover - MariaDB and SQLite take the branch above
        select(*columns).where(*conditions).with_for_update()
    ).one_or_none()
    if found is None:  # pragma: no cover
        return None
    gone = delete(Hold).where(*conditions).execution_options(synchronize_session=False)
    return HoldRow(*found) if rowcount(session.execute(gone)) == 1 else None  # pragma: no cover


def claim_hold(session: Session, hold_id: str, now: datetime) -> HoldRow | None:
    """Delete *hold_id*'s row if it is still alive; None if it ran out or is gone.

    The caller now owns what the hold held (seats stay marked with its id until sold), and a
    concurrent reclaim or second checkout of the same hold finds nothing to delete.
    """
    return _delete_hold(session, Hold.id == hold_id, Hold.expires_at > now)


def drop_hold(session: Session, hold_id: str) -> HoldRow | None:
    """Delete *hold_id*'s row whatever its expiry; gives a GA quantity back. None if gone."""
    hold = _delete_hold(session, Hold.id == hold_id)
    if hold is not None and hold.tier_id is not None and hold.quantity:
        give_back_ga(session, {hold.tier_id: hold.quantity})
    return hold


def reclaim_expired(session: Session, event_id: int, now: datetime) -> int:
    """Delete the event's dead hold rows and give their GA quantities back; returns places.

    Seats of dead seated holds need nothing: :func:`sellable` already treats them as free.
    """
    dead = Hold.event_id == event_id, Hold.expires_at <= now
    dialect = session.get_bind().dialect
    rows: list[tuple[int | None, int]]
    if dialect.delete_returning:
        rows = [
            (tier_id, quantity)
            for tier_id, quantity in session.execute(
                delete(Hold)
                .where(*dead)
                .returning(Hold.tier_id, Hold.quantity)
                .execution_options(synchronize_session=False)
            )
        ]
    else:  # pragma: no cover - MariaDB and SQLite both return deleted rows
        rows = []
        for hold_id, tier_id, quantity in session.execute(
            select(Hold.id, Hold.tier_id, Hold.quantity).where(*dead).with_for_update()
        ):
            gone = delete(Hold).where(Hold.id == hold_id, Hold.expires_at <= now)
            if rowcount(session.execute(gone)) == 1:
                rows.append((tier_id, quantity))
    back: Counter[int] = Counter()
    for tier_id, quantity in rows:
        if tier_id is not None and quantity:
            back[tier_id] += quantity
    give_back_ga(session, back)
    return sum(back.values())


def insert_hold(
    session: Session,
    hold_id: str,
    event_id: int,
    staff_id: int,
    desk: str,
    now: datetime,
    expires: datetime,
    tier_id: int | None = None,
    quantity: int = 0,
) -> None:
    """A new hold row (a GA hold: *tier_id* and *quantity*; count the places with take_ga)."""
    session.execute(
        insert(Hold).values(
            id=hold_id,
            event_id=event_id,
            staff_user_id=staff_id,
            desk=desk[:64],
            tier_id=tier_id,
            quantity=quantity,
            expires_at=expires,
            created_at=now,
            released=False,
        )
    )


def grow_ga_hold(
    session: Session,
    hold_id: str,
    event_id: int,
    tier_id: int,
    quantity: int,
    expires: datetime,
    now: datetime,
) -> int | None:
    """Add *quantity* places to the live GA hold *hold_id* of this event and tier and renew it;
    its new quantity, or None when no such live hold exists."""
    renewed = rowcount(
        session.execute(
            update(Hold)
            .where(
                Hold.id == hold_id,
                Hold.event_id == event_id,
                Hold.tier_id == tier_id,
                Hold.expires_at > now,
            )
            .values(quantity=Hold.quantity + quantity, expires_at=expires)
            .execution_options(synchronize_session=False)
        )
    )
    if renewed != 1:
        return None
    return int(session.scalar(select(Hold.quantity).where(Hold.id == hold_id)) or 0)
