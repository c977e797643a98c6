"""Event editor use cases: create, edit, delete and cancel events (managers); the reads live in
:mod:`event_queries` and are re-exported here, so callers import one module.

Rules beyond field checks (see :mod:`event_drafts`) and seat rules (see :mod:`seat_inventory`):

- Creating a seated event creates one event seat per layout seat, tiered by the draft's zones;
  every seat must be covered by exactly one tier (see :mod:`tier_coverage`).
- After the first booking (of any status) the seat layout, and switching between seated and
  general admission, are fixed; tiers, zones and prices still change for unsold seats only:
  sold tickets keep their tier and price, and tiers with tickets cannot be removed.
- Changing the date, time or venue of an event with confirmed bookings queues a change notice
  (``notifications.event_changed``) in the same transaction.
- An event with bookings is never deleted; it is cancelled instead: every confirmed booking is
  cancelled and refunded (``bookings.cancel_booking_in``) and customers are told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Booking,
    Event,
    PriceTier,
    SeatLayout,
    TierZone,
    Venue,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, EventStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit, local_time
from boxoffice.services.events.drafts import (
    EventDraft,
    FieldError,
    TierDraft,
    ZoneDraft,
    check_draft,
)
from boxoffice.services.events.queries import (
    EventEdit,
    EventRow,
    LayoutChoice,
    LayoutPlan,
    PlanSeat,
    SectionChoice,
    VenueChoice,
    count_managed_events,
    edit_view,
    event_for_edit,
    first_managed_page,
    layout_plan,
    list_managed_events,
    venue_choices,
)
from boxoffice.services.events.tiers import coverage, delete_tiers, write_tiers
from boxoffice.services.mail import notifications
from boxoffice.services.sales import inventory as seat_inventory
from boxoffice.services.sales.inventory import event_seats as inv
from boxoffice.services.waitlist import offers as waitlist_offers

__all__ = [
    "CancelResult",
    "EventDraft",
    "EventEdit",
    "EventRow",
    "LayoutChoice",
    "LayoutPlan",
    "PlanSeat",
    "SectionChoice",
    "TierDraft",
    "VenueChoice",
    "ZoneDraft",
    "cancel_event",
    "count_managed_events",
    "create_event",
    "delete_event",
    "event_for_edit",
    "first_managed_page",
    "layout_plan",
    "list_managed_events",
    "update_event",
    "venue_choices",
]


@dataclass(frozen=True)
class CancelResult:
    bookings_cancelled: int
    refunded: Decimal


# --- writing --------------------------------------------------------------------------------


def _venue_and_layout(s: Session, draft: EventDraft) -> tuple[Venue, SeatLayout | None]:
    venue = s.get(Venue, draft.venue_id)
    if venue is None:
        raise FieldError(
            "venue_id", _("There is no venue with id {venue_id}.").format(venue_id=draft.venue_id)
        )
    if draft.layout_id is None:
        return venue, None
    layout = s.get(SeatLayout, draft.layout_id)
    if layout is None or layout.venue_id != venue.id:
        raise FieldError(
            "layout_id",
            _("{name} has no seat layout with id {layout_id}.").format(
                name=venue.name, layout_id=draft.layout_id
            ),
        )
    if not inv.layout_seats(s, layout.id):
        raise FieldError(
            "layout_id", _("Seat layout {name!r} has no seats yet.").format(name=layout.name)
        )
    return venue, layout


def _tier_ids(s: Session, event_id: int) -> dict[str, int]:
    rows = s.execute(select(PriceTier.name, PriceTier.id).where(PriceTier.event_id == event_id))
    return {name: tier_id for name, tier_id in rows}


def _seat_tiers(
    s: Session, event_id: int, layout_id: int, draft: EventDraft
) -> dict[tuple[int, str], int]:
    names = coverage(inv.section_rows(s, layout_id), draft.tiers)
    ids = _tier_ids(s, event_id)
    return {key: ids[name] for key, name in names.items()}


def create_event(db: Database, actor: Actor, draft: EventDraft) -> EventEdit:
    """Create an event, its tiers and (seated) one event seat per layout seat."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> EventEdit:
        now = utcnow()
        event = create_event_in(s, actor, draft, now)
        s.flush()
        return edit_view(s, event, now)

    return db.run(work)


