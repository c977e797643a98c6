"""Season tickets and packages: a set of events sold together, one booking per event.

A package sale groups one ordinary single-event booking per event of the package (Booking
``package_sale_id``), so every view, check-in and report that knows bookings keeps working; the
package price is split over those bookings (:mod:`boxoffice.domain.package_split`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import money, one_of
from boxoffice.db.types import BigId, Money, UTCDateTime
from boxoffice.domain.status import BookingStatus


class Package(Base):
    """A fixed package: the same seat in every event of it, at one price per tier name."""

    __tablename__ = "package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The package this one renews (next season from this one), or None.
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("package.id"), nullable=True)
    # Until then a renewed package's seats are kept for the previous season's subscribers:
    # a sale to anybody else refuses them (no job frees them: the deadline passing is enough).
    renew_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PackageEvent(Base):
    __tablename__ = "package_event"
    __table_args__ = (UniqueConstraint("package_id", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))


class PackagePrice(Base):
    """The package price of a seat whose tier (in the package's first event) has this name."""

    __tablename__ = "package_price"
    __table_args__ = (UniqueConstraint("package_id", "tier_name"), money("price"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package.id", ondelete="CASCADE"))
    tier_name: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal] = mapped_column(Money)


class PackageSale(Base):
    """One customer's package: the seat (a layout seat, the same every night) and the total."""

    __tablename__ = "package_sale"
    __table_args__ = (
        Index("ix_package_sale_customer", "customer_id"),
        Index("ix_package_sale_package", "package_id", "seat_id"),
        one_of("status", BookingStatus),
        money("total"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    seat_id: Mapped[int] = mapped_column(ForeignKey("seat.id"))
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    total: Mapped[Decimal] = mapped_column(Money)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
