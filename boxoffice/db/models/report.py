"""Per-day summaries of closed days that make long sales reports cheap (see
:mod:`boxoffice.services.reports.summaries`). Nothing in a sale writes them: a day is summarised
once it is over, and every row here can be recomputed from the base tables at any time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from boxoffice.db.models.base import Base
from boxoffice.db.types import MoneySum, UTCDateTime


class ReportCoverage(Base):
    """Per zone offset: the closed days ``first_day`` … ``last_day`` summarised (one contiguous
    run, NULL before the first summary) and the highest ids of the base rows then seen, so a
    row added later for a summarised day (a back-dated import, a desk whose clock was behind)
    is found by a primary-key range scan and its day read live until it is summarised again.
    The row is also what summarising locks, so two desks never summarise the same offset at once.
    """

    __tablename__ = "report_coverage"

    utc_offset_minutes: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, autoincrement=False
    )
    first_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    ticket_mark: Mapped[int] = mapped_column(BigInteger, default=0)
    payment_mark: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_mark: Mapped[int] = mapped_column(BigInteger, default=0)
    adjustment_mark: Mapped[int] = mapped_column(BigInteger, default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ReportTicketDay(Base):
    """Tickets issued (``sold``) and cancelled on one local day, per event, tier and ticket
    type (``ticket_type_id`` 0: none). Ids, not names: a tier renamed later is reported under
    its new name, as the plain aggregate does."""

    __tablename__ = "report_ticket_day"
    __table_args__ = (Index("ix_report_ticket_day_event", "utc_offset_minutes", "event_id", "day"),)

    utc_offset_minutes: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, autoincrement=False
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tier_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ticket_type_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sold: Mapped[int] = mapped_column(Integer)
    sold_amount: Mapped[Decimal] = mapped_column(MoneySum)
    cancelled: Mapped[int] = mapped_column(Integer)
    cancelled_amount: Mapped[Decimal] = mapped_column(MoneySum)


class ReportMoneyDay(Base):
    """Money of one local day: ``kind`` payment or refund per method (``name``), fee per label,
    tax per label and ``included``; ``base`` is the taxed net (0 for the others)."""

    __tablename__ = "report_money_day"

    utc_offset_minutes: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, autoincrement=False
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    included: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(MoneySum)
    base: Mapped[Decimal] = mapped_column(MoneySum)
