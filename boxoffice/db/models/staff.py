"""Staff accounts and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import not_negative, one_of
from boxoffice.db.types import BigId, UTCDateTime
from boxoffice.domain.roles import Role


class StaffUser(Base):
    __tablename__ = "staff_user"
    __table_args__ = (one_of("role", Role), not_negative("failed_logins"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(16))  # domain.roles.Role
    password_hash: Mapped[str] = mapped_column(String(100))  # bcrypt, never the password
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set for accounts an admin created or reset, and demo accounts on a shared server: the next
    # sign-in must choose a new password before anything else.
    # (A server default too, so rows inserted by hand or older scripts need not name it.)
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditLog(Base):
    """Append-only record of sensitive actions (sign-in, sales, refunds, edits, role changes)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    desk: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON, never card data
