"""The terms-of-sale rule, one for every way of paying: the payment dialog's box and the
question before F9 Cash exact both ask :func:`terms_required` (setting ``confirm_terms``)."""

from __future__ import annotations

from boxoffice import config
from boxoffice.i18n import N_, _

TERMS_TICKED = N_("Tick the terms box once the customer has agreed.")


def terms_required() -> bool:
    """Must the clerk confirm the customer agreed to the terms of sale before selling?"""
    return bool(config.get("confirm_terms"))


def cash_exact_question(total: str) -> str:
    """What F9 asks when the terms must be confirmed."""
    return _(
        "Cash exact {total}: has the customer agreed to the terms of sale? Enter or F9 sells, "
        "Esc goes back."
    ).format(total=total)
