"""Fuzzing what managers and admins type: the event editor's drafts (end before start, junk
prices, capacities and colours, zones naming strangers' sections), venues, layouts, sections,
seat flags, layout JSON, mail settings, resending a confirmation. Only BoxOfficeError escapes,
and a refused call changes nothing."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.clock import utcnow
from boxoffice.domain.layout import SectionSpec
from boxoffice.domain.seatmap import Stage
from boxoffice.services.events import editor as events
from boxoffice.services.events.drafts import EventDraft, TierDraft, ZoneDraft
from boxoffice.services.events.queries import event_for_edit
from boxoffice.services.mail import notifications
from boxoffice.services.mail.settings import MailSettings, SmtpSecurity, save_mail_settings
from boxoffice.services.venues import layout_json as venue_json
from boxoffice.services.venues import layouts as venues
from boxoffice.services.venues import sections as venue_sections
from tests.fuzz.conftest import World, call_refusing_cleanly
from tests.fuzz.strategies import FUZZ, junk_decimal, junk_int, junk_text

floats = st.one_of(st.floats(), st.floats(-1e4, 1e4), st.sampled_from([0.0, -0.0, 1e308]))
offsets = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
times = st.one_of(
    st.datetimes(timezones=offsets),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=offsets),
    st.datetimes(),  # naive: the editor must say so, not crash
    st.sampled_from(
        [
            datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))),
        ]
    ),
)
zone_drafts = st.builds(
    ZoneDraft, junk_int, st.one_of(junk_text, st.sampled_from(["A-B", "C", ""]))
)
tier_drafts = st.builds(
    TierDraft,
    name=junk_text,
    price=junk_decimal,
    colour=st.one_of(junk_text, st.just("#4e79a7")),
    zones=st.lists(zone_drafts, max_size=2).map(tuple),
    ga_capacity=junk_int,
    id=st.one_of(st.none(), junk_int),
)


@dataclass(frozen=True)
class Managed:
    """Events made through the editor's own service (tiers with zones), so their drafts are
    valid and junk on top of them tests the checks one at a time."""

    seated: int
    ga: int
    layout: int
    section: int


@pytest.fixture
def managed(world: World) -> Managed:
    m = world.manager
    venue = venues.create_venue(world.db, m, "Editor Hall")
    layout = venues.create_layout(world.db, m, venue.id, "Main")
    detail = venue_sections.add_section(world.db, m, layout.id, SectionSpec("Stalls", 4, 6))
    section = detail.sections[0].id
    start = utcnow() + timedelta(days=10)
    base = EventDraft(
        title="Edited Play",
        venue_id=venue.id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        sales_open_at=start - timedelta(days=9),
        sales_close_at=start,
        tiers=(
            TierDraft("Front", Decimal("40.00"), zones=(ZoneDraft(section, "A-B"),)),
            TierDraft("Back", Decimal("25.00"), zones=(ZoneDraft(section, "C-D"),)),
        ),
        layout_id=layout.id,
    )
    seated = events.create_event(world.db, m, base)
    ga = events.create_event(
        world.db,
        m,
        replace(
            base,
            title="Edited Gig",
            layout_id=None,
            ga_capacity=100,
            tiers=(TierDraft("Standing", Decimal("15.00"), ga_capacity=100),),
        ),
    )
    return Managed(seated.id, ga.id, layout.id, section)


def _draft(world: World, managed: Managed, seated: bool) -> EventDraft:
    return event_for_edit(world.db, world.manager, managed.seated if seated else managed.ga).draft


@FUZZ
@given(
    seated=st.booleans(),
    existing=st.booleans(),
    changes=st.fixed_dictionaries(
        {},
        optional={
            "title": junk_text,
            "description": junk_text,
            "venue_id": junk_int,
            "layout_id": st.one_of(st.none(), junk_int),
            "ga_capacity": st.one_of(st.none(), junk_int),
            "starts_at": times,
            "ends_at": times,
            "sales_open_at": times,
            "sales_close_at": times,
            "tiers": st.lists(tier_drafts, max_size=3).map(tuple),
        },
    ),
)
def test_event_editor(
    world: World, managed: Managed, seated: bool, existing: bool, changes: dict[str, Any]
) -> None:
    base = _draft(world, managed, seated)
    if not existing:  # a new event a week ahead, then the junk on top
        start = utcnow() + timedelta(days=7)
        base = replace(
            base,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            sales_open_at=start - timedelta(days=6),
            sales_close_at=start,
            tiers=tuple(replace(t, id=None) for t in base.tiers),
        )
    draft = replace(base, **changes)
    if existing:
        event_id = managed.seated if seated else managed.ga
        call = lambda: events.update_event(world.db, world.manager, event_id, draft)  # noqa: E731
    else:
        call = lambda: events.create_event(world.db, world.manager, draft)  # noqa: E731
    call_refusing_cleanly(world.db, call)


def test_end_before_start_is_refused_on_the_field(world: World, managed: Managed) -> None:
    draft = _draft(world, managed, True)
    bad = replace(draft, ends_at=draft.starts_at - timedelta(minutes=1))
    outcome = call_refusing_cleanly(
        world.db, lambda: events.update_event(world.db, world.manager, managed.seated, bad)
    )
    assert outcome.error is not None and getattr(outcome.error, "field", "") == "ends_at"


@FUZZ
@given(event=junk_int, reason=junk_text)
def test_event_ids(world: World, event: int, reason: str) -> None:
    for call in (
        lambda: events.delete_event(world.db, world.manager, event),
        lambda: events.cancel_event(world.db, world.manager, event, reason),
        lambda: event_for_edit(world.db, world.manager, event),
    ):
        call_refusing_cleanly(world.db, call)


section_specs = st.builds(
    SectionSpec,
    name=junk_text,
    rows=junk_int,
    seats_per_row=junk_int,
    origin_x=floats,
    origin_y=floats,
    rotation=floats,
    curve=floats,
    row_labels=st.one_of(junk_text, st.sampled_from(["letters", "numbers"])),
    numbering=st.one_of(junk_text, st.sampled_from(["ltr", "rtl"])),
    first_row=junk_int,
)


@FUZZ
@given(
    name=junk_text,
    address=junk_text,
    venue=st.one_of(junk_int, st.just(-1)),
    stage=st.builds(Stage, floats, floats, floats, floats),
)
def test_venues_and_layouts(
    world: World, name: str, address: str, venue: int, stage: Stage
) -> None:
    layout = venues.list_venues(world.db, world.manager)[0]
    venue_id = layout.id if venue == -1 else venue
    for call in (
        lambda: venues.create_venue(world.db, world.manager, name, address),
        lambda: venues.update_venue(world.db, world.manager, venue_id, name, address),
        lambda: venues.create_layout(world.db, world.manager, venue_id, name, stage),
    ):
        call_refusing_cleanly(world.db, call)


@FUZZ
@given(
    spec=section_specs,
    target=st.one_of(junk_int, st.just(-1)),
    x=floats,
    y=floats,
    rotation=st.one_of(st.none(), floats),
    seats=st.lists(junk_int, max_size=4),
    flags=st.tuples(*[st.one_of(st.none(), st.booleans())] * 3),
    name=junk_text,
    stage=st.builds(Stage, floats, floats, floats, floats),
)
def test_sections_and_seats(
    world: World,
    spec: SectionSpec,
    target: int,
    x: float,
    y: float,
    rotation: float | None,
    seats: list[int],
    flags: tuple[bool | None, bool | None, bool | None],
    name: str,
    stage: Stage,
) -> None:
    """A fresh layout without events (so edits are allowed) and junk on top of it."""
    venue = venues.create_venue(world.db, world.manager, f"Fuzz hall {utcnow().timestamp()}")
    layout = venues.create_layout(world.db, world.manager, venue.id, "Main")
    good = venue_sections.add_section(world.db, world.manager, layout.id, SectionSpec("S", 2, 3))
    section_id = good.sections[0].id if target == -1 else target
    layout_id = layout.id if target == -1 else target
    blocked, accessible, restricted = flags
    for call in (
        lambda: venue_sections.add_section(world.db, world.manager, layout_id, spec),
        lambda: venue_sections.update_section(world.db, world.manager, section_id, spec),
        lambda: venue_sections.move_section(world.db, world.manager, section_id, x, y, rotation),
        lambda: venue_sections.set_seat_flags(
            world.db,
            world.manager,
            layout_id,
            seats,
            blocked=blocked,
            accessible=accessible,
            restricted_view=restricted,
        ),
        lambda: venues.rename_layout(world.db, world.manager, layout_id, name),
        lambda: venues.set_stage(world.db, world.manager, layout_id, stage),
        lambda: venue_sections.delete_section(world.db, world.manager, section_id),
    ):
        call_refusing_cleanly(world.db, call)


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), junk_int, floats, junk_text)
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(junk_text, inner, max_size=3)
        ),
        max_leaves=8,
    )


@FUZZ
@given(
    payload=st.one_of(junk_text, _json_values().map(json.dumps), st.binary(max_size=40)),
    mutate=st.dictionaries(
        st.sampled_from(["name", "rows", "seats_per_row", "rotation", "row_labels", "seats"]),
        _json_values(),
        max_size=2,
    ),
    name=st.one_of(st.none(), junk_text),
)
def test_layout_import(
    world: World,
    managed: Managed,
    payload: str | bytes,
    mutate: dict[str, Any],
    name: str | None,
) -> None:
    venue_id = venues.list_venues(world.db, world.manager)[0].id
    call_refusing_cleanly(
        world.db, lambda: venue_json.import_layout(world.db, world.manager, venue_id, payload, name)
    )
    # A real export with junk spliced into its first section.
    exported = json.loads(venue_json.export_layout(world.db, world.manager, managed.layout))
    assert exported["sections"]
    exported["sections"][0].update(mutate)
    text = json.dumps(exported, allow_nan=True)
    call_refusing_cleanly(
        world.db, lambda: venue_json.import_layout(world.db, world.manager, venue_id, text, name)
    )


@FUZZ
@given(
    host=junk_text,
    port=junk_int,
    security=st.sampled_from(list(SmtpSecurity)),
    username=junk_text,
    from_addr=st.one_of(junk_text, st.just("box@example.com")),
    from_name=junk_text,
    ca_file=junk_text,
    unsubscribe=junk_text,
    password=st.one_of(st.none(), junk_text),
)
def test_mail_settings(
    world: World,
    host: str,
    port: int,
    security: SmtpSecurity,
    username: str,
    from_addr: str,
    from_name: str,
    ca_file: str,
    unsubscribe: str,
    password: str | None,
) -> None:
    settings = MailSettings(
        host, port, security, username, from_addr, from_name, ca_file, unsubscribe
    )
    call_refusing_cleanly(
        world.db, lambda: save_mail_settings(world.db, world.admin, settings, password)
    )


@FUZZ
@given(reference=st.one_of(junk_text, st.just("")), to_addr=junk_text, real=st.booleans())
def test_resend_confirmation(world: World, reference: str, to_addr: str, real: bool) -> None:
    ref = world.reference if real else reference
    call_refusing_cleanly(
        world.db,
        lambda: notifications.resend_confirmation(world.db, world.manager, ref, to_addr),
    )


def test_zero_price_tiers_are_fine(world: World, managed: Managed) -> None:
    """Sanity for the strategies: a valid edit does go through (so refusals are meaningful)."""
    draft = _draft(world, managed, True)
    tiers = tuple(replace(t, price=Decimal("0")) for t in draft.tiers)
    outcome = call_refusing_cleanly(
        world.db,
        lambda: events.update_event(
            world.db, world.manager, managed.seated, replace(draft, tiers=tiers)
        ),
    )
    assert outcome.error is None and "price_tier" in outcome.changed


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_stage_that_is_not_a_number_is_refused(
    world: World, managed: Managed, bad: float
) -> None:
    for stage in (
        Stage(bad, 0, 4, 2),
        Stage(0, bad, 4, 2),
        Stage(0, 0, bad, 2),
        Stage(0, 0, 4, bad),
    ):
        outcome = call_refusing_cleanly(
            world.db,
            lambda: venues.set_stage(world.db, world.manager, managed.layout, stage),  # noqa: B023
        )
        assert outcome.error is not None
