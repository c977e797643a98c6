"""Gift vouchers and every movement of their balance."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import money, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.domain.voucher import VoucherMovementKind


class GiftVoucher(Base):
    """A voucher sold at the desk. ``balance`` is changed only by conditional UPDATEs
    (``balance >= amount``) whose row count is checked: never negative, never spent twice."""

    __tablename__ = "gift_voucher"
    __table_args__ = (
        money("value"),
        money("balance"),  # also: never below zero
        CheckConstraint("value > 0", name="value_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The number printed under the QR code (the QR carries it signed).
    number: Mapped[str] = mapped_column(String(16), unique=True)
    value: Mapped[Decimal] = mapped_column(Money)
    balance: Mapped[Decimal] = mapped_column(Money)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    recipient: Mapped[str] = mapped_column(String(200), default="")
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VoucherMovement(Base):
    """One change of a voucher's balance (signed): issue +, redeem -, refund +."""

    __tablename__ = "voucher_movement"
    __table_args__ = (
        Index("ix_voucher_movement_voucher", "voucher_id", "created_at"),
        Index("ix_voucher_movement_created", "created_at", "kind"),
        one_of("kind", VoucherMovementKind),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("gift_voucher.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    amount: Mapped[Decimal] = mapped_column(Money)  # signed
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VoucherPayment(Base):
    """Money taken for a gift voucher sold at the desk, one row per tender (as ``payment`` is
    for a booking): in the shift's takings and, for cash, the till's drawer, but not ticket
    revenue. A voucher given as a refund has none (the refund rows name it)."""

    __tablename__ = "voucher_payment"
    __table_args__ = (
        Index("ix_voucher_payment_voucher", "voucher_id"),
        Index("ix_voucher_payment_created", "created_at", "method"),
        CheckConstraint("amount > 0", name="amount_positive"),
        money("amount"),
        money("tendered", nullable=True),
        money("change_due", nullable=True),
        one_of("method", PaymentMethodKind),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("gift_voucher.id"))
    method: Mapped[str] = mapped_column(String(16))  # cash, card, saved_card (never voucher)
    amount: Mapped[Decimal] = mapped_column(Money)
    tendered: Mapped[Decimal | None] = mapped_column(Money, nullable=True)  # cash
    change_due: Mapped[Decimal | None] = mapped_column(Money, nullable=True)  # cash
    card_brand: Mapped[str] = mapped_column(String(16), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    gateway_ref: Mapped[str] = mapped_column(String(64), default="")
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
