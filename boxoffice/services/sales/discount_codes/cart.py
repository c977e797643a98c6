"""The cart with discount codes: the hold priced with the codes the clerk typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.services.sales import event_pricing, pricing
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.discount_codes.rules import rules_for
from boxoffice.services.sales.holds import HoldInfo, current_hold
from boxoffice.services.sales.pricing import QuoteRequest


def price_hold(
    db: Database,
    actor: Actor,
    hold_id: str,
    codes: Sequence[str],
    customer_id: int | None = None,
) -> HoldInfo | None:
    """The hold as it stands, quoted with *codes* (None if it ran out or was released).

    CodeRefused says why a code does not apply; nothing is counted until checkout.
    """
    actor.require(Permission.SELL)
    wanted = tuple(c for c in codes if c.strip())

    def work(s: Session) -> HoldInfo | None:
        now = utcnow()
        info = current_hold(s, hold_id, now)
        if info is None or not wanted:
            return info
        rules = rules_for(s, wanted, info.event_id, info.lines, customer_id, now)
        event = event_pricing.load(s, info.event_id)

        def request(methods: list[str] | None = None) -> QuoteRequest:
            # The event's fees and tax as the plain cart has them, plus the codes' discounts.
            plain = event.request(info.lines, methods)
            return replace(plain, codes=wanted, customer_id=customer_id, discounts=rules)

        totals = tuple(
            (key, pricing.quote(request(key.split("+"))).total) for key, _ in info.method_totals
        )
        return replace(info, quote=pricing.quote(request()), method_totals=totals)

    return inv.run(db, work)
