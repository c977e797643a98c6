"""Customers and their saved cards (PAN encrypted, CVV never stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.types import UTCDateTime


class Customer(Base):
    __tablename__ = "customer"
    __table_args__ = (
        Index("ix_customer_name", "name"),
        Index("ix_customer_email", "email"),
        Index("ix_customer_phone", "phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    marketing_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # Tickets, receipts and mails to this customer are made in this language (a locale code
    # such as "fr" or "de_CH"); "" = the language of the desk that makes them.
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    unsubscribe_token: Mapped[str] = mapped_column(String(43), unique=True)
    # The last marketing decision (given or withdrawn): when, and how it was given (desk,
    # phone, web form, unsubscribe link ...). NULL for customers who were never asked.
    marketing_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    marketing_consent_source: Mapped[str] = mapped_column(String(64), default="")
    last_promotion_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when the person was anonymised (on request or by the retention rule): the row stays
    # for the bookings and payments the law requires, with nothing left that names anyone.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SavedCard(Base):
    """A customer's stored card. ``pan_ciphertext`` is AES-GCM under key ``key_id``."""

    __tablename__ = "saved_card"
    __table_args__ = (
        CheckConstraint("exp_month BETWEEN 1 AND 12", name="exp_month_valid"),
        CheckConstraint("LENGTH(last4) = 4", name="last4_four_digits"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    brand: Mapped[str] = mapped_column(String(16))
    last4: Mapped[str] = mapped_column(String(4))
    exp_month: Mapped[int] = mapped_column(Integer)
    exp_year: Mapped[int] = mapped_column(Integer)
    cardholder: Mapped[str] = mapped_column(String(128))
    billing_address: Mapped[str] = mapped_column(String(512), default="")
    pan_ciphertext: Mapped[bytes] = mapped_column(LargeBinary(256))
    key_id: Mapped[str] = mapped_column(String(32))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
