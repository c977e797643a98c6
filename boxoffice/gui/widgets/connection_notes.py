"""What the clerk is told when the database connection broke during a sale.

A checkout is idempotent (one key per payment dialog or cash sale), so the two outcomes are
simple: it went through once (the desk reconnected, perhaps to another server of the cluster),
or it did not and pressing Pay again is safe.
"""

from __future__ import annotations

from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.i18n import _
from boxoffice.services.sales.purchase import BookingResult


def reconnected_note(result: BookingResult) -> str | None:
    """The message for a sale that went through after a reconnect (None for a plain sale)."""
    if not result.reconnected:
        return None
    return _(
        "Reconnected to the database: the sale went through (booking {reference}), once — "
        "nothing was booked or charged twice."
    ).format(reference=result.reference)


def not_through_note(exc: DatabaseUnavailable) -> str:
    """The message for a checkout that found no database server to finish on."""
    return _(
        "The sale did not go through: {message} Try again in a moment — the seats stay held, "
        "and paying again never books or charges twice."
    ).format(message=exc.message)
