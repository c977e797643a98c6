"""Shared by the inventory modules: running a change with a clear message on lock trouble, row
counts, argument checks, and chunked id lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import CursorResult
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from boxoffice import config
from boxoffice.db.database import Database, is_transient
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import (
    Conflict,
    PermissionDenied,
    ValidationError,
)
from boxoffice.domain.status import SeatStatus
from boxoffice.i18n import _

T = TypeVar("T")
CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit
MAX_SEATS_PER_HOLD = 200

AVAILABLE = SeatStatus.AVAILABLE.value
HELD = SeatStatus.HELD.value
SOLD = SeatStatus.SOLD.value


def run(db: Database, work: Callable[[Session], T]) -> T:
    """``db.run(work)``; a deadlock or lock timeout that outlasts its retries becomes a message a
    clerk can act on instead of a driver error."""
    try:
        return db.run(work)
    except DBAPIError as exc:
        if is_transient(exc):
            raise Conflict(
                _("Many desks are selling these seats right now; please try again.")
            ) from exc
        raise


def rowcount(result: Any) -> int:
    """Rows matched by an UPDATE/DELETE (MySQL reports matched rows: SQLAlchemy sets FOUND_ROWS)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def hold_length(hold_for: timedelta | None = None) -> timedelta:
    """How long a hold lasts: *hold_for* if given, else the ``hold_minutes`` setting."""
    if hold_for is not None:
        if hold_for <= timedelta(0):
            raise ValidationError(_("A hold must last longer than zero seconds."))
        return hold_for
    minutes = int(config.get("hold_minutes"))
    if minutes < 1:
        raise ValidationError(_("The hold_minutes setting must be at least 1."))
    return timedelta(minutes=minutes)


def staff_id(actor: Actor) -> int:
    """Holds and sales are made by a signed-in staff member (not the system account)."""
    if actor.user_id is None:
        raise PermissionDenied(_("Seats are held and sold by a signed-in staff member."))
    return actor.user_id


def seat_ids_arg(seat_ids: Iterable[int]) -> list[int]:
    """Validated, de-duplicated, sorted seat ids (sorted: desks lock rows in the same order)."""
    try:
        ids = sorted({int(i) for i in seat_ids})
    except (TypeError, ValueError):
        raise ValidationError(_("Seats are given by their numeric ids.")) from None
    if not ids:
        raise ValidationError(_("Choose at least one seat."))
    if len(ids) > MAX_SEATS_PER_HOLD:
        raise ValidationError(
            _("One sale holds at most {MAX_SEATS_PER_HOLD} seats.").format(
                MAX_SEATS_PER_HOLD=MAX_SEATS_PER_HOLD
            )
        )
    return ids


def quantity_arg(quantity: int, most: int = MAX_SEATS_PER_HOLD) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError(_("The number of tickets must be a whole number."))
    if quantity < 1:
        raise ValidationError(
            _("The number of tickets must be at least 1 (got {quantity}).").format(
                quantity=quantity
            )
        )
    if quantity > most:
        raise ValidationError(_("One sale takes at most {most} tickets.").format(most=most))
    return quantity


def chunks(ids: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    """*ids* in slices of at most *size*: one IN list each."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
