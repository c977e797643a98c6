"""The cart with discount codes: the hold priced with the codes the clerk typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales import pricing
from boxoffice.services.sales.discount_codes.rules import rules_for
from boxoffice.services.sales.holds import HoldInfo, hold_in
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
        info = hold_in(s, hold_id, now)
        if info is None or not wanted:
            return info
        rules = rules_for(s, wanted, info.event_id, info.lines, customer_id, now)
        quote = pricing.quote(QuoteRequest(info.lines, wanted, customer_id, rules))
        return replace(info, quote=quote)

    return inv.run(db, work)
