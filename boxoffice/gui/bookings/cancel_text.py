"""The confirm button of a cancellation says what it does: "Refund €85.00 and cancel".

Two "Cancel tickets" buttons on screen at once (the one that asks and the one that does it)
read the same; the confirming one names the money that goes back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boxoffice.domain.money import format_money
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.i18n import N_, _

# The clerk's choice beside a refund to the original payment (cancellations and exchanges).
VOUCHER_OPTION = N_("Refund onto a new gift voucher instead of the original payment")


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


def voucher_option() -> str:
    return _(VOUCHER_OPTION)


def refunded_text(reference: str, refunded: Decimal, to_voucher: bool) -> str:
    """``ABC123: cancelled, €85.00 refunded`` (onto a new gift voucher)."""
    if to_voucher and refunded > 0:
        return _("{reference}: cancelled, {amount} refunded onto a new gift voucher.").format(
            reference=reference, amount=format_money(refunded)
        )
    return _("{reference}: cancelled, {amount} refunded.").format(
        reference=reference, amount=format_money(refunded)
    )


def refund_by_choices(may_override: bool) -> dict[str, Any]:
    """The confirm bar's "Refund by" drop-down of a cancellation, for a manager (*may_override*:
    MANAGE_BOOKINGS); nothing for a clerk. Any other entry than the first needs a reason."""
    if not may_override:
        return {}
    return {
        "choices": [
            (_("the way it was paid"), None),
            (_("cash from this till (card gone)"), PaymentMethodKind.CASH.value),
        ],
        "choice_label": _("Refund &by:"),
    }


def refund_by_of(chosen: Any) -> PaymentMethodKind | None:
    """The refund method picked in the confirm bar (Qt hands item data back as a plain str)."""
    return PaymentMethodKind(chosen) if chosen else None
