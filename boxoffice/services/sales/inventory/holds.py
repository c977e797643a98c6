"""Hold rows: a general-admission hold (tier and quantity), claimed, dropped or reclaimed by
deleting the row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.models import Hold
from boxoffice.services.sales.inventory.common import rowcount
from boxoffice.services.sales.inventory.ga_allocations import give_back_held, return_due


@dataclass(frozen=True)
class HoldRow:
    id: str
    event_id: int
    tier_id: int | None
    quantity: int
    expires_at: datetime
    house_hold_id: int | None = None  # the GA allocation it drew from


_COLUMNS = (
    Hold.id,
    Hold.event_id,
    Hold.tier_id,
    Hold.quantity,
    Hold.expires_at,
    Hold.house_hold_id,
)


def hold_row(session: Session, hold_id: str) -> HoldRow | None:
    row = session.execute(select(*_COLUMNS).where(Hold.id == hold_id)).one_or_none()
    return HoldRow(*row) if row is not None else None


def _delete_hold(session: Session, *conditions: ColumnElement[bool]) -> HoldRow | None:
    """Delete the one hold row matching *conditions*; its values, or None if none matched."""
    columns = _COLUMNS
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
    """Delete *hold_id*'s row whatever its expiry; gives a GA quantity back (to the allocation
    it drew from, if any). None if gone."""
    hold = _delete_hold(session, Hold.id == hold_id)
    if hold is not None:
        give_back_held(session, [(hold.tier_id, hold.quantity, hold.house_hold_id)])
    return hold


def reclaim_expired(session: Session, event_id: int, now: datetime) -> int:
    """Delete the event's dead hold rows and give their GA quantities back; returns places.

    Seats of dead seated holds need nothing: :func:`sellable` already treats them as free.
    """
    dead = Hold.event_id == event_id, Hold.expires_at <= now
    dialect = session.get_bind().dialect
    rows: list[tuple[int | None, int, int | None]]
    if dialect.delete_returning:
        rows = [
            (tier_id, quantity, allocation)
            for tier_id, quantity, allocation in session.execute(
                delete(Hold)
                .where(*dead)
                .returning(Hold.tier_id, Hold.quantity, Hold.house_hold_id)
                .execution_options(synchronize_session=False)
            )
        ]
    else:  # pragma: no cover - MariaDB and SQLite both return deleted rows
        rows = []
        for hold_id, tier_id, quantity, allocation in session.execute(
            select(Hold.id, Hold.tier_id, Hold.quantity, Hold.house_hold_id)
            .where(*dead)
            .with_for_update()
        ):
            gone = delete(Hold).where(Hold.id == hold_id, Hold.expires_at <= now)
            if rowcount(session.execute(gone)) == 1:
                rows.append((tier_id, quantity, allocation))
    # Allocations whose release time passed return what is left to general sale first.
    return give_back_held(session, rows) + return_due(session, event_id, now)


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
    house_hold_id: int | None = None,
) -> None:
    """A new hold row (a GA hold: *tier_id* and *quantity*; count the places with take_ga, or
    with ga_allocations.draw for *house_hold_id*)."""
    session.execute(
        insert(Hold).values(
            id=hold_id,
            event_id=event_id,
            staff_user_id=staff_id,
            desk=desk[:64],
            tier_id=tier_id,
            quantity=quantity,
            house_hold_id=house_hold_id,
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


def renew_ga_hold(session: Session, hold_id: str, until: datetime, now: datetime) -> bool:
    """Keep the live GA hold *hold_id* until *until* (a waiting-list offer taken into a cart);
    False if it ran out meanwhile."""
    return (
        rowcount(
            session.execute(
                update(Hold)
                .where(Hold.id == hold_id, Hold.expires_at > now)
                .values(expires_at=until)
                .execution_options(synchronize_session=False)
            )
        )
        == 1
    )
