"""Seat holds: a desk reserves seats (or a general-admission quantity) while it takes payment.

Holds expire after ``hold_minutes`` (config, default 10) without any background job: a held seat
whose ``hold_expires_at`` passed is taken by the next conditional UPDATE as if it were available,
and expired GA holds are reclaimed inside the transaction that next holds places of that event
(see :mod:`boxoffice.services.sales.inventory` for the rules).

A seated hold lives only in its ``event_seat`` rows (hold id and expiry on each seat); a GA hold
is a ``hold`` row with a tier and a quantity.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import EventSeat, PriceTier, Seat, SeatLayout, Section
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    HoldExpired,
    NotFound,
    SoldOut,
    ValidationError,
)
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.sales import event_pricing, pricing
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.best_seats import FreeSeat, RowBox, best_blocks_nearest
from boxoffice.services.sales.event_pricing import TicketTypeInfo
from boxoffice.services.sales.inventory import ga_allocations as inv_ga
from boxoffice.services.sales.inventory import house as inv_house
from boxoffice.services.sales.pricing import PriceLine, Quote
from boxoffice.services.waitlist import offers as waitlist_offers

MAX_BLOCK = 20  # best-available finds at most this many seats side by side


HoldLine = PriceLine  # one held seat, or one GA tier with a quantity


@dataclass(frozen=True)
class HoldInfo:
    """What a desk holds right now; pass ``hold_id`` to checkout."""

    hold_id: str
    event_id: int
    seat_ids: tuple[int, ...]  # event_seat ids (empty for GA)
    quantity: int  # seats or GA places held
    expires_at: datetime
    quote: Quote  # the cart's price, from the pricing seam
    ticket_types: tuple[TicketTypeInfo, ...] = ()  # the event's types, to choose per line
    # The total when paid with methods whose own fees change it: (key, total), the key being
    # the methods with fees joined by "+" ("card", "card+saved_card"), one per combination.
    method_totals: tuple[tuple[str, Decimal], ...] = ()

    def total_for(self, method: str | None) -> Decimal:
        """What paying wholly by *method* costs (a card fee included)."""
        return dict(self.method_totals).get(method or "", self.total)

    def total_for_methods(self, methods: Iterable[str]) -> Decimal:
        """What paying with these methods costs (a split payment: each method's own fees)."""
        return dict(self.method_totals).get(method_key(methods, self.fee_methods), self.total)

    @property
    def fee_methods(self) -> tuple[str, ...]:
        return tuple(sorted({m for key, _t in self.method_totals for m in key.split("+")}))

    @property
    def lines(self) -> tuple[HoldLine, ...]:
        return self.quote.lines

    @property
    def total(self) -> Decimal:
        return self.quote.total


def hold_seats(
    db: Database,
    actor: Actor,
    event_id: int,
    seat_ids: list[int],
    hold_id: str | None = None,
    *,
    hold_for: timedelta | None = None,
    from_house: bool = False,
    allocation: int | None = None,
) -> HoldInfo:
    """Hold these seats (event_seat ids), adding them to *hold_id*'s hold if given.

    All or nothing: SeatUnavailable names the seats another desk holds or sold; NotFound for
    ids that are not seats of the event. Adding to a hold renews its expiry. *hold_for*
    overrides the ``hold_minutes`` setting (tests and the benchmark use short holds).
    *from_house* (the ``release_holds`` permission) may take seats under a named hold, not a kill.
    *allocation* (a placement id from ``events.house.house_counts``) sells for that channel or
    group: its seats as well as free ones.
    """
    actor.require(Permission.SELL)
    if from_house:
        actor.require(Permission.RELEASE_HOLDS)
    inv.staff_id(actor)  # seats are held by a signed-in staff member
    ids = inv.seat_ids_arg(seat_ids)
    length = inv.hold_length(hold_for)

    def work(s: Session) -> HoldInfo:
        now = utcnow()
        expires = now + length
        event = inv.on_sale_event(s, event_id, now)
        _require_seated(event)
        hid, renewed = _start_or_renew(s, event, hold_id, now, expires)
        if allocation is not None and not inv_house.is_allocation(s, event.id, allocation):
            raise NotFound(_("That allocation is not one of this event's."))
        inv.take_seats(
            s, event.id, ids, hid, expires, now, from_house=from_house, allocation=allocation
        )
        info = _seated_info(s, hid, event.id)
        inv.publish(s, event.id, set(ids) | set(renewed))
        return info

    return inv.run(db, once(work))


def best_available(
    db: Database,
    actor: Actor,
    event_id: int,
    quantity: int,
    tier_id: int | None = None,
    hold_id: str | None = None,
    *,
    hold_for: timedelta | None = None,
) -> HoldInfo:
    """Hold *quantity* adjacent seats (same section and row) in the best zone, or *tier_id*'s.

    Without *tier_id* the zones are tried best first (tier ``sort_order`` 0 = best) and the
    first with a block that size wins; within a zone the block nearest the stage centre wins.
    With *tier_id* only that zone is searched. If another desk takes the chosen block first, the
    next candidate is tried. SoldOut when no zone has that many seats side by side.
    """
    actor.require(Permission.SELL)
    inv.staff_id(actor)  # seats are held by a signed-in staff member
    count = inv.quantity_arg(quantity, MAX_BLOCK)
    length = inv.hold_length(hold_for)

    def work(s: Session) -> HoldInfo:
        now = utcnow()
        expires = now + length
        event = inv.on_sale_event(s, event_id, now)
        _require_seated(event)
        tiers = _tiers(s, event.id)
        if tier_id is not None:
            tiers = [t for t in tiers if t[0] == tier_id]
            if not tiers:
                raise NotFound(
                    _("The price tier {tier_id} is not one of this event's.").format(
                        tier_id=tier_id
                    )
                )
        centre = _stage_centre(s, event.layout_id)
        hid, renewed = _start_or_renew(s, event, hold_id, now, expires)
        block = _take_best(s, event.id, tiers, count, centre, hid, expires, now)
        info = _seated_info(s, hid, event.id)
        inv.publish(s, event.id, set(block) | set(renewed))
        return info

    return inv.run(db, once(work))


def take_best_block(
    s: Session,
    event: inv.EventRow,
    count: int,
    tier_id: int | None,
    hold_id: str,
    expires: datetime,
    now: datetime,
) -> tuple[int, ...]:
    """Inside the caller's transaction: mark the best block of *count* seats (of *tier_id*, or
    of the best zone that has one) held by *hold_id*, as :func:`best_available` does; the
    event_seat ids taken. SoldOut when no zone has that many seats side by side."""
    _require_seated(event)
    tiers = _tiers(s, event.id)
    if tier_id is not None:
        tiers = [t for t in tiers if t[0] == tier_id]
        if not tiers:
            raise NotFound(f"The price tier {tier_id} is not one of this event's.")
    centre = _stage_centre(s, event.layout_id)
    return _take_best(s, event.id, tiers, count, centre, hold_id, expires, now)


def hold_general_admission(
    db: Database,
    actor: Actor,
    event_id: int,
    tier_id: int,
    quantity: int,
    hold_id: str | None = None,
    *,
    hold_for: timedelta | None = None,
    allocation: int | None = None,
) -> HoldInfo:
    """Hold *quantity* more places of a general-admission tier (SoldOut past its capacity).

    One GA hold covers one tier. Dead GA holds of the event are reclaimed first, in the same
    transaction, so places whose hold ran out are sellable again at once. *allocation* (a GA
    allocation's id from ``events.allocations.list_allocations``) sells for that channel or
    group: the places are drawn from it, not from general sale.
    """
    actor.require(Permission.SELL)
    staff = inv.staff_id(actor)
    count = inv.quantity_arg(quantity)
    length = inv.hold_length(hold_for)

    def work(s: Session) -> HoldInfo:
        now = utcnow()
        expires = now + length
        event = inv.on_sale_event(s, event_id, now)
        if not event.general_admission:
            raise ValidationError(
                _("{title} has numbered seats: choose seats, not a number.").format(
                    title=event.title
                )
            )
        tier = s.execute(
            select(PriceTier.id, PriceTier.name, PriceTier.price).where(
                PriceTier.id == tier_id, PriceTier.event_id == event.id
            )
        ).one_or_none()
        if tier is None:
            raise NotFound(
                _("The price tier {tier_id} is not one of this event's.").format(tier_id=tier_id)
            )
        inv.reclaim_expired(s, event.id, now)
        if hold_id is None:
            hid = str(uuid.uuid4())
            inv.insert_hold(
                s, hid, event.id, staff, actor.desk, now, expires, tier_id, count, allocation
            )
            held = count
        else:
            hid = hold_id
            current = inv.hold_row(s, hold_id)
            if current is not None and current.house_hold_id != allocation:
                raise ValidationError(
                    _("A cart sells either for one allocation or from general sale: finish this "
                      "sale first.")
                )  # fmt: skip
            grown = inv.grow_ga_hold(s, hold_id, event.id, tier_id, count, expires, now)
            if grown is None:
                raise _renew_problem(s, hold_id, event.id, now, ga_tier=tier_id)
            held = grown
        if allocation is not None:
            inv_ga.draw(s, allocation, tier_id, count, now)
        else:
            inv.take_ga(s, tier_id, tier.name, count)
        inv.publish(s, event.id)  # the monitor shows GA counts too
        line = HoldLine(None, tier.name, tier_id, tier.name, tier.price, held)
        return priced_info(s, hid, event.id, (), held, expires, [line])

    return inv.run(db, once(work))


def release_seats(
    db: Database, actor: Actor, hold_id: str, seat_ids: list[int] | None = None
) -> HoldInfo | None:
    """Give back some seats of a hold, or the whole hold (seats and GA) when *seat_ids* is None.

    Returns what is still held, or None when nothing is. Releasing what is already gone is not
    an error (the desk may release after the hold ran out).
    """
    actor.require(Permission.SELL)
    only = None if seat_ids is None else inv.seat_ids_arg(seat_ids)

    def work(s: Session) -> HoldInfo | None:
        ga = inv.hold_row(s, hold_id)
        if ga is not None:
            if only is not None:
                raise ValidationError(_("A general-admission hold is released as a whole."))
            inv.drop_hold(s, hold_id)
            waitlist_offers.offer_free_seats(s, ga.event_id, utcnow())  # GA: places in order
            inv.publish(s, ga.event_id)
            return None
        freeing = _held_seats(s, hold_id, only)
        ids = [i for i, _ in freeing]
        inv.free_held(s, hold_id, ids)
        remaining = None if only is None else _live_hold(s, hold_id, utcnow())
        if ids:
            event_id = freeing[0][1]
            # Released seats go to the event's waiting list first (same transaction).
            offers = waitlist_offers.offer_free_seats(s, event_id, utcnow())
            inv.publish(s, event_id, set(ids) | set(waitlist_offers.offered_seat_ids(offers)))
        return remaining

    return inv.run(db, once(work))


def get_hold(db: Database, actor: Actor, hold_id: str) -> HoldInfo | None:
    """The hold as it stands (None if released, checked out or expired)."""
    actor.require(Permission.SELL)

    return inv.run(db, lambda s: current_hold(s, hold_id, utcnow()))


def current_hold(s: Session, hold_id: str, now: datetime) -> HoldInfo | None:
    """*hold_id*'s hold as it stands, inside a transaction (None if gone or expired)."""
    hold = inv.hold_row(s, hold_id)
    if hold is not None:
        if hold.expires_at <= now or hold.tier_id is None:
            return None
        tier = s.execute(
            select(PriceTier.name, PriceTier.price).where(PriceTier.id == hold.tier_id)
        ).one()
        line = HoldLine(None, tier.name, hold.tier_id, tier.name, tier.price, hold.quantity)
        return priced_info(s, hold.id, hold.event_id, (), hold.quantity, hold.expires_at, [line])
    return _live_hold(s, hold_id, now)


def priced_info(
    s: Session,
    hold_id: str,
    event_id: int,
    seat_ids: tuple[int, ...],
    quantity: int,
    expires: datetime,
    lines: Sequence[HoldLine],
) -> HoldInfo:
    """The hold with its lines priced: the types its cart chose, the event's fees and tax."""
    rules = event_pricing.load(s, event_id)
    typed = event_pricing.typed_lines(s, hold_id, lines, rules)
    quote = pricing.quote(rules.request(typed))
    totals = tuple(
        (key, pricing.quote(rules.request(typed, key.split("+"))).total)
        for key in method_keys(rules.fee_methods)
    )
    return HoldInfo(hold_id, event_id, seat_ids, quantity, expires, quote, rules.types, totals)


def method_keys(fee_methods: Sequence[str]) -> list[str]:
    """Every non-empty combination of the methods that bring fees, as keys ("card+cash")."""
    return [
        "+".join(combo)
        for size in range(1, len(fee_methods) + 1)
        for combo in itertools.combinations(sorted(fee_methods), size)
    ]


def method_key(methods: Iterable[str], fee_methods: Sequence[str]) -> str:
    """The key of :attr:`HoldInfo.method_totals` for a payment with *methods*."""
    return "+".join(sorted(set(methods) & set(fee_methods)))


# --- helpers ----------------------------------------------------------------------------------


def _require_seated(event: inv.EventRow) -> None:
    if event.general_admission:
        raise ValidationError(
            _("{title} is general admission: choose a number of tickets, not seats.").format(
                title=event.title
            )
        )


def _start_or_renew(
    s: Session,
    event: inv.EventRow,
    hold_id: str | None,
    now: datetime,
    expires: datetime,
) -> tuple[str, list[int]]:
    """A new hold id, or *hold_id*'s live seats renewed to *expires* (their ids returned)."""
    if hold_id is None:
        return str(uuid.uuid4()), []
    renewed = inv.renew_held(s, hold_id, event.id, expires, now)
    if not renewed:
        raise _renew_problem(s, hold_id, event.id, now, ga_tier=None)
    return hold_id, renewed


def _renew_problem(
    s: Session, hold_id: str, event_id: int, now: datetime, ga_tier: int | None
) -> Exception:
    hold = inv.hold_row(s, hold_id)
    if hold is None:
        other = s.scalar(
            inv.by_hold(
                select(EventSeat.event_id)
                .where(
                    EventSeat.hold_id == hold_id,
                    EventSeat.status == inv.HELD,
                    EventSeat.hold_expires_at > now,
                )
                .limit(1)
            )
        )
        if other is not None and other != event_id:
            return ValidationError(_("That hold belongs to another event; finish or release it."))
        if other is not None:
            return ValidationError(_("That hold is for seats, not general admission."))
        return HoldExpired(_("The hold on this selection ran out; please choose again."))
    if hold.expires_at <= now:
        return HoldExpired(_("The hold on this selection ran out; please choose again."))
    if hold.event_id != event_id:
        return ValidationError(_("That hold belongs to another event; finish or release it first."))
    if ga_tier is None:
        return ValidationError(_("That hold is for general admission, not seats."))
    return ValidationError(
        _("A sale holds one general-admission tier at a time; check out this one first.")
    )


def _tiers(s: Session, event_id: int) -> list[tuple[int, str]]:
    return [
        (tid, name)
        for tid, name in s.execute(
            select(PriceTier.id, PriceTier.name)
            .where(PriceTier.event_id == event_id)
            .order_by(PriceTier.sort_order, PriceTier.id)
        )
    ]


def _stage_centre(s: Session, layout_id: int | None) -> tuple[float, float]:
    row = s.execute(
        select(SeatLayout.stage_x, SeatLayout.stage_y).where(SeatLayout.id == layout_id)
    ).one_or_none()
    return (float(row[0]), float(row[1])) if row is not None else (0.0, 0.0)


def _row_boxes(s: Session, event_id: int, tier_id: int, count: int, now: datetime) -> list[RowBox]:
    """The rows with at least *count* sellable seats of the tier, with their seats' bounds."""
    return [
        RowBox(*row)
        for row in s.execute(
            select(
                Seat.section_id,
                Seat.row_index,
                func.min(Seat.x),
                func.max(Seat.x),
                func.min(Seat.y),
                func.max(Seat.y),
            )
            .select_from(EventSeat)
            .join(Seat, Seat.id == EventSeat.seat_id)
            .where(EventSeat.event_id == event_id, EventSeat.tier_id == tier_id, inv.sellable(now))
            .group_by(Seat.section_id, Seat.row_index)
            .having(func.count() >= count)
        )
    ]


def _free_seats(
    s: Session, event_id: int, tier_id: int, now: datetime, rows: Sequence[RowBox]
) -> list[FreeSeat]:
    """The sellable seats of the tier in *rows*."""
    wanted = [(r.section_id, r.row_index) for r in rows]
    found: list[FreeSeat] = []
    for part in inv.chunks(wanted, inv.CHUNK // 2):  # two bound values per row
        found.extend(
            FreeSeat(*row)
            for row in s.execute(
                select(EventSeat.id, Seat.section_id, Seat.row_index, Seat.number, Seat.x, Seat.y)
                .join(Seat, Seat.id == EventSeat.seat_id)
                .where(
                    EventSeat.event_id == event_id,
                    EventSeat.tier_id == tier_id,
                    inv.sellable(now),
                    tuple_(Seat.section_id, Seat.row_index).in_(part),
                )
            )
        )
    return found


def _sellable_count(s: Session, event_id: int, tier_id: int, now: datetime) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(EventSeat)
            .where(EventSeat.event_id == event_id, EventSeat.tier_id == tier_id, inv.sellable(now))
        )
        or 0
    )


