"""Where a ticket admits its holder: the joins from a ticket to its booking, price tier and
(for a seated ticket) seat and section, shared by the door's list and the check-in verdict."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

from boxoffice.db.models import Booking, EventSeat, PriceTier, Seat, Section, Ticket

_Q = TypeVar("_Q", bound="Select[*tuple[Any, ...]]")

PLACE_COLUMNS = (Booking.reference, Section.name, Seat.row_label, Seat.number, PriceTier.name)
"""Booking reference, section, row, seat number (None for general admission) and tier name."""


def with_place(query: _Q) -> _Q:
    """*query* (over ``Ticket``) joined to what :data:`PLACE_COLUMNS` read."""
    return (
        query.join(Booking, Booking.id == Ticket.booking_id)
        .join(PriceTier, PriceTier.id == Ticket.tier_id)
        .outerjoin(EventSeat, EventSeat.id == Ticket.event_seat_id)
        .outerjoin(Seat, Seat.id == EventSeat.seat_id)
        .outerjoin(Section, Section.id == Seat.section_id)
    )
