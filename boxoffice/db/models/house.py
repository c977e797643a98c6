"""Named holds and kills: the installation's hold types and where an event places them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.models.checks import not_negative
from boxoffice.db.types import UTCDateTime


class HoldType(Base):
    """A kind of named hold (House, Press, Production kill, …), per installation.

    ``kill`` types are never sellable and never released by time; the others are released to sale
    or sold from by staff with the ``release_holds`` permission.
    """

    __tablename__ = "hold_type"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    colour: Mapped[str] = mapped_column(String(9), default="#6d4c9f")
    # How its seats are hatched on the map (domain.house.PATTERNS), so colour is never the only cue.
    pattern: Mapped[str] = mapped_column(String(16), default="diagonal")
    kill: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # An allocation (a channel's or group's block): any clerk selling *for* one of its
    # placements draws from it; everyone else is kept off like any named hold.
    allocation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # A retired type is no longer offered for new placements; its placements stay as they are.
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class HouseHold(Base):
    """One hold type placed on seats of one event (per label: one allocation per channel or
    group), with its release time.

    Its seats carry its id (``event_seat.house_hold_id``) and, copied so the sellable rule reads no
    other table, its release time (``event_seat.house_until``; NULL = until released by hand).
    """

    __tablename__ = "house_hold"
    __table_args__ = (
        UniqueConstraint("event_id", "hold_type_id", "label"),
        not_negative("ga_taken"),
        CheckConstraint("ga_taken <= ga_quantity", name="ga_taken_within_quantity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    hold_type_id: Mapped[int] = mapped_column(ForeignKey("hold_type.id"))
    # Who an allocation is for ("Phone", "Group: St Mary's school"); "" for a plain named hold.
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")
    release_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A general-admission allocation: *ga_quantity* places of *tier_id* counted in the tier's
    # ga_sold; *ga_taken* of them drawn by desks (held or sold). Until it is returned (by hand or
    # lazily once release_at passed), the tier's ga_sold includes ga_quantity - ga_taken.
    tier_id: Mapped[int | None] = mapped_column(
        ForeignKey("price_tier.id", ondelete="CASCADE"), nullable=True
    )
    ga_quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ga_taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ga_returned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
