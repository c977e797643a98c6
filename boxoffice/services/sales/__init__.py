"""Selling: find events on sale (catalog), hold seats or places (holds, best seats: the cart),
quote (pricing/), take payment (payments, gateway, saved cards), turn a hold into a booking
(purchase: checkout), a walk-up sale in one call (walk_up: best seats + cash or card), and the
live seat monitor.

- ``pricing/``    every quote (cart, checkout, exchange, refund): lines, ordered steps, total
- ``inventory/``  the only code that changes a seat's state or inserts tickets
- ``event_pricing``  an event's types, fees and tax read for the quote; ``ticket_choice`` the
  type the clerk picks per seat in the cart
- ``card_keys``   re-encrypting saved cards under a new key
"""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.sales.card_keys import (
        key_use,
        reencrypt_cards,
        retire_card_key,
    )
    from boxoffice.services.sales.catalog import (
        EventDetail,
        EventQuery,
        EventSummary,
        ListCount,
        VenueInfo,
        count_events,
        get_event,
        list_counts,
        list_venues,
        search_events,
        seat_changes,
        seat_map,
        seat_versions,
    )
    from boxoffice.services.sales.holds import (
        HoldInfo,
        HoldLine,
        best_available,
        get_hold,
        hold_general_admission,
        hold_seats,
        release_seats,
    )
    from boxoffice.services.sales.monitor import (
        EventUpdate,
        MonitorEvent,
        MonitorSnapshot,
        SeatCounts,
        monitor_events,
        open_event,
        poll,
    )
    from boxoffice.services.sales.purchase import (
        BookingResult,
        checkout,
    )
    from boxoffice.services.sales.saved_cards import (
        add_card,
        list_cards,
        remove_card,
        set_default_card,
    )
    from boxoffice.services.sales.ticket_choice import set_ticket_type
    from boxoffice.services.sales.walk_up import walk_up_sale

__all__ = [
    "BookingResult",
    "EventDetail",
    "EventQuery",
    "EventSummary",
    "EventUpdate",
    "HoldInfo",
    "HoldLine",
    "ListCount",
    "MonitorEvent",
    "MonitorSnapshot",
    "SeatCounts",
    "VenueInfo",
    "add_card",
    "best_available",
    "checkout",
    "count_events",
    "get_event",
    "get_hold",
    "hold_general_admission",
    "hold_seats",
    "key_use",
    "list_cards",
    "list_counts",
    "list_venues",
    "monitor_events",
    "open_event",
    "poll",
    "reencrypt_cards",
    "release_seats",
    "remove_card",
    "retire_card_key",
    "search_events",
    "seat_changes",
    "seat_map",
    "seat_versions",
    "set_default_card",
    "set_ticket_type",
    "walk_up_sale",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
