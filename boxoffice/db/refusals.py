"""A row the database refused (a CHECK or the live-seat unique index) as a message for the user.

The schema is the last line of defence: the services check everything first, so a refusal here
means a bug or a row written by hand. Either way the desk shows what rule was broken instead of a
driver traceback. Other integrity errors (a clashing reference or idempotency key) are left
alone: the services catch those and act on them.

How each backend names the constraint:
  SQLite   ``CHECK constraint failed: ck_booking_total_cents`` / ``UNIQUE constraint failed:
           ticket.live_seat_id``
  MariaDB  (4025) ``CONSTRAINT `ck_booking_total_cents` failed for `db`.`booking```
  MySQL 8  (3819) ``Check constraint 'ck_booking_total_cents' is violated.``
  both     (1062) ``Duplicate entry '5' for key '[ticket.]uq_ticket_live_seat_id'``
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError

from boxoffice.domain.errors import BoxOfficeError, Conflict, SoldOut, ValidationError
from boxoffice.i18n import N_, _

LIVE_SEAT_INDEX = "uq_ticket_live_seat_id"
_CHECK = re.compile(r"\b(ck_[a-z0-9_]+)")
_LIVE_SEAT = re.compile(r"uq_ticket_live_seat_id|ticket\.live_seat_id")

# Constraint name (or its suffix after the table) -> the message shown.
_SPECIFIC: dict[str, tuple[type[BoxOfficeError], str]] = {
    "ck_event_ends_after_start": (ValidationError, N_("The event must end after it starts.")),
    "ck_event_sales_close_after_open": (
        ValidationError,
        N_("Booking cannot close before it opens."),
    ),
    "ck_price_tier_ga_not_oversold": (SoldOut, N_("Not enough places left in this price tier.")),
    "ck_event_seat_sold_has_booking": (
        Conflict,
        N_("A seat can be sold only to a booking (and only a sold seat has one)."),
    ),
    "ck_event_seat_held_has_hold": (Conflict, N_("A held seat needs its hold and expiry.")),
    "ck_ticket_cancelled_has_time": (
        ValidationError,
        N_("A ticket is cancelled exactly when it has a cancellation time."),
    ),
    "ck_saved_card_exp_month_valid": (ValidationError, N_("A card's expiry month is 1 to 12.")),
    "ck_saved_card_last4_four_digits": (
        ValidationError,
        N_("A card's last digits are exactly four."),
    ),
}
_BY_SUFFIX: tuple[tuple[str, str], ...] = (
    ("_cents", N_("Amounts must be zero or more, in whole cents")),
    ("_known", N_("Unknown value")),
    ("_not_negative", N_("This number cannot be negative")),
    ("_positive", N_("This number must be at least 1")),
)


def refusal(exc: DBAPIError) -> BoxOfficeError | None:
    """The user-facing error for a refused row, or None if *exc* is not such a refusal."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if _LIVE_SEAT.search(text):
        return Conflict(
            _("This seat already has a valid ticket; it cannot be sold or issued twice.")
        )
    found = _CHECK.search(text)
    if found is None:
        return None
    name = found.group(1)
    if name in _SPECIFIC:
        kind, text = _SPECIFIC[name]
        return kind(_(text))
    for suffix, message in _BY_SUFFIX:
        if name.endswith(suffix):
            return ValidationError(
                _("{message} (database rule {name}).").format(message=_(message), name=name)
            )
    return ValidationError(_("The database refused this change (rule {name}).").format(name=name))
