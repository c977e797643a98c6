"""Transactional e-mail outbox and key/value settings stored in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import not_negative, one_of
from boxoffice.db.types import BigId, UTCDateTime
from boxoffice.domain.status import OutboxStatus


class OutboxEmail(Base):
    """An e-mail written in the same transaction as the change it reports."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        Index("ix_email_outbox_due", "status", "next_attempt_at"),
        one_of("status", OutboxStatus),
        not_negative("attempts"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # confirmation, change_notice, promotion, ...
    # Unique per logical message: enqueuing twice (a retried service call) stores it once.
    dedupe_key: Mapped[str] = mapped_column(String(128), unique=True)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(256))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    booking_id: Mapped[int | None] = mapped_column(BigId, nullable=True)  # attach tickets PDF
    attachment_name: Mapped[str] = mapped_column(String(128), default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary(16 * 1024 * 1024), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(String(512), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Setting(Base):
    """Settings every desk shares (SMTP server, last promotion run). Never secrets in clear."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
