"""What prices a sale beyond its tier: ticket types (concessions) and their price per tier, the
types a cart chose, booking fees, tax rates, and the adjustments a sale was priced with."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import money, not_negative, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.pricing_kinds import FeePer, TypePriceMode


class TicketType(Base):
    """A concession of one event (Adult, Child, Senior, ...). The default type (Adult) is what a
    seat is sold as until the clerk chooses another; a complimentary type is free and needs the
    ``complimentary`` permission and a reason."""

    __tablename__ = "ticket_type"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    complimentary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    clerk_check: Mapped[str] = mapped_column(String(200), default="")  # "Ask for student ID"


class TicketTypePrice(Base):
    """A type's price at one tier: a fixed ``price``, an amount ``off`` or a ``percent`` off the
    tier's price. No row: the tier's price."""

    __tablename__ = "ticket_type_price"
    __table_args__ = (
        UniqueConstraint("ticket_type_id", "tier_id"),
        one_of("mode", TypePriceMode),
        money("value"),
        CheckConstraint("mode <> 'percent' OR value <= 100", name="percent_at_most_100"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_type_id: Mapped[int] = mapped_column(ForeignKey("ticket_type.id", ondelete="CASCADE"))
    tier_id: Mapped[int] = mapped_column(
        ForeignKey("price_tier.id", ondelete="CASCADE"), index=True
    )
    mode: Mapped[str] = mapped_column(String(8))
    value: Mapped[Decimal] = mapped_column(Money)


class HeldTicketType(Base):
    """The type a cart chose for a held seat (``event_seat_id``) or for ``quantity`` places of a
    general-admission hold. Rows of a hold id that no longer holds the seat are ignored (hold
    ids are never reused), so a released or expired hold needs no clean-up to be right."""

    __tablename__ = "held_ticket_type"
    __table_args__ = (
        Index("ix_held_ticket_type_hold", "hold_id", "event_seat_id"),
        not_negative("quantity"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    hold_id: Mapped[str] = mapped_column(String(36))
    event_seat_id: Mapped[int | None] = mapped_column(BigId, nullable=True)  # None: GA places
    ticket_type_id: Mapped[int] = mapped_column(ForeignKey("ticket_type.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(String(256), default="")  # why complimentary


class TaxRate(Base):
    """A VAT / sales-tax rate of the installation; events and fees name the one they carry."""

    __tablename__ = "tax_rate"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))  # "VAT 20%"
    percent: Mapped[Decimal] = mapped_column(Money)  # 7.70 = 7.7 %


class EventTax(Base):
    """The tax rate an event's tickets carry (at most one per event)."""

    __tablename__ = "event_tax"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    tax_rate_id: Mapped[int] = mapped_column(ForeignKey("tax_rate.id"))


class EventFee(Base):
    """A booking fee of an event: per ticket or per order, for every payment or only one
    method; ``refundable`` says whether cancelling gives it back. Taxed at ``tax_rate_id``
    (None: the event's rate)."""

    __tablename__ = "event_fee"
    __table_args__ = (one_of("per", FeePer), money("amount"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    per: Mapped[str] = mapped_column(String(8))
    amount: Mapped[Decimal] = mapped_column(Money)
    payment_method: Mapped[str | None] = mapped_column(String(16), nullable=True)
    refundable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    tax_rate_id: Mapped[int | None] = mapped_column(ForeignKey("tax_rate.id"), nullable=True)


class SaleAdjustment(Base):
    """One adjustment a sale was priced with (a type's concession, a fee, tax), as the quote
    made it: on a ticket or (``ticket_id`` None) on the whole booking. ``included`` tax is
    inside the prices (shown, not added); ``base`` is the net amount a tax was computed on."""

    __tablename__ = "sale_adjustment"
    __table_args__ = (
        Index("ix_sale_adjustment_created", "created_at", "step", "tax_rate_id", "amount"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True)
    step: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(80))
    amount: Mapped[Decimal] = mapped_column(Money)  # signed
    included: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    refundable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    tax_rate_id: Mapped[int | None] = mapped_column(ForeignKey("tax_rate.id"), nullable=True)
    base: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
