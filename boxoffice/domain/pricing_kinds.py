"""The kinds of pricing rules stored in the database (ticket-type prices, fees)."""

from __future__ import annotations

from enum import StrEnum


class TypePriceMode(StrEnum):
    """How a ticket type is priced at a tier."""

    PRICE = "price"  # a fixed price
    OFF = "off"  # an amount off the tier's price
    PERCENT = "percent"  # a percentage off the tier's price


class FeePer(StrEnum):
    """What a booking fee is charged on."""

    TICKET = "ticket"
    ORDER = "order"
