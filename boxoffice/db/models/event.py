"""Events, price tiers and the per-event seat inventory."""

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
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import money, not_negative, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.status import EventStatus, SeatStatus


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_venue_starts", "venue_id", "starts_at"),
        Index("ix_event_title", "title"),
        # Upcoming events by status and start, covering every filter of the catalog's event list
        # (and the title for text search): counting and paging 100,000 events reads no table
        # rows. (A separate (status, starts_at) index would be its prefix, and MariaDB then
        # prefers the narrower one and reads every row.)
        Index(
            "ix_event_listing",
            "status",
            "starts_at",
            "venue_id",
            "min_price",
            "max_price",
            "capacity",
            "sold_count",
            "title",
            "category",
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("sales_close_at >= sales_open_at", name="sales_close_after_open"),
        one_of("status", EventStatus),
        money("min_price"),
        money("max_price"),
        not_negative("capacity"),
        not_negative("sold_count"),
        CheckConstraint("ga_capacity IS NULL OR ga_capacity >= 0", name="ga_capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The genre (domain.genres.GENRES; "" = none), for the event list's filter and search.
    category: Mapped[str] = mapped_column(String(40), default="", server_default="")
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id"))
    layout_id: Mapped[int | None] = mapped_column(ForeignKey("seat_layout.id"), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sales_open_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sales_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    # Set for general-admission events (no seat map); None for seated events.
    ga_capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Ticket holders may leave and come back: the door scans them out and in again.
    allow_reentry: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Denormalised for the catalog (kept in step by the booking service in the same transaction).
    min_price: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    max_price: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    sold_count: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every change to this event's seats, inside the same transaction; the seat monitor
    # polls only this number. The row lock makes versions commit in order, so none is missed.
    seat_version: Mapped[int] = mapped_column(BigId, default=0)
    # The series this performance belongs to (None = a single event).
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="event", order_by="PriceTier.sort_order", cascade="all, delete-orphan"
    )


class PriceTier(Base):
    __tablename__ = "price_tier"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("ga_sold <= ga_capacity", name="ga_not_oversold"),
        money("price"),
        not_negative("ga_sold"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal] = mapped_column(Money)
    colour: Mapped[str] = mapped_column(String(9), default="#4e79a7")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)  # 0 = best zone
    # General admission: capacity and count sold (+ held) for this tier.
    ga_capacity: Mapped[int] = mapped_column(Integer, default=0)
    ga_sold: Mapped[int] = mapped_column(Integer, default=0)
    event: Mapped[Event] = relationship(back_populates="tiers")


class TierZone(Base):
    """Which section (optionally which rows) a tier covers, as the event editor set it."""

    __tablename__ = "tier_zone"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tier_id: Mapped[int] = mapped_column(
        ForeignKey("price_tier.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"))
    row_spec: Mapped[str] = mapped_column(
        String(256), default=""
    )  # "" = whole section, else "A-C,F"


class EventSeat(Base):
    """One row per seat per event: the single place a seat's sale state lives.

    Status moves only by conditional UPDATEs whose row count is checked, so two desks can
    never both sell it. A held seat whose ``hold_expires_at`` passed counts as available.
    """

    __tablename__ = "event_seat"
    __table_args__ = (
        UniqueConstraint("event_id", "seat_id"),
        Index("ix_event_seat_status", "event_id", "status", "tier_id"),
        Index("ix_event_seat_hold", "hold_id"),
        Index("ix_event_seat_version", "event_id", "version"),
        Index("ix_event_seat_house", "house_hold_id"),
        one_of("status", SeatStatus),
        # A sold seat names its booking and only a sold one does; a held seat names its hold.
        CheckConstraint("(status = 'sold') = (booking_id IS NOT NULL)", name="sold_has_booking"),
        CheckConstraint(
            "status <> 'held' OR (hold_id IS NOT NULL AND hold_expires_at IS NOT NULL)",
            name="held_has_hold",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    seat_id: Mapped[int] = mapped_column(ForeignKey("seat.id"))
    tier_id: Mapped[int] = mapped_column(ForeignKey("price_tier.id"))
    status: Mapped[str] = mapped_column(String(16), default="available")
    hold_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"), nullable=True)
    version: Mapped[int] = mapped_column(BigId, default=0)  # event.seat_version at last change
    # A named hold or kill on the seat (an overlay on its status): clerks may not take it until
    # ``house_until`` (NULL = until released by hand; always NULL for a kill). See inventory.house.
    house_hold_id: Mapped[int | None] = mapped_column(
        ForeignKey("house_hold.id"), nullable=True, default=None
    )
    house_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)


class Hold(Base):
    """A desk's hold on a general-admission quantity while it takes payment.

    Seated holds need no row here: the hold id and expiry live on the event_seat rows.
    """

    __tablename__ = "hold"
    __table_args__ = (
        Index("ix_hold_expiry", "event_id", "expires_at"),
        not_negative("quantity"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4
    event_id: Mapped[int] = mapped_column(Integer)  # no foreign key: see Booking.event_id
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    desk: Mapped[str] = mapped_column(String(64), default="")
    tier_id: Mapped[int | None] = mapped_column(ForeignKey("price_tier.id"), nullable=True)  # GA
    quantity: Mapped[int] = mapped_column(Integer, default=0)  # GA
    # A GA hold drawn from an allocation (house_hold id): its places go back there, not to the
    # tier. No foreign key, like event_id.
    house_hold_id: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    released: Mapped[bool] = mapped_column(default=False)


class EventSeries(Base):
    """A run of performances made from one template event (``Event.series_id`` points here)."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # What made it, for people: "weekly on Tue, Thu, Sat from 2027-01-05 to 2027-03-27".
    pattern: Mapped[str] = mapped_column(String(400), default="")
    template_event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
