"""The confirm button of a cancellation says what it does: "Refund €85.00 and cancel".

Two "Cancel tickets" buttons on screen at once (the one that asks and the one that does it)
read the same; the confirming one names the money that goes back."""

from __future__ import annotations

from decimal import Decimal

from boxoffice.domain.money import format_money
from boxoffice.i18n import _


def refund_and_cancel(refund: Decimal, booking: bool = False) -> str:
    """``Refund €85.00 and cancel`` (``… and cancel booking`` for a whole *booking*), or
    ``Cancel now (nothing to refund)``."""
    amount = format_money(refund)
    if booking:
        if refund > 0:
            return _("Refund {amount} and cancel booking").format(amount=amount)
        return _("Cancel booking (nothing to refund)")
    if refund > 0:
        return _("Refund {amount} and cancel").format(amount=amount)
    return _("Cancel now (nothing to refund)")
