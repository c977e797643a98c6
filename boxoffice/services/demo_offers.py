"""The demo data's discount codes and gift vouchers (called by :func:`demo.load_demo`): a live
code every desk can try, a spent-out and a disabled one, and two vouchers."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from boxoffice.db.models import DiscountCode, GiftVoucher, StaffUser, VoucherMovement
from boxoffice.domain.discount import DiscountApplies, DiscountKind
from boxoffice.domain.reference import new_reference
from boxoffice.domain.voucher import VoucherMovementKind

# (code, kind, value, per, use limit, per customer, active, description)
CODES = (
    (
        "DEMO10",
        DiscountKind.PERCENT,
        "10",
        DiscountApplies.TICKET,
        500,
        None,
        True,
        "Demo: 10% off every ticket",
    ),
    (
        "FRIENDS5",
        DiscountKind.FIXED,
        "5.00",
        DiscountApplies.ORDER,
        None,
        1,
        True,
        "Demo: 5.00 off an order, once per customer",
    ),
    (
        "LAUNCH",
        DiscountKind.PERCENT,
        "25",
        DiscountApplies.TICKET,
        50,
        None,
        False,
        "Demo: the launch offer, over",
    ),
)
VOUCHERS = (("50.00", 365, "Birthday present"), ("25.00", None, ""))


def add_offers(
    session: Session, staff: dict[str, StaffUser], now: datetime, ref_rng: random.Random
) -> None:
    manager, clerk = staff["manager"], staff["clerk"]
    for code, kind, value, per, limit, per_customer, active, description in CODES:
        session.add(
            DiscountCode(
                code=code,
                description=description,
                kind=kind.value,
                value=Decimal(value),
                applies_to=per.value,
                event_ids="",
                tier_ids="",
                valid_from=now - timedelta(days=30),
                valid_until=now + timedelta(days=90),
                use_limit=limit,
                per_customer_limit=per_customer,
                uses=0,
                cancel_returns_use=True,
                active=active,
                created_by=manager.id,
                created_at=now - timedelta(days=30),
            )
        )
    for value, days, recipient in VOUCHERS:
        amount = Decimal(value)
        voucher = GiftVoucher(
            number=f"V-{new_reference(ref_rng)}",
            value=amount,
            balance=amount,
            expires_at=now + timedelta(days=days) if days else None,
            recipient=recipient,
            issued_by=clerk.id,
            issued_at=now - timedelta(days=10),
        )
        session.add(voucher)
        session.flush()
        session.add(
            VoucherMovement(
                voucher_id=voucher.id,
                kind=VoucherMovementKind.ISSUE.value,
                amount=amount,
                staff_id=clerk.id,
                created_at=voucher.issued_at,
            )
        )
