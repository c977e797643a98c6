"""Venues, their seat layouts, sections and seats."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boxoffice.db.models.base import Base


class Venue(Base):
    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    address: Mapped[str] = mapped_column(String(256), default="")
    layouts: Mapped[list[SeatLayout]] = relationship(back_populates="venue")


class SeatLayout(Base):
    """One arrangement of a venue (a theatre may have 'end stage' and 'in the round')."""

    __tablename__ = "seat_layout"
    __table_args__ = (UniqueConstraint("venue_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id"))
    name: Mapped[str] = mapped_column(String(128))
    # Stage rectangle in layout units (seat pitch = 1.0).
    stage_x: Mapped[float] = mapped_column(Float, default=0.0)
    stage_y: Mapped[float] = mapped_column(Float, default=-4.0)
    stage_w: Mapped[float] = mapped_column(Float, default=10.0)
    stage_h: Mapped[float] = mapped_column(Float, default=2.0)
    venue: Mapped[Venue] = relationship(back_populates="layouts")
    sections: Mapped[list[Section]] = relationship(back_populates="layout", order_by="Section.id")


class Section(Base):
    """A block of rows; the designer's parameters are kept so the section can be edited again."""

    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("layout_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layout_id: Mapped[int] = mapped_column(ForeignKey("seat_layout.id"))
    name: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    seats_per_row: Mapped[int] = mapped_column(Integer, default=0)
    origin_x: Mapped[float] = mapped_column(Float, default=0.0)
    origin_y: Mapped[float] = mapped_column(Float, default=0.0)
    rotation: Mapped[float] = mapped_column(Float, default=0.0)  # degrees
    curve: Mapped[float] = mapped_column(Float, default=0.0)  # 0 = straight; >0 arc radius factor
    row_labels: Mapped[str] = mapped_column(String(16), default="letters")  # letters | numbers
    numbering: Mapped[str] = mapped_column(String(8), default="ltr")  # ltr | rtl
    layout: Mapped[SeatLayout] = relationship(back_populates="sections")


class Seat(Base):
    __tablename__ = "seat"
    __table_args__ = (
        UniqueConstraint("section_id", "row_label", "number"),
        Index("ix_seat_layout", "layout_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layout_id: Mapped[int] = mapped_column(ForeignKey("seat_layout.id"))
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"))
    row_label: Mapped[str] = mapped_column(String(8))
    row_index: Mapped[int] = mapped_column(Integer)  # 0 = nearest the stage
    number: Mapped[int] = mapped_column(Integer)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted_view: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # never sold (camera, pillar)
