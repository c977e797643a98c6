"""Hooks the booking and event services call *inside their transaction* when customers must hear
about a change. The e-mail outbox implements them by writing outbox rows in that same
transaction, so a rolled-back change sends nothing and a committed one is never forgotten.

Every function takes the open session and ids (never ORM objects from another session).
"""

from __future__ import annotations

from sqlalchemy.orm import Session


def booking_confirmed(session: Session, booking_id: int) -> None:
    """A new booking was paid: send the confirmation with the tickets PDF."""


def booking_updated(session: Session, booking_id: int, summary: str) -> None:
    """Seats exchanged or tickets cancelled on a still-confirmed booking (*summary* says what)."""


def booking_cancelled(session: Session, booking_id: int, refunded: str) -> None:
    """The whole booking was cancelled; *refunded* is the formatted refund amount."""


def event_changed(session: Session, event_id: int, changes: list[tuple[str, str, str]]) -> None:
    """Date, time or venue of an event with sales changed: ``(field, old, new)`` per change."""


def event_cancelled(session: Session, event_id: int) -> None:
    """The event was cancelled and its bookings refunded."""