def _take_best(
    s: Session,
    event_id: int,
    tiers: list[tuple[int, str]],
    count: int,
    centre: tuple[float, float],
    hold_id: str,
    expires: datetime,
    now: datetime,
) -> tuple[int, ...]:
    """Hold the best free block of *count* seats; try the next one when a desk beats us to it.

    Only rows that can hold the block are read, nearest the stage first (best_blocks_nearest):
    a big empty house costs a few rows, not every seat.
    """
    for tid, _name in tiers:
        rows = _row_boxes(s, event_id, tid, count, now)

        def fetch(part: Sequence[RowBox], tier: int = tid) -> list[FreeSeat]:
            return _free_seats(s, event_id, tier, now, part)

        for block in best_blocks_nearest(rows, fetch, count, centre):
            if inv.try_take_block(s, event_id, sorted(block), hold_id, expires, now):
                return block
    singles = sum(_sellable_count(s, event_id, tid, now) for tid, _name in tiers)
    where = f" in {tiers[0][1]}" if len(tiers) == 1 else ""
    if singles >= count:
        raise SoldOut(
            _(
                "No {count} seats side by side are left{where}; {singles} single "
                "seats are — pick them on the seat map."
            ).format(count=count, where=where, singles=singles)
        )
    raise SoldOut(
        _("Only {singles} seat{value} left{where}.").format(
            singles=singles, value="s" if singles != 1 else "", where=where
        )
    )


