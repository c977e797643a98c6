"""Door scans: every scan a door station made, online or offline, uploaded once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.types import BigId, UTCDateTime


class DoorScan(Base):
    """One scan at a gate. ``scan_id`` is the station's own id for it (a UUID), unique, so a
    station that uploads the same scan twice (retry after a lost reply) writes it once."""

    __tablename__ = "door_scan"
    __table_args__ = (
        Index("ix_door_scan_ticket", "ticket_id", "scanned_at"),
        Index("ix_door_scan_event_gate", "event_id", "gate", "direction", "outcome"),
        Index("ix_door_scan_conflict", "event_id", "conflict"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    scan_id: Mapped[str] = mapped_column(String(36), unique=True)
    station: Mapped[str] = mapped_column(String(64))
    gate: Mapped[str] = mapped_column(String(64), default="")
    event_id: Mapped[int] = mapped_column(Integer)  # no foreign key: see Booking.event_id
    # None for a code that is not ours; no foreign key: a signed code may name a ticket id
    # that this database never issued (keys shared with a test system), and the scan is kept.
    ticket_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    direction: Mapped[str] = mapped_column(String(8), default="in")  # in | out
    outcome: Mapped[str] = mapped_column(String(16))  # services.tickets.checkin.Outcome
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    # An offline admission the database could not confirm at upload (the ticket was already
    # admitted elsewhere, cancelled or reissued meanwhile): shown to managers.
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
