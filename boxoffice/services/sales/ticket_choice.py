"""The clerk chooses a ticket type (Adult, Child, ... Complimentary) for seats or GA places in
the cart. A complimentary ticket needs the ``give_complimentary`` permission and a reason; the
sale audits both."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import TicketType
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import HoldExpired, NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.sales import holds
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.holds import HoldInfo

MAX_REASON = 256


def set_ticket_type(
    db: Database,
    actor: Actor,
    hold_id: str,
    type_id: int,
    seat_ids: Sequence[int] | None = None,
    quantity: int | None = None,
    reason: str = "",
    from_type_id: int | None = None,
) -> HoldInfo:
    """Make held *seat_ids* (event_seat ids) of *hold_id* tickets of *type_id*; for a GA hold
    (*seat_ids* None), *quantity* of its places (all of them when None), taken from the places
    of *from_type_id* when given (one keypress in the cart: one Child becomes a Senior). Returns
    the hold, priced again."""
    actor.require(Permission.SELL)
    why = reason.strip()
    ids = None if seat_ids is None else inv.seat_ids_arg(seat_ids)

    def work(s: Session) -> HoldInfo:
        now = utcnow()
        info = holds.current_hold(s, hold_id, now)
        if info is None:
            raise HoldExpired(_("The hold on this selection ran out; please choose again."))
        row = s.execute(
            select(TicketType.name, TicketType.complimentary).where(
                TicketType.id == type_id, TicketType.event_id == info.event_id
            )
        ).one_or_none()
        if row is None:
            raise NotFound(
                _("The ticket type {type_id} is not one of this event's.").format(type_id=type_id)
            )
        name, complimentary = row
        if complimentary:
            actor.require(Permission.GIVE_COMPLIMENTARY)
            if not why:
                raise ValidationError(
                    _("{name} tickets need a reason (who is invited, and why).").format(name=name)
                )
            if len(why) > MAX_REASON:
                raise ValidationError(
                    _("Keep the reason under {MAX_REASON} characters.").format(
                        MAX_REASON=MAX_REASON
                    )
                )
        keep = why if complimentary else ""
        if ids is not None:
            stray = sorted(set(ids) - set(info.seat_ids))
            if stray:
                raise ValidationError(_("Those seats are not in this cart."))
            inv.set_seat_types(s, hold_id, ids, type_id, keep)
        else:
            if info.seat_ids:
                raise ValidationError(_("Choose the seats whose type changes."))
            if from_type_id is not None and from_type_id != type_id and quantity is not None:
                _take_from(s, hold_id, from_type_id, quantity - _count(s, hold_id, type_id))
            _set_ga(s, hold_id, info.quantity, type_id, name, quantity, keep)
        again = holds.current_hold(s, hold_id, now)
        assert again is not None, "the hold was live a moment ago in this transaction"
        return again

    return inv.run(db, work)


def _count(s: Session, hold_id: str, type_id: int) -> int:
    return sum(
        q for seat, t, q, _r in inv.held_choices(s, hold_id) if seat is None and t == type_id
    )


def _take_from(s: Session, hold_id: str, type_id: int, count: int) -> None:
    """*count* places of *type_id* become untyped (the default type) first."""
    if count <= 0:
        return
    mine = [r for seat, t, _q, r in inv.held_choices(s, hold_id) if seat is None and t == type_id]
    if mine:
        had = _count(s, hold_id, type_id)
        inv.set_ga_count(s, hold_id, type_id, max(0, had - count), mine[0])


def _set_ga(
    s: Session,
    hold_id: str,
    held: int,
    type_id: int,
    name: str,
    quantity: int | None,
    reason: str,
) -> None:
    count = held if quantity is None else quantity
    others = sum(
        q for seat, t, q, _r in inv.held_choices(s, hold_id) if seat is None and t != type_id
    )
    if not 0 <= count <= held - others:
        raise ValidationError(
            _("{value} of the {held} places can be {name}; the others have a type already.").format(
                value=held - others, held=held, name=name
            )
        )
    inv.set_ga_count(s, hold_id, type_id, count, reason)