def create_event_in(s: Session, actor: Actor, draft: EventDraft, now: datetime) -> Event:
    """:func:`create_event` inside the caller's transaction (a series makes many at once)."""
    actor.require(Permission.MANAGE_EVENTS)
    d = check_draft(draft, now, creating=True)
    if any(t.id is not None for t in d.tiers):
        raise FieldError("tiers", _("A new event's tiers cannot refer to existing tiers."))
    venue, layout = _venue_and_layout(s, d)
    if layout is not None:  # fail before writing anything if the tiers leave gaps
        coverage(inv.section_rows(s, layout.id), d.tiers)
    event = Event(
        title=d.title,
        description=d.description,
        category=d.category,
        venue_id=venue.id,
        layout_id=d.layout_id,
        starts_at=d.starts_at,
        ends_at=d.ends_at,
        sales_open_at=d.sales_open_at,
        sales_close_at=d.sales_close_at,
        status=EventStatus.SCHEDULED.value,
        ga_capacity=d.ga_capacity,
        allow_reentry=bool(d.allow_reentry),
        capacity=0,
        sold_count=0,
        seat_version=0,
        created_at=now,
        updated_at=now,
    )
    s.add(event)
    s.flush()
    write_tiers(s, event, d, now)
    if layout is not None:
        tier_of = _seat_tiers(s, event.id, layout.id, d)
        inv.insert_event_seats(s, event.id, inv.layout_seats(s, layout.id), tier_of, 0)
    inv.refresh_totals(s, event)
    audit.record(
        s,
        actor,
        "event.create",
        "event",
        event.id,
        title=d.title,
        venue=venue.name,
        starts_at=d.starts_at.isoformat(),
        tiers=[t.name for t in d.tiers],
    )
    s.flush()
    return event


def notice_changes(
    old: tuple[datetime, datetime, str], new: tuple[datetime, datetime, str]
) -> list[tuple[str, str, str]]:
    """What a change notice lists: ``(field, old, new)`` for date, time, end and venue, as
    customers read them (in the venue's time zone)."""
    zone = local_time.venue_zone()
    (old_start, old_end, old_venue), (new_start, new_end, new_venue) = old, new
    a, b = local_time.local(old_start, zone), local_time.local(new_start, zone)
    changes: list[tuple[str, str, str]] = []
    if a.date() != b.date():
        changes.append(
            (
                "date",
                local_time.format_date(old_start, zone),
                local_time.format_date(new_start, zone),
            )
        )
    if (a.hour, a.minute) != (b.hour, b.minute):
        changes.append(("time", f"{a:%H:%M}", f"{b:%H:%M}"))
    if old_end != new_end and (old_end - old_start) != (new_end - new_start):
        changes.append(
            (
                "ends_at",
                local_time.format_when(old_end, zone),
                local_time.format_when(new_end, zone),
            )
        )
    if old_venue != new_venue:
        changes.append(("venue", old_venue, new_venue))
    return changes


_EDITABLE = (
    "title",
    "description",
    "category",
    "venue_id",
    "layout_id",
    "starts_at",
    "ends_at",
    "sales_open_at",
    "sales_close_at",
    "ga_capacity",
    "allow_reentry",
)


