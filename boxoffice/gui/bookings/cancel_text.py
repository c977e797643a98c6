"""The confirm button of a cancellation says what it does: "Refund €85.00 and cancel".

Two "Cancel tickets" buttons on screen at once (the one that asks and the one that does it)
read the same; the confirming one names the money that goes back."""

from __future__ import annotations

from decimal import Decimal

from boxoffice.domain.money import format_money
from boxoffice.i18n import _


def refund_and_cancel(refund: Decimal, what: str = "") -> str:
    """``Refund €85.00 and cancel`` (+ *what*), or ``Cancel … (nothing to refund)``."""
    tail = f" {what}" if what else ""
    if refund > 0:
        return _("Refund {amount} and cancel{tail}").format(amount=format_money(refund), tail=tail)
    return _("Cancel{value} (nothing to refund)").format(value=tail or " now")
