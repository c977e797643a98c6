"""Seat geometry of a section: rows × seats, straight or curved, rotated, numbered either way.

Pure functions so the demo data, the layout designer and the tests share one definition.
Units: one seat pitch = 1.0 along a row, ROW_PITCH between rows; y grows away from the stage.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

MAX_ROWS = 500
ROW_PITCH = 1.25  # rows sit a little further apart than seats, so they read as rows
MAX_SEATS_PER_ROW = 1000


@dataclass(frozen=True)
class SectionSpec:
    name: str
    rows: int
    seats_per_row: int
    origin_x: float = 0.0
    origin_y: float = 0.0
    rotation: float = 0.0  # degrees, about the origin
    curve: float = 0.0  # 0 straight; otherwise rows bend on arcs (larger = stronger bend)
    row_labels: str = "letters"  # letters | numbers
    numbering: str = "ltr"  # ltr | rtl
    first_row: int = 0  # offset into the label sequence (balcony starting at "K")

    def validate(self) -> None:
        if not self.name.strip():
            raise ValidationError(_("A section needs a name."))
        if not 1 <= self.rows <= MAX_ROWS:
            raise ValidationError(
                _("Rows must be between 1 and {MAX_ROWS}.").format(MAX_ROWS=MAX_ROWS)
            )
        if not 1 <= self.seats_per_row <= MAX_SEATS_PER_ROW:
            raise ValidationError(
                _("Seats per row must be between 1 and {MAX_SEATS_PER_ROW}.").format(
                    MAX_SEATS_PER_ROW=MAX_SEATS_PER_ROW
                )
            )
        if self.row_labels not in ("letters", "numbers"):
            raise ValidationError(_("Row labels are 'letters' or 'numbers'."))
        if self.numbering not in ("ltr", "rtl"):
            raise ValidationError(_("Numbering runs 'ltr' or 'rtl'."))


@dataclass(frozen=True)
class SeatSpot:
    row_label: str
    row_index: int
    number: int
    x: float
    y: float


def row_label(index: int, style: str = "letters") -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA' ... (letters skip I and O, as theatres do); or 1, 2, 3."""
    if style == "numbers":
        return str(index + 1)
    letters = [c for c in string.ascii_uppercase if c not in "IO"]
    label = ""
    n = index
    while True:
        label = letters[n % len(letters)] + label
        n = n // len(letters) - 1
        if n < 0:
            return label


def seat_spots(spec: SectionSpec) -> list[SeatSpot]:
    """Positions of every seat in *spec*, in row then number order."""
    spec.validate()
    spots: list[SeatSpot] = []
    angle = math.radians(spec.rotation)
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    for r in range(spec.rows):
        label = row_label(r + spec.first_row, spec.row_labels)
        depth = r * ROW_PITCH
        for s in range(spec.seats_per_row):
            offset = s - (spec.seats_per_row - 1) / 2
            if spec.curve > 0:
                # Rows are arcs around a point on the stage side, so the row ends turn towards
                # the stage as in a real auditorium; each row keeps one seat pitch between seats.
                radius = (spec.seats_per_row / spec.curve) + depth
                theta = offset / radius
                lx = radius * math.sin(theta)
                ly = depth - radius * (1 - math.cos(theta))
            else:
                lx, ly = offset, depth
            x = spec.origin_x + lx * cos_a - ly * sin_a
            y = spec.origin_y + lx * sin_a + ly * cos_a
            number = s + 1 if spec.numbering == "ltr" else spec.seats_per_row - s
            spots.append(SeatSpot(label, r, number, round(x, 3), round(y, 3)))
    return spots
