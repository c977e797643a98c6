"""Payment methods as reports name and order them: cash, card, saved card, then any other."""

from __future__ import annotations

from boxoffice.i18n import N_, _

METHOD_NAMES = {"cash": N_("Cash"), "card": N_("Card"), "saved_card": N_("Saved card")}


def method_name(method: str) -> str:
    """The method's name on a report (an unknown one spelled from its key)."""
    known = METHOD_NAMES.get(method)
    return _(known) if known else method.replace("_", " ").capitalize()


def method_order(method: str) -> tuple[int, str]:
    """Sort key of payment methods: cash, card, saved card, then any other by name."""
    order = list(METHOD_NAMES)
    return (order.index(method) if method in order else len(order), method)
