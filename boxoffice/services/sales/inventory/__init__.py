"""Seat and general-admission inventory: the only code that changes who holds or owns a place.

Every change of a seat's state (hold, release, sell, cancel, exchange, block), every hold row
and GA counter change, and every ticket insert is a statement of this package;
``tests/services/sales/test_inventory_owns_writes.py`` fails when another module issues one.
Internal helpers, called inside an open transaction by holds, checkout, bookings, the event
editor and the layout designer:

- ``across``             one seat in many events (packages): sell, renewal hold, best free in all
- ``seats``              hold, release, renew, sell and free event seats
- ``holds``              hold rows (a GA hold's tier and quantity)
- ``general_admission``  a GA tier's places taken and given back
- ``offers``             seats held for a waiting-list offer
- ``held_types``         the ticket type chosen per held seat or GA place
- ``tickets``            tickets issued at a sale and cancelled
- ``house``              named holds and kills placed on, released from and re-timed on seats
- ``events``             the sales window; :func:`publish`, the last statement of every change
- ``event_seats``        an event's seat rows as the event editor and layout designer change them
- ``common``             lock-trouble messages, row counts, argument checks, chunked id lists

Rules:

- Every change is a conditional UPDATE (or DELETE) whose row count is checked, so two desks can
  never both win the same seat or the same GA place, whatever the number of desks.
- A hold is dead once ``expires_at <= now``. Seats it held are taken by the next conditional
  UPDATE as if they were available (:func:`sellable`); a dead GA hold row is reclaimed (deleted,
  its quantity given back to the tier) by the next GA hold on the event. No background job.
- Whoever deletes a GA hold row either sells its quantity (checkout) or gives it back (release,
  reclaim), so ``price_tier.ga_sold`` == valid GA tickets + quantities of existing GA hold rows.
- Locks are taken in one order, so desks wait for each other briefly and rarely deadlock (and
  ``Database.run`` retries the rare deadlock): first the contested rows — hold rows and seats, by
  conditional UPDATE/DELETE; then the rest of the work — inserts, tickets, GA tier counters,
  refunds; and last :func:`publish`, which bumps the event row's ``seat_version`` (and
  ``sold_count``) and stamps the changed seats with it. The hot event row is therefore locked
  only for two statements and the commit, and versions commit in order, so the seat monitor
  never misses a change.
- For that, booking, ticket and hold carry no foreign key to event (see ``Booking.event_id``):
  InnoDB checks such a key by share-locking the event row early in the transaction, and two
  desks holding that shared lock while asking for the exclusive one would deadlock. The
  row-count-checked bump in :func:`publish` is what proves the event still exists at commit.
"""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.sales.inventory.across import (
        SeatInEvent,
        free_in_all,
        hold_across,
        issue_across,
        seat_in_events,
        sell_across,
    )
    from boxoffice.services.sales.inventory.common import (
        AVAILABLE,
        CHUNK,
        HELD,
        MAX_SEATS_PER_HOLD,
        SOLD,
        chunks,
        hold_length,
        quantity_arg,
        rowcount,
        run,
        seat_ids_arg,
        staff_id,
    )
    from boxoffice.services.sales.inventory.events import (
        EVENT_ROW_COLUMNS,
        EventRow,
        load_event,
        lock_version,
        on_sale_event,
        publish,
        require_on_sale,
        stamp,
    )
    from boxoffice.services.sales.inventory.general_admission import (
        give_back_ga,
        take_ga,
        try_take_ga,
    )
    from boxoffice.services.sales.inventory.held_types import (
        forget_held_types,
        held_choices,
        set_ga_count,
        set_seat_types,
    )
    from boxoffice.services.sales.inventory.holds import (
        HoldRow,
        claim_hold,
        drop_hold,
        grow_ga_hold,
        hold_row,
        insert_hold,
        reclaim_expired,
        renew_ga_hold,
    )
    from boxoffice.services.sales.inventory.offers import (
        drop_offer,
        free_counts,
        hold_free_seats,
    )
    from boxoffice.services.sales.inventory.seats import (
        by_hold,
        describe,
        free_held,
        free_sold,
        live_held,
        renew_held,
        seat_labels,
        sell_held,
        sellable,
        take_seats,
        try_take_block,
        unavailable,
    )
    from boxoffice.services.sales.inventory.tickets import (
        cancel_tickets,
        issue_tickets,
        mark_used,
    )

__all__ = [
    "AVAILABLE",
    "CHUNK",
    "EVENT_ROW_COLUMNS",
    "HELD",
    "MAX_SEATS_PER_HOLD",
    "SOLD",
    "EventRow",
    "HoldRow",
    "SeatInEvent",
    "by_hold",
    "cancel_tickets",
    "chunks",
    "claim_hold",
    "describe",
    "drop_hold",
    "drop_offer",
    "forget_held_types",
    "free_counts",
    "free_held",
    "free_in_all",
    "free_sold",
    "give_back_ga",
    "grow_ga_hold",
    "held_choices",
    "hold_across",
    "hold_free_seats",
    "hold_length",
    "hold_row",
    "insert_hold",
    "issue_across",
    "issue_tickets",
    "live_held",
    "load_event",
    "lock_version",
    "mark_used",
    "on_sale_event",
    "publish",
    "quantity_arg",
    "reclaim_expired",
    "renew_ga_hold",
    "renew_held",
    "require_on_sale",
    "rowcount",
    "run",
    "seat_ids_arg",
    "seat_in_events",
    "seat_labels",
    "sell_across",
    "sell_held",
    "sellable",
    "set_ga_count",
    "set_seat_types",
    "staff_id",
    "stamp",
    "take_ga",
    "take_seats",
    "try_take_block",
    "try_take_ga",
    "unavailable",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