def update_event(
    db: Database,
    actor: Actor,
    event_id: int,
    draft: EventDraft,
    expected_updated_at: datetime | None = None,
) -> EventEdit:
    """Save an edited event. *expected_updated_at* (from :func:`event_for_edit`) refuses to
    overwrite someone else's edit made in between."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> EventEdit:
        now = utcnow()
        event = inv.lock_event(s, event_id)
        if expected_updated_at is not None and event.updated_at != expected_updated_at:
            raise Conflict(
                _(
                    "{title!r} was changed by someone else since you opened it; "
                    "reload it and make your change again."
                ).format(title=event.title)
            )
        if event.status == EventStatus.CANCELLED.value:
            raise Conflict(
                _("{title!r} is cancelled and can no longer be edited.").format(title=event.title)
            )
        d = check_draft(draft, now, creating=False)
        venue, layout = _venue_and_layout(s, d)
        old_venue = s.get(Venue, event.venue_id)
        act = inv.activity(s, event.id, now)
        layout_changed = d.layout_id != event.layout_id
        if layout_changed and act.has_sales:
            what = (
                "switch between seated and general admission"
                if (d.layout_id is None) != (event.layout_id is None)
                else "change its seat layout"
            )
            raise FieldError(
                "layout_id",
                _(
                    "{title!r} has bookings, so it cannot {what}. Cancel the event "
                    "instead if it must move."
                ).format(title=event.title, what=what),
            )
        if layout_changed and act.active_holds:
            raise Conflict(_("A desk is holding seats of this event right now; try again shortly."))
        if layout is not None:
            coverage(inv.section_rows(s, layout.id), d.tiers)

        changes = notice_changes(
            (event.starts_at, event.ends_at, old_venue.name if old_venue else ""),
            (d.starts_at, d.ends_at, venue.name),
        )
        before = {f: getattr(event, f) for f in _EDITABLE}
        for field in _EDITABLE:
            setattr(event, field, getattr(d, field))
        event.updated_at = now
        s.flush()

        version = event.seat_version + 1
        seats_changed = False
        if layout_changed and before["layout_id"] is not None:
            inv.delete_event_seats(s, event.id, None)
            seats_changed = True
        removed = write_tiers(s, event, d, now)
        if layout is not None:
            tier_of = _seat_tiers(s, event.id, layout.id, d)
            if layout_changed:
                seats = inv.layout_seats(s, layout.id)
                inv.insert_event_seats(
                    s, event.id, seats, tier_of, version, blocking=d.starts_at > now
                )
                seats_changed = True
            else:
                seats_changed |= inv.retier(s, event, tier_of, version, now) > 0
        delete_tiers(s, removed, now)
        inv.refresh_totals(s, event)
        edited = [f for f, v in before.items() if getattr(d, f) != v]
        audit.record(
            s,
            actor,
            "event.update",
            "event",
            event.id,
            fields=edited,
            tiers=[t.name for t in d.tiers],
            removed_tiers=len(removed),
        )
        if changes and act.confirmed:
            notifications.event_changed(s, event.id, changes)
        if seats_changed:
            inv.bump_version(s, event, version)
            # Seats the change made sellable go to the waiting list first (same transaction).
            offers = waitlist_offers.offer_free_seats(s, event.id, now)
            if offers:
                seat_inventory.publish(s, event.id, waitlist_offers.offered_seat_ids(offers))
        elif event.ga_capacity is not None and waitlist_offers.offer_free_seats(s, event.id, now):
            # A larger GA capacity: the waiting list is offered the new places first.
            seat_inventory.publish(s, event.id)
        return edit_view(s, event, now)

    return db.run(work)


def delete_event(db: Database, actor: Actor, event_id: int) -> None:
    """Delete an event that never sold anything (otherwise: :func:`cancel_event`)."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> None:
        now = utcnow()
        event = inv.lock_event(s, event_id)
        act = inv.activity(s, event.id, now)
        if act.has_sales:
            raise Conflict(
                _(
                    "{title!r} has bookings, so it cannot be deleted; cancel it "
                    "instead (its bookings are then refunded)."
                ).format(title=event.title)
            )
        if act.active_holds:
            raise Conflict(_("A desk is holding seats of this event right now; try again shortly."))
        tier_ids = list(s.scalars(select(PriceTier.id).where(PriceTier.event_id == event.id)))
        inv.delete_event_places(s, event.id)
        if tier_ids:
            s.execute(delete(TierZone).where(TierZone.tier_id.in_(tier_ids)))
        s.execute(delete(PriceTier).where(PriceTier.event_id == event.id))
        audit.record(s, actor, "event.delete", "event", event.id, title=event.title)
        s.delete(event)

    db.run(work)


def cancel_event(db: Database, actor: Actor, event_id: int, reason: str = "") -> CancelResult:
    """Cancel an event: refund and cancel every confirmed booking, tell the customers."""
    actor.require(Permission.MANAGE_EVENTS)
    from boxoffice.services.bookings import (
        manage as bookings,  # helper A2's module; imported late on purpose
    )

    why = reason.strip() or "Event cancelled"

    def work(s: Session) -> CancelResult:
        now = utcnow()
        event = inv.lock_event(s, event_id)
        if event.status == EventStatus.CANCELLED.value:
            raise Conflict(_("{title!r} is already cancelled.").format(title=event.title))
        ids = list(
            s.scalars(
                select(Booking.id)
                .where(
                    Booking.event_id == event.id, Booking.status == BookingStatus.CONFIRMED.value
                )
                .order_by(Booking.id)
            )
        )
        refunded = Decimal("0.00")
        for booking_id in ids:
            amount = bookings.cancel_booking_in(s, actor, booking_id, why)
            if isinstance(amount, Decimal):
                refunded += amount
        event.status = EventStatus.CANCELLED.value
        event.updated_at = now
        waitlist_offers.close_for_event(s, event.id, now)
        audit.record(
            s,
            actor,
            "event.cancel",
            "event",
            event.id,
            title=event.title,
            reason=why,
            bookings=len(ids),
            refunded=str(refunded),
        )
        notifications.event_cancelled(s, event.id)
        s.flush()
        return CancelResult(len(ids), refunded)

    return db.run(work)
