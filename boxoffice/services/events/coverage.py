"""Which price tier covers each seat of a seated event (pure: no database, no Qt).

A tier covers *zones*: a section, optionally narrowed by a row spec such as ``"A-D"`` or
``"A-C,F"`` (ranges follow the section's row order, nearest the stage first). An empty row
spec means "the whole section, except rows another tier names explicitly", so
``Premium = Stalls:A-D`` plus ``Standard = Stalls`` reads naturally as "the rest of the stalls".

Every row must end up in exactly one tier. Two tiers naming the same row explicitly, or two
tiers both claiming a whole section, is an overlap; a row nobody covers is a gap. Both are
reported together in one :class:`ValidationError` that names the sections and rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _


@dataclass(frozen=True)
class SectionRows:
    """A section of the layout and its row labels, nearest the stage first."""

    section_id: int
    name: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Zone:
    """Tier *tier* (its name) covers *row_spec* of section *section_id* ("" = whole section)."""

    tier: str
    section_id: int
    row_spec: str = ""


def parse_row_spec(spec: str, section: SectionRows) -> tuple[str, ...]:
    """Row labels named by *spec* in row order; ``""`` names every row.

    Accepts single rows and inclusive ranges separated by commas, in either direction
    (``"D-A"`` equals ``"A-D"``); labels are matched case-insensitively.
    """
    text = spec.strip()
    if not text:
        return section.labels
    index = {label.upper(): i for i, label in enumerate(section.labels)}

    def position(label: str) -> int:
        key = label.strip().upper()
        if not key:
            raise ValidationError(
                _("Row spec {spec!r} for {name} has an empty part.").format(
                    spec=spec, name=section.name
                )
            )
        if key not in index:
            first, last = section.labels[0], section.labels[-1]
            raise ValidationError(
                _("{name} has no row {strip!r} (its rows run {first}–{last}).").format(
                    name=section.name, strip=label.strip(), first=first, last=last
                )
            )
        return index[key]

    chosen: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.partition("-")
        start = position(first)
        end = position(last) if dash else start
        chosen.update(range(min(start, end), max(start, end) + 1))
    return tuple(section.labels[i] for i in sorted(chosen))


def describe_rows(rows: Sequence[str], section: SectionRows) -> str:
    """``"all rows"``, ``"row F"`` or ``"rows A–D, F"``: compact wording for messages."""
    if len(rows) == len(section.labels):
        return _("all rows")
    order = {label: i for i, label in enumerate(section.labels)}
    positions = sorted(order[r] for r in rows)
    parts: list[str] = []
    start = prev = positions[0]
    for p in [*positions[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        a, b = section.labels[start], section.labels[prev]
        parts.append(a if start == prev else f"{a}–{b}")
        if p is not None:
            start = prev = p
    return ("row " if len(positions) == 1 else "rows ") + ", ".join(parts)


def resolve_coverage(
    sections: Sequence[SectionRows],
    zones: Iterable[Zone],
    tiers: Sequence[str] = (),
    *,
    strict: bool = True,
) -> dict[tuple[int, str], str]:
    """Map ``(section_id, row label)`` to the covering tier's name, or raise ValidationError.

    *tiers* (names) lets the check also report tiers that end up covering no seat at all.
    With ``strict=False`` nothing is raised: the map holds just the rows with exactly one
    tier, and zones that name unknown sections or rows are skipped (used when a layout
    change re-derives seats of existing events).
    """
    by_id = {s.section_id: s for s in sections}
    explicit: dict[tuple[int, str], set[str]] = {}
    whole: dict[int, set[str]] = {}
    for zone in zones:
        section = by_id.get(zone.section_id)
        if section is None:
            if not strict:
                continue
            raise ValidationError(
                _(
                    "Tier {tier!r} names a section (id {section_id}) that is not in "
                    "this event's seat layout."
                ).format(tier=zone.tier, section_id=zone.section_id)
            )
        if zone.row_spec.strip():
            try:
                labels = parse_row_spec(zone.row_spec, section)
            except ValidationError:
                if strict:
                    raise
                continue
            for label in labels:
                explicit.setdefault((section.section_id, label), set()).add(zone.tier)
        else:
            whole.setdefault(section.section_id, set()).add(zone.tier)

    result: dict[tuple[int, str], str] = {}
    gaps: list[str] = []
    overlaps: list[str] = []
    for section in sections:
        sid = section.section_id
        owners = whole.get(sid, set())
        if len(owners) > 1:
            overlaps.append(f"{section.name} ({_names(owners)})")
        uncovered: list[str] = []
        doubled: dict[frozenset[str], list[str]] = {}
        for label in section.labels:
            named = explicit.get((sid, label), set())
            if len(named) > 1:
                doubled.setdefault(frozenset(named), []).append(label)
            elif named:
                result[(sid, label)] = next(iter(named))
            elif len(owners) == 1:
                result[(sid, label)] = next(iter(owners))
            elif not owners:
                uncovered.append(label)
        if uncovered:
            gaps.append(_where(section, uncovered))
        for names, rows in doubled.items():
            overlaps.append(f"{_where(section, rows)} ({_names(names)})")

    problems: list[str] = []
    if gaps:
        problems.append(_("No price tier covers ") + "; ".join(gaps) + ".")
    if overlaps:
        problems.append(_("More than one tier covers ") + "; ".join(overlaps) + ".")
    if not problems:
        used = set(result.values())
        idle = [t for t in tiers if t not in used]
        if len(idle) == 1:
            problems.append(
                _("Tier {names} covers no seats; give it a section or rows, or remove it.").format(
                    names=_names(idle)
                )
            )
        elif idle:
            problems.append(
                _(
                    "Tiers {names} cover no seats; give each a section or rows, or remove them."
                ).format(names=_names(idle))
            )
    if problems and strict:
        raise ValidationError(" ".join(problems))
    return result


def _where(section: SectionRows, rows: Sequence[str]) -> str:
    """``"Circle"`` (every row) or ``"Stalls rows D–E"``."""
    if len(rows) == len(section.labels):
        return section.name
    return f"{section.name} {describe_rows(rows, section)}"


def _names(names: Iterable[str]) -> str:
    quoted = [repr(n) for n in sorted(names)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
