"""Checking discount codes typed in the cart against the database: a valid code becomes a
:class:`DiscountRule` for the pricing step; one that does not apply raises
:class:`CodeRefused` saying why (unknown, disabled, not yet or no longer valid, another
event or tier, used up, limited per customer)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import DiscountCode, DiscountCodeCustomer, PriceTier
from boxoffice.domain.discount import CodeRefused, DiscountApplies, DiscountKind, DiscountRule
from boxoffice.i18n import _
from boxoffice.services.sales.pricing.quotes import PriceLine

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,31}$")
MAX_CODES = 1  # one discount code per sale: stacking codes is a policy no desk asked for


def normalise(text: str) -> str:
    """The code as stored: trimmed, upper case. CodeRefused if it cannot be a code."""
    code = text.strip().upper()
    if not CODE_PATTERN.match(code):
        raise CodeRefused(
            _("{strip!r} is not a discount code (3–32 letters, digits, - or _).").format(
                strip=text.strip()
            )
        )
    return code


def parse_ids(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split())


def format_ids(ids: Iterable[int]) -> str:
    return " ".join(str(i) for i in sorted(set(ids)))


def rules_for(
    s: Session,
    codes: Sequence[str],
    event_id: int,
    lines: Sequence[PriceLine],
    customer_id: int | None,
    now: datetime,
) -> tuple[DiscountRule, ...]:
    """The rules of *codes* for a sale of *lines* of *event_id*; CodeRefused for the first
    code that does not apply. Reads only: the use is counted at checkout (:mod:`uses`)."""
    wanted = list(dict.fromkeys(normalise(c) for c in codes if c.strip()))
    if len(wanted) > MAX_CODES:
        raise CodeRefused(_("Only one discount code can be used per sale."))
    return tuple(_rule(s, code, event_id, lines, customer_id, now) for code in wanted)


def _rule(
    s: Session,
    code: str,
    event_id: int,
    lines: Sequence[PriceLine],
    customer_id: int | None,
    now: datetime,
) -> DiscountRule:
    row = s.scalar(select(DiscountCode).where(DiscountCode.code == code))
    if row is None:
        raise CodeRefused(_("There is no discount code {code}.").format(code=code))
    if not row.active:
        raise CodeRefused(_("Code {code} has been disabled.").format(code=code))
    if row.valid_from is not None and now < row.valid_from:
        raise CodeRefused(
            _("Code {code} is valid only from {valid_from:%Y-%m-%d %H:%M} UTC.").format(
                code=code, valid_from=row.valid_from
            )
        )
    if row.valid_until is not None and now >= row.valid_until:
        raise CodeRefused(
            _("Code {code} expired on {valid_until:%Y-%m-%d %H:%M} UTC.").format(
                code=code, valid_until=row.valid_until
            )
        )
    events = parse_ids(row.event_ids)
    if events and event_id not in events:
        raise CodeRefused(_("Code {code} is not valid for this event.").format(code=code))
    tiers = parse_ids(row.tier_ids) or None
    if tiers is not None and not any(line.tier_id in tiers for line in lines):
        names = s.scalars(
            select(PriceTier.name).where(PriceTier.id.in_(tiers), PriceTier.event_id == event_id)
        ).all()
        only = f" (only {', '.join(sorted(names))})" if names else ""
        raise CodeRefused(
            _("Code {code} does not cover the tickets in the cart{only}.").format(
                code=code, only=only
            )
        )
    if row.use_limit is not None and row.uses >= row.use_limit:
        raise CodeRefused(
            _("Code {code} has been used up ({use_limit} uses).").format(
                code=code, use_limit=row.use_limit
            )
        )
    if row.per_customer_limit is not None:
        if customer_id is None:
            raise CodeRefused(
                _(
                    "Code {code} is limited per customer: attach the customer to the sale first."
                ).format(code=code)
            )
        used = s.scalar(
            select(DiscountCodeCustomer.uses).where(
                DiscountCodeCustomer.code_id == row.id,
                DiscountCodeCustomer.customer_id == customer_id,
            )
        )
        if used is not None and used >= row.per_customer_limit:
            raise CodeRefused(
                _("This customer has already used code {code} {value} (the limit).").format(
                    code=code, value="once" if used == 1 else f"{used} times"
                )
            )
    return DiscountRule(
        row.id, code, DiscountKind(row.kind), row.value, DiscountApplies(row.applies_to), tiers
    )
