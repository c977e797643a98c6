"""An event's pricing rules read from the database (ticket types and their price per tier, fees,
tax), and the priced lines of a hold with the types its cart chose. The quote itself is made by
:mod:`boxoffice.services.sales.pricing` from what this returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import EventFee, EventTax, Setting, TaxRate, TicketType, TicketTypePrice
from boxoffice.domain.pricing_kinds import FeePer, TypePriceMode
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.pricing import PriceLine, QuoteRequest
from boxoffice.services.sales.pricing.rules import (
    FeeRule,
    TaxRateRule,
    TaxRules,
    TicketTypeRule,
)

INCLUSIVE_SETTING = "prices_include_tax"  # app_setting: "1" (default) or "0"


@dataclass(frozen=True)
class TicketTypeInfo:
    """A type the clerk can choose in the cart."""

    id: int
    name: str
    is_default: bool = False
    complimentary: bool = False
    check: str = ""


@dataclass(frozen=True)
class EventPricing:
    types: tuple[TicketTypeInfo, ...] = ()
    # (type id, tier id, mode, value)
    prices: tuple[tuple[int, int, str, Decimal], ...] = ()
    fees: tuple[FeeRule, ...] = ()
    tax: TaxRules | None = None

    @property
    def default_type(self) -> TicketTypeInfo | None:
        return next((t for t in self.types if t.is_default), self.types[0] if self.types else None)

    def type_info(self, type_id: int | None) -> TicketTypeInfo | None:
        if type_id is None:
            return self.default_type
        return next((t for t in self.types if t.id == type_id), None)

    def rule(self, type_id: int | None, tier_id: int) -> TicketTypeRule | None:
        """How *type_id* (None: the default type) prices *tier_id*; None without types."""
        info = self.type_info(type_id)
        if info is None:
            return None
        found = next(
            ((m, v) for t, tier, m, v in self.prices if t == info.id and tier == tier_id), None
        )
        mode, value = (TypePriceMode(found[0]), found[1]) if found else (None, Decimal("0.00"))
        return TicketTypeRule(
            info.id, info.name, mode, value, info.complimentary, info.check, info.is_default
        )

    def request(
        self, lines: Sequence[PriceLine], payment_methods: str | Iterable[str] | None = None
    ) -> QuoteRequest:
        """The quote request of *lines* paid by *payment_methods* (one method or several)."""
        if payment_methods is None:
            methods: frozenset[str] = frozenset()
        elif isinstance(payment_methods, str):
            methods = frozenset({payment_methods})
        else:
            methods = frozenset(payment_methods)
        return QuoteRequest(tuple(lines), fees=self.fees, tax=self.tax, payment_methods=methods)

    @property
    def fee_methods(self) -> tuple[str, ...]:
        """The payment methods that bring fees of their own, sorted."""
        return tuple(sorted({f.payment_method for f in self.fees if f.payment_method}))


def load(s: Session, event_id: int) -> EventPricing:
    """The event's types, their prices per tier, fees and tax rate (all empty: tier prices)."""
    types = tuple(
        TicketTypeInfo(*row)
        for row in s.execute(
            select(
                TicketType.id,
                TicketType.name,
                TicketType.is_default,
                TicketType.complimentary,
                TicketType.clerk_check,
            )
            .where(TicketType.event_id == event_id)
            .order_by(TicketType.sort_order, TicketType.id)
        )
    )
    prices: tuple[tuple[int, int, str, Decimal], ...] = ()
    if types:
        prices = tuple(
            (row[0], row[1], row[2], row[3])
            for row in s.execute(
                select(
                    TicketTypePrice.ticket_type_id,
                    TicketTypePrice.tier_id,
                    TicketTypePrice.mode,
                    TicketTypePrice.value,
                ).where(TicketTypePrice.ticket_type_id.in_([t.id for t in types]))
            )
        )
    fees = tuple(
        FeeRule(
            f.id, f.name, FeePer(f.per), f.amount, f.refundable, f.payment_method, f.tax_rate_id
        )
        for f in s.scalars(
            select(EventFee).where(EventFee.event_id == event_id).order_by(EventFee.id)
        )
    )
    ticket_rate = s.scalar(select(EventTax.tax_rate_id).where(EventTax.event_id == event_id))
    wanted = {ticket_rate} | {f.tax_rate_id for f in fees}
    wanted.discard(None)
    tax = None
    if wanted:
        rates = tuple(
            TaxRateRule(r.id, r.name, r.percent)
            for r in s.scalars(select(TaxRate).where(TaxRate.id.in_(wanted)))
        )
        tax = TaxRules(ticket_rate, rates, prices_include_tax(s))
    return EventPricing(types, prices, fees, tax)


def prices_include_tax(s: Session) -> bool:
    """The installation setting: prices are entered with tax in them (default) or without."""
    value = s.scalar(select(Setting.value).where(Setting.key == INCLUSIVE_SETTING))
    return value is None or value.strip() not in ("0", "false", "no")


def typed_lines(
    s: Session, hold_id: str, lines: Sequence[PriceLine], pricing: EventPricing
) -> tuple[PriceLine, ...]:
    """*lines* of *hold_id* with the types its cart chose (the default type otherwise). A GA
    line is split into one line per type chosen for some of its places."""
    if not pricing.types:
        return tuple(lines)
    by_seat: dict[int, int] = {}
    ga: list[list[int]] = []  # [type id, places not yet given to a line]
    for seat_id, type_id, quantity, _reason in inv.held_choices(s, hold_id):
        if seat_id is None:
            if pricing.type_info(type_id) is not None:
                ga.append([type_id, quantity])
        else:
            by_seat[seat_id] = type_id
    out: list[PriceLine] = []
    for line in lines:
        if line.seat_id is not None:
            chosen = by_seat.get(line.seat_id)
            out.append(replace(line, ticket_type=pricing.rule(chosen, line.tier_id)))
            continue
        left = line.quantity
        for choice in ga:  # checkout has one GA line per place: the counts carry over
            take = min(left, choice[1])
            if take > 0:
                rule = pricing.rule(choice[0], line.tier_id)
                out.append(replace(line, quantity=take, ticket_type=rule))
                choice[1] -= take
                left -= take
        if left > 0:
            out.append(replace(line, quantity=left, ticket_type=pricing.rule(None, line.tier_id)))
    return tuple(out)


def reasons(s: Session, hold_id: str) -> dict[int | None, str]:
    """Why each complimentary choice was made: event_seat id (None: GA) -> reason."""
    return {seat_id: reason for seat_id, _t, _q, reason in inv.held_choices(s, hold_id) if reason}
