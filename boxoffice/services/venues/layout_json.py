"""Seat layouts as JSON files: export, and import with validation.

The file is versioned (``"format": "boxoffice-layout"``, ``"version": 1``) and describes the
designer's parameters, not every seat: each section's rows, seats, position, rotation, curve,
labels and numbering, plus the seats flagged blocked / accessible / restricted view, named as
``[row label, seat number]`` pairs; the stage is given by its centre, width and depth. Units
are seat pitches (1.0 = one seat), y growing away from the stage. Example::

    {
      "format": "boxoffice-layout",
      "version": 1,
      "name": "End stage",
      "stage": {"x": 0.0, "y": -4.0, "w": 10.0, "h": 2.0},
      "sections": [
        {"name": "Stalls", "rows": 10, "seats_per_row": 14, "origin": [0.0, 2.0],
         "rotation": 0.0, "curve": 0.6, "row_labels": "letters", "numbering": "ltr",
         "first_row": 0, "blocked": [["A", 7]], "accessible": [["A", 1], ["A", 14]],
         "restricted_view": []}
      ]
    }

Import checks everything before writing and reports the first problem with its place in the
file (``sections[1].rows: ...``). Export then import gives the same document back.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Seat, SeatLayout, Section
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.layout import MAX_ROWS, MAX_SEATS_PER_ROW, SectionSpec, seat_spots
from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import Stage
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.venues.layouts import (
    LayoutDetail,
    apply_stage,
    check_layout_name,
    get_venue,
    layout_detail,
)
from boxoffice.services.venues.sections import MAX_LAYOUT_SEATS, check_spec, seat_rows

FORMAT = "boxoffice-layout"
VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
FLAGS = ("blocked", "accessible", "restricted_view")
SeatKey = tuple[str, int]


@dataclass(frozen=True)
class SectionDoc:
    spec: SectionSpec
    blocked: frozenset[SeatKey] = frozenset()
    accessible: frozenset[SeatKey] = frozenset()
    restricted_view: frozenset[SeatKey] = frozenset()


@dataclass(frozen=True)
class LayoutDoc:
    """A layout file's content, validated."""

    name: str
    stage: Stage
    sections: tuple[SectionDoc, ...]


# --- export -----------------------------------------------------------------------------------


def layout_doc(detail: LayoutDetail) -> LayoutDoc:
    """The file content of a stored layout."""
    sections = []
    for section in detail.sections:
        seats = [seat for seat in detail.seats if seat.section_id == section.id]
        flags = {
            flag: frozenset((x.row_label, x.number) for x in seats if getattr(x, flag))
            for flag in FLAGS
        }
        sections.append(SectionDoc(section.spec, **flags))
    return LayoutDoc(detail.name, detail.stage, tuple(sections))


def to_document(doc: LayoutDoc, venue: str = "") -> dict[str, Any]:
    """The JSON-ready document (seat lists sorted, so equal layouts give equal files)."""
    sections = []
    for section in doc.sections:
        spec = section.spec
        order = {(spot.row_label, spot.number): i for i, spot in enumerate(seat_spots(spec))}
        entry: dict[str, Any] = {
            "name": spec.name,
            "rows": spec.rows,
            "seats_per_row": spec.seats_per_row,
            "origin": [spec.origin_x, spec.origin_y],
            "rotation": spec.rotation,
            "curve": spec.curve,
            "row_labels": spec.row_labels,
            "numbering": spec.numbering,
            "first_row": spec.first_row,
        }
        for flag in FLAGS:
            keys = sorted(getattr(section, flag), key=lambda k: order.get(k, 0))
            entry[flag] = [[row, number] for row, number in keys]
        sections.append(entry)
    st = doc.stage
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": doc.name}
    if venue:
        document["venue"] = venue  # informative only; import goes to the venue chosen
    document["stage"] = {"x": st.x, "y": st.y, "w": st.w, "h": st.h}
    document["sections"] = sections
    return document


def dumps(doc: LayoutDoc, venue: str = "") -> str:
    return json.dumps(to_document(doc, venue), indent=2, ensure_ascii=False) + "\n"


def export_layout(db: Database, actor: Actor, layout_id: int) -> str:
    """The layout as JSON text (UTF-8, indented, stable key order)."""
    actor.require(Permission.MANAGE_VENUES)
    detail = db.run(lambda s: layout_detail(s, layout_id))
    return dumps(layout_doc(detail), detail.venue_name)


# --- parsing ----------------------------------------------------------------------------------


