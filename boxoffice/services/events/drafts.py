"""What the event editor submits, and the checks that need no database.

A draft is the whole event as the form shows it: fields plus its price tiers in display order
(a tier's position is its ``sort_order``; 0 = best zone). Saving a draft replaces the event's
tiers with the draft's: tiers with an ``id`` are edited, tiers without are added, missing ones
are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from boxoffice.domain.clock import as_utc
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.genres import check_genre
from boxoffice.domain.money import exact_money, format_money
from boxoffice.domain.text import check_plain
from boxoffice.i18n import _

TITLE_MAX = 200
TIER_NAME_MAX = 64
TIER_PRICE_MAX = Decimal("100000.00")  # a ticket dearer than this is a typing slip
MAX_GA_CAPACITY = 1_000_000
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# An event may be entered a little in the past (a clerk typing "now"), never days back.
PAST_GRACE = timedelta(minutes=5)


class FieldError(ValidationError):
    """A validation error tied to one form field, so the editor can show it beside it.

    ``field`` is a draft attribute name (``"title"``, ``"ends_at"``...) or ``"tiers"``;
    ``tier`` is the index of the offending tier, when there is one.
    """

    def __init__(self, field: str, message: str, tier: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.tier = tier


@dataclass(frozen=True)
class ZoneDraft:
    """A tier covers section *section_id*, rows *row_spec* ("A-D,F"; "" = the whole section)."""

    section_id: int
    row_spec: str = ""


@dataclass(frozen=True)
class TierDraft:
    name: str
    price: Decimal
    colour: str = "#4e79a7"
    zones: tuple[ZoneDraft, ...] = ()  # seated events
    ga_capacity: int = 0  # general admission
    id: int | None = None  # the existing tier this edits; None = a new tier


@dataclass(frozen=True)
class EventDraft:
    """An event as the editor submits it. Times are aware (any zone; stored as UTC)."""

    title: str
    venue_id: int
    starts_at: datetime
    ends_at: datetime
    sales_open_at: datetime
    sales_close_at: datetime
    tiers: tuple[TierDraft, ...]
    description: str = ""
    category: str = ""  # one of domain.genres.GENRES, or "" for none
    layout_id: int | None = None  # None = general admission
    ga_capacity: int | None = None  # general admission: the event's standing capacity
    allow_reentry: bool = False  # the door may scan holders out and back in

    @property
    def general_admission(self) -> bool:
        return self.layout_id is None


def _utc(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise FieldError(field, _("Please give a date and time."))
    if value.tzinfo is None:
        raise FieldError(field, _("Times must carry their time zone."))
    return as_utc(value)


def check_draft(draft: EventDraft, now: datetime, creating: bool) -> EventDraft:
    """Return *draft* normalised (trimmed text, UTC times, two-place prices) or raise FieldError.

    Checks needing the database (venue, layout, seat coverage) happen in the service.
    """
    title = draft.title.strip()
    try:
        check_plain(title, _("The title"))
    except ValidationError as exc:
        raise FieldError("title", exc.message) from None
    try:
        check_plain(draft.description, _("The description"), multiline=True)
    except ValidationError as exc:
        raise FieldError("description", exc.message) from None
    if not title:
        raise FieldError("title", _("The event needs a title."))
    try:
        category = check_genre(draft.category)
    except ValidationError as exc:
        raise FieldError("category", exc.message) from None
    if len(title) > TITLE_MAX:
        raise FieldError(
            "title",
            _("The title is longer than {TITLE_MAX} characters.").format(TITLE_MAX=TITLE_MAX),
        )
    starts = _utc(draft.starts_at, "starts_at")
    ends = _utc(draft.ends_at, "ends_at")
    opens = _utc(draft.sales_open_at, "sales_open_at")
    closes = _utc(draft.sales_close_at, "sales_close_at")
    if ends <= starts:
        raise FieldError("ends_at", _("The event must end after it starts."))
    if closes <= opens:
        raise FieldError("sales_close_at", _("Booking must close after it opens."))
    if closes > starts:
        raise FieldError("sales_close_at", _("Booking must close no later than the event starts."))
    if creating and starts < now - PAST_GRACE:
        raise FieldError("starts_at", _("A new event cannot start in the past."))
    ga_capacity: int | None = None
    if draft.layout_id is None:
        if draft.ga_capacity is None or not 1 <= draft.ga_capacity <= MAX_GA_CAPACITY:
            raise FieldError(
                "ga_capacity",
                _(
                    "A general-admission event needs a capacity between 1 and {MAX_GA_CAPACITY:,}."
                ).format(MAX_GA_CAPACITY=MAX_GA_CAPACITY),
            )
        ga_capacity = draft.ga_capacity
    tiers = tuple(_check_tier(t, i, draft.layout_id is None) for i, t in enumerate(draft.tiers))
    if not tiers:
        raise FieldError("tiers", _("Add at least one price tier."))
    seen: dict[str, int] = {}
    for i, tier in enumerate(tiers):
        key = tier.name.casefold()
        if key in seen:
            raise FieldError(
                "tiers",
                _("Two tiers are called {name!r}; names must differ.").format(name=tier.name),
                i,
            )
        seen[key] = i
    ids = [t.id for t in tiers if t.id is not None]
    if len(ids) != len(set(ids)):
        raise FieldError("tiers", _("The same tier appears twice in the list."))
    if ga_capacity is not None:
        total = sum(t.ga_capacity for t in tiers)
        if total > ga_capacity:
            raise FieldError(
                "tiers",
                _(
                    "The tiers' capacities add up to {total:,}, more than the "
                    "event's capacity of {ga_capacity:,}."
                ).format(total=total, ga_capacity=ga_capacity),
            )
    return replace(
        draft,
        title=title,
        description=draft.description.strip(),
        category=category,
        starts_at=starts,
        ends_at=ends,
        sales_open_at=opens,
        sales_close_at=closes,
        ga_capacity=ga_capacity,
        tiers=tiers,
    )


def _check_tier(tier: TierDraft, index: int, general: bool) -> TierDraft:
    name = tier.name.strip()
    if not name:
        raise FieldError("tiers", _("Tier {value} needs a name.").format(value=index + 1), index)
    try:
        check_plain(name, _("The name of tier {value}").format(value=index + 1))
    except ValidationError as exc:
        raise FieldError("tiers", exc.message, index) from None
    if len(name) > TIER_NAME_MAX:
        raise FieldError("tiers", _("Tier name {name!r} is too long.").format(name=name), index)
    try:
        # Whole cents only: 0.004 must not round to a free ticket, nor 9.999 to 10.00.
        price = exact_money(tier.price, _("The price of {name!r}").format(name=name))
        if price < 0:
            raise ValidationError(
                _("The price of {name!r} cannot be negative ({price}).").format(
                    name=name, price=price
                )
            )
        if price > TIER_PRICE_MAX:
            raise ValidationError(
                _(
                    "The price of {name!r} is more than {amount}, more than one sale can take."
                ).format(name=name, amount=format_money(TIER_PRICE_MAX))
            )
    except ValidationError as exc:
        raise FieldError("tiers", exc.message, index) from None
    if not _COLOUR.match(tier.colour.strip()):
        raise FieldError(
            "tiers", _("Tier {name!r} needs a colour like #4e79a7.").format(name=name), index
        )
    if general:
        if not 0 <= tier.ga_capacity <= MAX_GA_CAPACITY:
            raise FieldError(
                "tiers", _("Tier {name!r} needs a capacity of 0 or more.").format(name=name), index
            )
        zones: tuple[ZoneDraft, ...] = ()
        capacity = tier.ga_capacity
    else:
        zones = tuple(ZoneDraft(z.section_id, z.row_spec.strip()) for z in tier.zones)
        capacity = 0
    return replace(
        tier,
        name=name,
        price=price,
        colour=tier.colour.strip().lower(),
        zones=zones,
        ga_capacity=capacity,
    )
