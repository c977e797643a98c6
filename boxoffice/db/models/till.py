"""The till: a desk's cash sessions (float, count, variance, sign-off) and cash movements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import money, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.till import MovementKind, TillStatus


class TillSession(Base):
    """One clerk's session at a desk's cash drawer, from the float to the signed-off count.

    ``open_desk`` is the desk while the session is open and NULL once closed: its unique index
    lets a desk have at most one open session, enforced by the database whatever the desks do.
    Closing is one conditional UPDATE on ``status = 'open'``: two closes at once, one wins.
    """

    __tablename__ = "till_session"
    __table_args__ = (
        Index("ix_till_session_opened", "opened_at"),
        one_of("status", TillStatus),
        money("float_amount"),
        money("counted_amount", nullable=True),
        money("expected_amount", nullable=True),
        CheckConstraint("variance IS NULL OR ROUND(variance, 2) = variance", name="variance_cents"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    desk: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(8))  # domain.till.TillStatus
    open_desk: Mapped[str | None] = mapped_column(
        String(64),
        Computed("CASE WHEN status = 'open' THEN desk END", persisted=True),
        nullable=True,
        unique=True,
    )
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    float_amount: Mapped[Decimal] = mapped_column(Money)
    float_counts: Mapped[str] = mapped_column(Text, default="")  # JSON {"20.00": 3, ...}
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    counted_amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    counted_counts: Mapped[str] = mapped_column(Text, default="")
    expected_amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    variance: Mapped[Decimal | None] = mapped_column(Money, nullable=True)  # counted - expected
    variance_reason: Mapped[str] = mapped_column(String(256), default="")


class TillMovement(Base):
    """Cash in or out of a session's drawer: a sale, a refund, a pay-in or a pay-out.

    ``amount`` is always positive; the kind says the direction. Written in the same transaction
    as the sale or refund it belongs to.
    """

    __tablename__ = "till_movement"
    __table_args__ = (
        Index("ix_till_movement_session", "session_id", "kind"),
        one_of("kind", MovementKind),
        money("amount"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("till_session.id"))
    kind: Mapped[str] = mapped_column(String(8))  # domain.till.MovementKind
    amount: Mapped[Decimal] = mapped_column(Money)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(256), default="")
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
