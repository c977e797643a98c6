"""Waiting-list states: what an entry is doing now."""

from __future__ import annotations

from enum import StrEnum


class WaitlistStatus(StrEnum):
    WAITING = "waiting"  # in the queue, nothing offered yet
    OFFERED = "offered"  # seats held for the customer until ``offer_expires_at``
    TAKEN = "taken"  # a desk took the offered seats into its cart
    EXPIRED = "expired"  # the offer ran out; its seats went on to the next
    REMOVED = "removed"  # the clerk took the customer off the list
