"""Payment methods as reports name and order them: cash, card, saved card, then any other."""

from __future__ import annotations

METHOD_NAMES = {"cash": "Cash", "card": "Card", "saved_card": "Saved card"}


def method_name(method: str) -> str:
    """The method's name on a report (an unknown one spelled from its key)."""
    return METHOD_NAMES.get(method, method.replace("_", " ").capitalize())


def method_order(method: str) -> tuple[int, str]:
    """Sort key of payment methods: cash, card, saved card, then any other by name."""
    order = list(METHOD_NAMES)
    return (order.index(method) if method in order else len(order), method)
