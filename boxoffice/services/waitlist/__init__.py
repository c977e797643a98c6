"""Waiting lists: customers queued for a sold-out event or tier, offered seats as they come back.

- ``entries``     add, remove, list, and take an offer to the desk's cart (public use cases)
- ``offers``      the offer pass run inside every transaction that frees seats; lazy expiry
- ``offer_mail``  the offer e-mail, queued in the outbox in the same transaction
- ``sweeper``     the cron entry point (``boxoffice waitlist sweep``)
- ``views``       the plain values returned
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.waitlist.entries import (
        add_to_waitlist,
        customer_waitlist,
        event_waitlist,
        remove_from_waitlist,
        take_offer,
        ticket_type_choices,
    )
    from boxoffice.services.waitlist.offers import offer_free_seats, offered_seat_ids
    from boxoffice.services.waitlist.sweeper import SweepResult, sweep
    from boxoffice.services.waitlist.views import Offer, WaitlistEntryView

__all__ = [
    "Offer",
    "SweepResult",
    "WaitlistEntryView",
    "add_to_waitlist",
    "customer_waitlist",
    "event_waitlist",
    "offer_free_seats",
    "offered_seat_ids",
    "remove_from_waitlist",
    "sweep",
    "take_offer",
    "ticket_type_choices",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
