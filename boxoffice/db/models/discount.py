"""Discount codes, their use counts (total and per customer) and their redemptions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import not_negative, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.discount import DiscountApplies, DiscountKind


class DiscountCode(Base):
    """A code a clerk types in the cart. ``uses`` is changed only by conditional UPDATEs
    (``uses < use_limit``) whose row count is checked: never redeemed more than its limit."""

    __tablename__ = "discount_code"
    __table_args__ = (
        one_of("kind", DiscountKind),
        one_of("applies_to", DiscountApplies),
        not_negative("uses"),
        CheckConstraint("value > 0", name="value_positive"),
        CheckConstraint("kind <> 'percent' OR value <= 100", name="percent_at_most_100"),
        CheckConstraint("use_limit IS NULL OR uses <= use_limit", name="uses_within_limit"),
        CheckConstraint("use_limit IS NULL OR use_limit >= 1", name="use_limit_positive"),
        CheckConstraint(
            "per_customer_limit IS NULL OR per_customer_limit >= 1",
            name="per_customer_limit_positive",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # upper case, as typed
    description: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(8))  # percent | fixed
    value: Mapped[Decimal] = mapped_column(Money)  # percent (0-100] or an amount
    applies_to: Mapped[str] = mapped_column(String(8))  # ticket | order
    # Scope: space-separated ids; empty means every event / every tier.
    event_ids: Mapped[str] = mapped_column(Text, default="")
    tier_ids: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    use_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    per_customer_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    cancel_returns_use: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DiscountCodeCustomer(Base):
    """How often one customer used one code: the per-customer limit's counter row."""

    __tablename__ = "discount_code_customer"
    __table_args__ = (not_negative("uses"),)

    code_id: Mapped[int] = mapped_column(
        ForeignKey("discount_code.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True
    )
    uses: Mapped[int] = mapped_column(Integer, default=0)


class DiscountRedemption(Base):
    """One booking's use of a code; ``released_at`` set when a cancellation gave the use back."""

    __tablename__ = "discount_redemption"
    __table_args__ = (
        Index("ix_discount_redemption_code", "code_id", "redeemed_at"),
        Index("ix_discount_redemption_booking", "booking_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("discount_code.id", ondelete="CASCADE"))
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    amount: Mapped[Decimal] = mapped_column(Money)  # the discount given, positive
    redeemed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
