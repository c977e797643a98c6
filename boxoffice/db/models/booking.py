"""Bookings, tickets, payments and refunds."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import money, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.status import BookingStatus, PaymentMethodKind, TicketStatus


class Booking(Base):
    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_event", "event_id", "status"),
        Index("ix_booking_customer", "customer_id"),
        Index("ix_booking_created", "created_at"),
        one_of("status", BookingStatus),
        money("total"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)  # e.g. "K7Q-4MX2"
    # No foreign key to event, on purpose (here, on ticket and on hold): InnoDB checks one by
    # taking a shared lock on the event row, and every sale ends by bumping that row's
    # seat_version; desks holding the shared lock and then asking for the exclusive one
    # deadlock. Measured with bench/concurrency.py (16 desks on MariaDB, variant event-fk, the
    # three keys added): 0.28x the bookings/s of this schema, 9 deadlocks retried per booking
    # (vs 0.014) and 97 sales refused to desks after every retry. A version row per event
    # would take the bump off the event row, at the cost of another locked row per sale; not
    # done. The bump (a row-count-checked UPDATE of the event) is what proves the event exists
    # when a sale commits, events with bookings are never deleted, and ``db check``
    # (rows_name_existing_events) reports any booking, ticket or hold whose event is missing.
    event_id: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    desk: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    total: Mapped[Decimal] = mapped_column(Money)
    # A retried checkout with the same key returns this booking instead of booking again.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The season ticket / package sale this booking is one event of (None: a single sale).
    package_sale_id: Mapped[int | None] = mapped_column(
        ForeignKey("package_sale.id"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tickets: Mapped[list[Ticket]] = relationship(back_populates="booking", order_by="Ticket.id")
    payments: Mapped[list[Payment]] = relationship(back_populates="booking", order_by="Payment.id")


class Ticket(Base):
    __tablename__ = "ticket"
    # Reports aggregate a million tickets from these indexes alone (dates, tier and price
    # included so no row is read): per event (and status), per day issued, per day cancelled;
    # ``db check`` sums a booking's live tickets from ix_ticket_booking alone.
    __table_args__ = (
        Index("ix_ticket_booking", "booking_id", "status", "price"),
        Index(
            "ix_ticket_event_status",
            "event_id",
            "status",
            "issued_at",
            "cancelled_at",
            "tier_id",
            "price",
        ),
        Index("ix_ticket_issued", "issued_at", "tier_id", "price"),
        Index("ix_ticket_cancelled", "cancelled_at", "tier_id", "price"),
        Index("ix_ticket_type_issued", "issued_at", "ticket_type_id", "price"),
        one_of("status", TicketStatus),
        money("price"),
        CheckConstraint("code_generation >= 1", name="code_generation_positive"),
        CheckConstraint(
            "(status = 'cancelled') = (cancelled_at IS NOT NULL)", name="cancelled_has_time"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    event_id: Mapped[int] = mapped_column(Integer)  # no foreign key: see Booking.event_id
    event_seat_id: Mapped[int | None] = mapped_column(ForeignKey("event_seat.id"), nullable=True)
    tier_id: Mapped[int] = mapped_column(ForeignKey("price_tier.id"))
    price: Mapped[Decimal] = mapped_column(Money)
    # The concession it was sold as (None: sold before ticket types, or an event without them).
    ticket_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_type.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="valid")
    # Bumped on reissue: codes signed with an older generation are rejected.
    code_generation: Mapped[int] = mapped_column(Integer, default=1)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    # The seat while this ticket is live (valid or used), NULL once cancelled: its unique index
    # lets the database itself refuse a second live ticket for the same event seat (a GA ticket
    # has no seat, so NULL too). Stored, so MySQL, MariaDB and SQLite index it alike. Its cost,
    # measured with bench/concurrency.py (16 desks, 3 interleaved rounds): bookings/s 1.01x
    # without the index (noise), deadlocks retried 14 vs 17 per 1000 bookings, oversold 0.
    live_seat_id: Mapped[int | None] = mapped_column(
        BigId,
        Computed("CASE WHEN status <> 'cancelled' THEN event_seat_id END", persisted=True),
        nullable=True,
        unique=True,
    )
    booking: Mapped[Booking] = relationship(back_populates="tickets")


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        # Per booking with the amount, so ``db check`` sums payments from the index alone.
        Index("ix_payment_booking", "booking_id", "amount"),
        Index("ix_payment_created", "created_at", "method"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        money("amount"),
        money("tendered", nullable=True),
        money("change_due", nullable=True),
        one_of("method", PaymentMethodKind),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    method: Mapped[str] = mapped_column(String(16))  # domain.status.PaymentMethodKind
    amount: Mapped[Decimal] = mapped_column(Money)
    tendered: Mapped[Decimal | None] = mapped_column(Money, nullable=True)  # cash
    change_due: Mapped[Decimal | None] = mapped_column(Money, nullable=True)  # cash
    card_brand: Mapped[str] = mapped_column(String(16), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    gateway_ref: Mapped[str] = mapped_column(String(64), default="")
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    booking: Mapped[Booking] = relationship(back_populates="payments")


class Refund(Base):
    __tablename__ = "refund"
    __table_args__ = (
        Index("ix_refund_booking", "booking_id", "amount"),  # as ix_payment_booking
        Index("ix_refund_created", "created_at"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        money("amount"),
        one_of("method", PaymentMethodKind),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True)
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(256), default="")
    gateway_ref: Mapped[str] = mapped_column(String(64), default="")
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