class _Reader:
    """Typed access to a JSON object with error messages naming the place in the file."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ValidationError(
                _("{value}: expected an object {{...}}.").format(value=where or "The file")
            )
        self.data: dict[str, Any] = data
        self.where = where

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise ValidationError(_("{at}: missing.").format(at=self._at(key)))
            return default
        return self.data[key]

    def text(self, key: str, default: Any = ...) -> str:
        value = self.raw(key, default)
        if not isinstance(value, str):
            raise ValidationError(_("{at}: expected text.").format(at=self._at(key)))
        return value

    def integer(self, key: str, low: int, high: int, default: Any = ...) -> int:
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                _("{at}: expected a whole number from {low} to {high}.").format(
                    at=self._at(key), low=low, high=high
                )
            )
        return value

    def number(self, key: str, default: Any = ..., value: Any = ...) -> float:
        value = self.raw(key, default) if value is ... else value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(_("{at}: expected a number.").format(at=self._at(key)))
        if not math.isfinite(value):
            raise ValidationError(_("{at}: expected a finite number.").format(at=self._at(key)))
        return float(value)

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(key, default)
        if value not in options:
            raise ValidationError(
                _("{at}: expected one of {items}.").format(
                    at=self._at(key), items=", ".join(options)
                )
            )
        return value


def parse_layout(text: str | bytes) -> LayoutDoc:
    """Parse and validate a layout file, or raise ValidationError saying what and where."""
    if len(text) > MAX_FILE_BYTES:
        raise ValidationError(_("The layout file is too large (more than 20 MB)."))
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ValidationError(_("The layout file is not UTF-8 text.")) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The layout file is not valid JSON (line {lineno}, column {colno}: {msg}).").format(
                lineno=exc.lineno, colno=exc.colno, msg=exc.msg
            )
        ) from None
    except RecursionError:
        raise ValidationError(
            _("The layout file is nested far too deeply to be a layout.")
        ) from None
    except ValueError:
        # json refuses integers of more than 4,300 digits (Python's int-to-str limit).
        raise ValidationError(
            _("The layout file holds a number far too large to be a layout value.")
        ) from None
    top = _Reader(data, "")
    if top.raw("format", None) != FORMAT:
        raise ValidationError(
            _("This is not a seat layout file (its format is not {FORMAT!r}).").format(
                FORMAT=FORMAT
            )
        )
    version = top.raw("version", None)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(_("version: expected a whole number."))
    if version > VERSION:
        raise ValidationError(
            _(
                "This layout file is version {version}; this program reads up to "
                "version {VERSION}. Please update the box office software."
            ).format(version=version, VERSION=VERSION)
        )
    if version < 1:
        raise ValidationError(
            _("version: {version} is not a layout file version.").format(version=version)
        )
    name = top.text("name").strip()
    if not name:
        raise ValidationError(_("name: the layout needs a name."))
    stage_r = _Reader(top.raw("stage", {"x": 0.0, "y": -4.0, "w": 10.0, "h": 2.0}), "stage")
    stage = Stage(*(stage_r.number(k) for k in ("x", "y", "w", "h")))
    if stage.w <= 0 or stage.h <= 0:
        raise ValidationError(_("stage: the width and depth must be greater than 0."))
    raw_sections = top.raw("sections")
    if not isinstance(raw_sections, list):
        raise ValidationError(_("sections: expected a list [...]."))
    sections: list[SectionDoc] = []
    names: set[str] = set()
    total = 0
    for i, item in enumerate(raw_sections):
        doc = _section(_Reader(item, f"sections[{i}]"), MAX_LAYOUT_SEATS - total)
        key = doc.spec.name.casefold()
        if key in names:
            raise ValidationError(
                _("sections[{i}].name: {name!r} appears twice.").format(i=i, name=doc.spec.name)
            )
        names.add(key)
        total += doc.spec.rows * doc.spec.seats_per_row
        if total > MAX_LAYOUT_SEATS:
            raise ValidationError(
                _("The layout has more than {MAX_LAYOUT_SEATS:,} seats.").format(
                    MAX_LAYOUT_SEATS=MAX_LAYOUT_SEATS
                )
            )
        sections.append(doc)
    return LayoutDoc(name, stage, tuple(sections))


def _section(r: _Reader, budget: int) -> SectionDoc:
    """One section; ValidationError before its seats are laid out if it has more than
    *budget* seats (what the layout has room for)."""
    origin = r.raw("origin", [0.0, 0.0])
    if not isinstance(origin, list) or len(origin) != 2:
        raise ValidationError(_("{where}.origin: expected [x, y].").format(where=r.where))
    spec = SectionSpec(
        name=r.text("name"),
        rows=r.integer("rows", 1, MAX_ROWS),
        seats_per_row=r.integer("seats_per_row", 1, MAX_SEATS_PER_ROW),
        origin_x=r.number("origin", value=origin[0]),
        origin_y=r.number("origin", value=origin[1]),
        rotation=r.number("rotation", 0.0),
        curve=r.number("curve", 0.0),
        row_labels=r.choice("row_labels", ("letters", "numbers"), "letters"),
        numbering=r.choice("numbering", ("ltr", "rtl"), "ltr"),
        first_row=r.integer("first_row", 0, 1000, 0),
    )
    try:
        spec = check_spec(spec)
    except ValidationError as exc:
        raise ValidationError(f"{r.where}: {exc.message}") from None
    if spec.rows * spec.seats_per_row > budget:
        raise ValidationError(
            _("The layout has more than {MAX_LAYOUT_SEATS:,} seats.").format(
                MAX_LAYOUT_SEATS=MAX_LAYOUT_SEATS
            )
        )
    seats = {(spot.row_label, spot.number) for spot in seat_spots(spec)}
    flags: dict[str, frozenset[SeatKey]] = {}
    for flag in FLAGS:
        raw = r.raw(flag, [])
        if not isinstance(raw, list):
            raise ValidationError(
                _("{where}.{flag}: expected a list of [row, seat] pairs.").format(
                    where=r.where, flag=flag
                )
            )
        keys: set[SeatKey] = set()
        for j, pair in enumerate(raw):
            place = f"{r.where}.{flag}[{j}]"
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not isinstance(pair[0], str)
                or isinstance(pair[1], bool)
                or not isinstance(pair[1], int)
            ):
                raise ValidationError(
                    _('{place}: expected a [row, seat] pair such as ["A", 1].').format(place=place)
                )
            key = (pair[0], pair[1])
            if key not in seats:
                raise ValidationError(
                    _("{place}: {name} has no seat {key}{key2}.").format(
                        place=place, name=spec.name, key=key[0], key2=key[1]
                    )
                )
            keys.add(key)
        flags[flag] = frozenset(keys)
    return SectionDoc(spec, **flags)


# --- import -----------------------------------------------------------------------------------


def import_layout(
    db: Database, actor: Actor, venue_id: int, text: str | bytes, name: str | None = None
) -> LayoutDetail:
    """Create a new layout in the venue from a layout file (named *name*, else the file's)."""
    actor.require(Permission.MANAGE_VENUES)
    doc = parse_layout(text)

    def work(s: Session) -> LayoutDetail:
        venue = get_venue(s, venue_id)
        return _create(s, actor, venue.id, doc, name if name is not None else doc.name)

    return db.run(work)


def _create(s: Session, actor: Actor, venue_id: int, doc: LayoutDoc, name: str) -> LayoutDetail:
    clean = check_layout_name(s, venue_id, name)
    layout = SeatLayout(venue_id=venue_id, name=clean)
    apply_stage(layout, doc.stage)
    s.add(layout)
    s.flush()
    for section_doc in doc.sections:
        _add(s, layout.id, section_doc)
    audit.record(
        s, actor, "layout.import", "seat_layout", layout.id, name=clean,
        sections=len(doc.sections),
    )  # fmt: skip
    return layout_detail(s, layout.id)


def import_layout_file(db: Database, actor: Actor, venue_id: int, path: str) -> LayoutDetail:
    """Read the layout file at *path* and create it in the venue, under the file's name or, if
    the venue has that name already, "<name> (2)", "(3)", ... (one transaction)."""
    actor.require(Permission.MANAGE_VENUES)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("Could not read {path}: {value}.").format(path=path, value=exc.strerror or exc)
        ) from exc
    doc = parse_layout(data)

    def work(s: Session) -> LayoutDetail:
        venue = get_venue(s, venue_id)
        taken = {
            n.casefold()
            for n in s.scalars(select(SeatLayout.name).where(SeatLayout.venue_id == venue.id))
        }
        name, n = doc.name, 2
        while name.casefold() in taken:
            name, n = f"{doc.name} ({n})", n + 1
        return _create(s, actor, venue.id, doc, name)

    return db.run(work)


def _add(s: Session, layout_id: int, doc: SectionDoc) -> None:
    spec = doc.spec
    section = Section(
        layout_id=layout_id,
        name=spec.name,
        row_count=spec.rows,
        seats_per_row=spec.seats_per_row,
        origin_x=spec.origin_x,
        origin_y=spec.origin_y,
        rotation=spec.rotation,
        curve=spec.curve,
        row_labels=spec.row_labels,
        numbering=spec.numbering,
    )
    s.add(section)
    s.flush()
    rows = seat_rows(layout_id, section.id, spec)
    for row in rows:
        key = (row["row_label"], row["number"])
        row["blocked"] = key in doc.blocked
        row["accessible"] = key in doc.accessible
        row["restricted_view"] = key in doc.restricted_view
    for start in range(0, len(rows), 5000):
        s.execute(insert(Seat), rows[start : start + 5000])
