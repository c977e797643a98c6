"""Counting a code's uses inside the checkout (and giving them back on cancellation).

The total and the per-customer count are each raised by one conditional UPDATE
(``uses < limit``) whose row count must be 1: with any number of desks at once a code is never
redeemed past its limit. Runs inside the caller's transaction; a refusal rolls the sale back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.orm import Session

from boxoffice.db.models import DiscountCode, DiscountCodeCustomer, DiscountRedemption
from boxoffice.domain.discount import CodeRefused, DiscountRule
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import rowcount
from boxoffice.services.sales.pricing.quotes import Quote


def redeem_in(
    s: Session,
    rules: Sequence[DiscountRule],
    quote: Quote,
    booking_id: int,
    customer_id: int | None,
    now: datetime,
) -> None:
    """Count one use of each rule's code for *booking_id*, with the discount *quote* gave."""
    for rule in rules:
        given = -sum(
            (a.amount for a in quote.adjustments if a.label == rule.label), Decimal("0.00")
        )
        taken = rowcount(
            s.execute(
                update(DiscountCode)
                .where(
                    DiscountCode.id == rule.code_id,
                    DiscountCode.active.is_(True),
                    (DiscountCode.use_limit.is_(None))
                    | (DiscountCode.uses < DiscountCode.use_limit),
                )
                .values(uses=DiscountCode.uses + 1)
                .execution_options(synchronize_session=False)
            )
        )
        if taken != 1:
            raise CodeRefused(
                _(
                    "Code {code} was used up (or disabled) at another desk just now; "
                    "remove it to sell without it."
                ).format(code=rule.code)
            )
        limit = s.scalar(
            select(DiscountCode.per_customer_limit).where(DiscountCode.id == rule.code_id)
        )
        if limit is not None:
            _count_customer(s, rule, customer_id, limit)
        s.execute(
            insert(DiscountRedemption).values(
                code_id=rule.code_id,
                booking_id=booking_id,
                customer_id=customer_id,
                amount=given,
                redeemed_at=now,
            )
        )


def _count_customer(s: Session, rule: DiscountRule, customer_id: int | None, limit: int) -> None:
    if customer_id is None:
        raise CodeRefused(
            _("Code {code} is limited per customer: attach the customer to the sale first.").format(
                code=rule.code
            )
        )
    row = {"code_id": rule.code_id, "customer_id": customer_id, "uses": 0}
    if s.get_bind().dialect.name == "sqlite":
        s.execute(sqlite.insert(DiscountCodeCustomer).values(row).on_conflict_do_nothing())
    else:
        my = mysql.insert(DiscountCodeCustomer).values(row)
        s.execute(my.on_duplicate_key_update(uses=DiscountCodeCustomer.uses))
    taken = rowcount(
        s.execute(
            update(DiscountCodeCustomer)
            .where(
                DiscountCodeCustomer.code_id == rule.code_id,
                DiscountCodeCustomer.customer_id == customer_id,
                DiscountCodeCustomer.uses < limit,
            )
            .values(uses=DiscountCodeCustomer.uses + 1)
            .execution_options(synchronize_session=False)
        )
    )
    if taken != 1:
        raise CodeRefused(
            _("This customer has already used code {code} (the limit).").format(code=rule.code)
        )


def release_in(s: Session, booking_id: int, now: datetime) -> int:
    """A cancelled booking gives back the uses of its codes that say so; returns how many."""
    rows = s.execute(
        select(DiscountRedemption.id, DiscountRedemption.code_id, DiscountRedemption.customer_id)
        .join(DiscountCode, DiscountCode.id == DiscountRedemption.code_id)
        .where(
            DiscountRedemption.booking_id == booking_id,
            DiscountRedemption.released_at.is_(None),
            DiscountCode.cancel_returns_use.is_(True),
        )
    ).all()
    for redemption_id, code_id, customer_id in rows:
        # Marking the redemption first, by row count, makes a second cancellation a no-op.
        marked = rowcount(
            s.execute(
                update(DiscountRedemption)
                .where(
                    DiscountRedemption.id == redemption_id,
                    DiscountRedemption.released_at.is_(None),
                )
                .values(released_at=now)
                .execution_options(synchronize_session=False)
            )
        )
        if marked != 1:
            continue
        s.execute(
            update(DiscountCode)
            .where(DiscountCode.id == code_id, DiscountCode.uses > 0)
            .values(uses=DiscountCode.uses - 1)
            .execution_options(synchronize_session=False)
        )
        if customer_id is not None:
            s.execute(
                update(DiscountCodeCustomer)
                .where(
                    DiscountCodeCustomer.code_id == code_id,
                    DiscountCodeCustomer.customer_id == customer_id,
                    DiscountCodeCustomer.uses > 0,
                )
                .values(uses=DiscountCodeCustomer.uses - 1)
                .execution_options(synchronize_session=False)
            )
    return len(rows)