def _held_seats(s: Session, hold_id: str, only: list[int] | None) -> list[tuple[int, int]]:
    """(event_seat id, event id) of seats marked held by *hold_id*, locked."""
    query = select(EventSeat.id, EventSeat.event_id).where(
        EventSeat.hold_id == hold_id, EventSeat.status == inv.HELD
    )
    if only is not None:
        query = query.where(EventSeat.id.in_(only))
    return [
        (i, e) for i, e in s.execute(inv.by_hold(query.order_by(EventSeat.id).with_for_update()))
    ]


def _live_hold(s: Session, hold_id: str, now: datetime) -> HoldInfo | None:
    """The seated hold *hold_id* if it still holds seats and has not run out."""
    event_id = s.scalar(
        inv.by_hold(
            select(EventSeat.event_id)
            .where(EventSeat.hold_id == hold_id, EventSeat.status == inv.HELD)
            .limit(1)
        )
    )
    if event_id is None:
        return None
    info = _seated_info(s, hold_id, event_id)
    return info if info.seat_ids and info.expires_at > now else None


def seated_info(s: Session, hold_id: str, event_id: int) -> HoldInfo:
    """A seated hold as the cart shows it, inside the caller's transaction (a waiting-list
    offer taken to the desk)."""
    return _seated_info(s, hold_id, event_id)


def _seated_info(s: Session, hold_id: str, event_id: int) -> HoldInfo:
    """The seats marked held by *hold_id* (expiry = theirs; they always share one)."""
    rows = s.execute(
        inv.by_hold(
            select(
                EventSeat.hold_expires_at,
                EventSeat.id,
                Section.name,
                Seat.row_label,
                Seat.number,
                EventSeat.tier_id,
                PriceTier.name,
                PriceTier.price,
            )
            .join(Seat, Seat.id == EventSeat.seat_id)
            .join(Section, Section.id == Seat.section_id)
            .join(PriceTier, PriceTier.id == EventSeat.tier_id)
            .where(EventSeat.hold_id == hold_id, EventSeat.status == inv.HELD)
            .order_by(Section.name, Seat.row_index, Seat.number)
        )
    ).all()
    lines = tuple(
        HoldLine(es_id, f"{section} {row}{number}", tid, tier, price)
        for _exp, es_id, section, row, number, tid, tier, price in rows
    )
    seat_ids = tuple(sorted(row[1] for row in rows))
    expires = min((row[0] for row in rows if row[0] is not None), default=utcnow())
    return priced_info(s, hold_id, event_id, seat_ids, len(lines), expires, lines)
