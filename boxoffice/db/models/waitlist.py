"""Waiting lists: customers queued for a sold-out event or tier, and the offer made to each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import one_of
from boxoffice.db.types import UTCDateTime
from boxoffice.domain.waitlist import WaitlistStatus


class WaitlistEntry(Base):
    """One customer waiting for *quantity* places of an event (of one tier, or any: NULL).

    Offered in ``id`` order. An offer is a seat hold (``hold_id``; the seats carry it) that lasts
    until ``offer_expires_at``; it is moved to ``offered`` by a conditional UPDATE from
    ``waiting``, so two desks freeing seats at once never both make it.
    """

    __tablename__ = "waitlist_entry"
    __table_args__ = (
        Index("ix_waitlist_event_status", "event_id", "status", "id"),
        Index("ix_waitlist_customer", "customer_id"),
        Index("ix_waitlist_hold", "hold_id"),
        one_of("status", WaitlistStatus),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint(
            "status <> 'offered' OR (hold_id IS NOT NULL AND offer_expires_at IS NOT NULL)",
            name="offer_has_hold",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign key to event: the row is changed inside cancellations (see Booking.event_id).
    event_id: Mapped[int] = mapped_column(Integer)
    tier_id: Mapped[int | None] = mapped_column(
        ForeignKey("price_tier.id", ondelete="CASCADE"), nullable=True
    )
    ticket_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_type.id", ondelete="SET NULL"), nullable=True
    )
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=WaitlistStatus.WAITING.value)
    note: Mapped[str] = mapped_column(String(200), default="")
    hold_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
