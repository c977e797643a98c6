"""Markers of write requests that committed, so a retry after a lost reply can tell."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.types import UTCDateTime


class RequestDone(Base):
    """One row per committed write request run through ``boxoffice.db.once`` (its random key),
    written in the request's own transaction; kept a day, then purged."""

    __tablename__ = "request_done"
    __table_args__ = (Index("ix_request_done_at", "created_at"),)

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
