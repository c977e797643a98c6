"""Fuzzing the selling path and the door: event search, holds, checkout, booking lookups and
changes, sharing, ticket codes. Only BoxOfficeError escapes; a refused call changes nothing
(a refused check-in only adds its audit row)."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from functools import partial

from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.mail import share
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.codes import InvalidCode, decode
from tests.fuzz.conftest import World, call_refusing_cleanly
from tests.fuzz.strategies import FUZZ, HUGE, Huge, junk_decimal, junk_int, junk_text

zones = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
any_time = st.one_of(
    st.none(),
    st.datetimes(timezones=zones),
    st.sampled_from(
        [
            datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))),
        ]
    ),
)
small_ints = st.one_of(junk_int, st.integers(0, 40))


def _id(value: int, real: int) -> int:
    """-1 picks the real record, anything else stays junk."""
    return real if value == -1 else value


@FUZZ
@given(
    text=junk_text,
    start=any_time,
    end=any_time,
    venues=st.lists(junk_int, max_size=3),
    low=st.one_of(st.none(), junk_decimal),
    high=st.one_of(st.none(), junk_decimal),
    available=st.booleans(),
    offset=junk_int,
    limit=junk_int,
)
def test_event_search(
    world: World,
    text: str,
    start: datetime | None,
    end: datetime | None,
    venues: list[int],
    low: Decimal | None,
    high: Decimal | None,
    available: bool,
    offset: int,
    limit: int,
) -> None:
    query = catalog.EventQuery(text, start, end, tuple(venues), low, high, available)
    for call in (
        lambda: catalog.search_events(world.db, world.clerk, query, offset, limit),
        lambda: catalog.count_events(world.db, world.clerk, query),
    ):
        assert not call_refusing_cleanly(world.db, call).changed


@FUZZ
@given(
    event=st.one_of(junk_int, st.just(-1)),
    seats=st.lists(st.one_of(junk_int, st.integers(1, 40)), max_size=5),
    quantity=small_ints,
    tier=st.one_of(st.none(), junk_int, st.just(-1)),
    hold_id=st.one_of(st.none(), junk_text),
)
def test_holds(
    world: World, event: int, seats: list[int], quantity: int, tier: int | None, hold_id: str | None
) -> None:
    seated = _id(event, world.seated.id)
    ga = _id(event, world.ga.id)
    ga_tier = _id(tier, next(iter(world.ga.tiers.values()))) if tier is not None else 0
    for call in (
        lambda: holds.hold_seats(world.db, world.clerk, seated, seats, hold_id),
        lambda: holds.best_available(world.db, world.clerk, seated, quantity, tier, hold_id),
        lambda: holds.hold_general_admission(world.db, world.clerk, ga, ga_tier, quantity, hold_id),
        lambda: holds.release_seats(world.db, world.clerk, hold_id or "", seats or None),
        lambda: holds.get_hold(world.db, world.clerk, hold_id or ""),
    ):
        outcome = call_refusing_cleanly(world.db, call)
        info = outcome.result
        if isinstance(info, holds.HoldInfo):  # let it go again: the next example starts clean
            holds.release_seats(world.db, world.clerk, info.hold_id)


tenders = st.one_of(
    st.builds(CashTender, junk_decimal, junk_decimal),
    st.builds(
        CardTender,
        junk_decimal,
        st.one_of(junk_text, st.just("4242424242424242")),
        junk_int,
        junk_int,
        st.one_of(junk_text, st.just("123")),
        junk_text,
    ),
    st.builds(SavedCardTender, junk_decimal, junk_int, junk_text),
)


@FUZZ
@given(
    tender_list=st.lists(tenders, max_size=3),
    key=junk_text,
    customer=st.one_of(st.none(), junk_int),
    real_hold=st.booleans(),
    hold_text=junk_text,
)
def test_checkout(
    world: World,
    tender_list: list[Tender],
    key: str,
    customer: int | None,
    real_hold: bool,
    hold_text: str,
) -> None:
    hold_id = hold_text
    if real_hold:
        hold_id = holds.best_available(world.db, world.clerk, world.seated.id, 1).hold_id
    try:
        outcome = call_refusing_cleanly(
            world.db,
            lambda: checkout.checkout(world.db, world.clerk, hold_id, tender_list, key, customer),
        )
        if outcome.result is not None:  # a lucky valid payment: give the seat back
            bookings.cancel_booking(world.db, world.clerk, outcome.result.reference)
    finally:
        if real_hold:
            holds.release_seats(world.db, world.clerk, hold_id)


@FUZZ
@given(
    reference=st.one_of(junk_text, st.just("")),
    text=junk_text,
    status=st.one_of(st.none(), junk_text),
    event=st.one_of(st.none(), junk_int),
    offset=junk_int,
    limit=junk_int,
)
def test_booking_lookups(
    world: World,
    reference: str,
    text: str,
    status: str | None,
    event: int | None,
    offset: int,
    limit: int,
) -> None:
    for call in (
        lambda: bookings.get_booking(world.db, world.clerk, reference),
        lambda: bookings.customer_bookings(world.db, world.clerk, offset),
        lambda: bookings.search_bookings(
            world.db, world.manager, text, event, status, offset, limit
        ),
        lambda: bookings.list_recent_bookings(world.db, world.clerk, limit),
    ):
        assert not call_refusing_cleanly(world.db, call).changed


@FUZZ
@given(
    reference=st.one_of(junk_text, st.just("")),
    reason=junk_text,
    tickets=st.lists(junk_int, max_size=3),
    hold_id=junk_text,
    tender_list=st.lists(tenders, max_size=2),
    key=junk_text,
)
def test_booking_changes_with_junk_never_half_happen(
    world: World,
    reference: str,
    reason: str,
    tickets: list[int],
    hold_id: str,
    tender_list: list[Tender],
    key: str,
) -> None:
    """Junk references and ticket ids (the real booking's reference with junk tickets too)."""
    strangers = [t for t in tickets if t not in world.ticket_ids]
    for ref in (reference, world.reference):
        for call in (
            partial(bookings.cancel_tickets, world.db, world.clerk, ref, strangers, reason),
            partial(
                bookings.exchange_seats,
                world.db,
                world.clerk,
                ref,
                strangers,
                hold_id,
                tender_list,
                key,
            ),
        ):
            assert call_refusing_cleanly(world.db, call).error is not None
    outcome = call_refusing_cleanly(
        world.db, lambda: bookings.cancel_booking(world.db, world.clerk, reference, reason)
    )
    assert outcome.error is not None or reference.strip().upper() == world.reference


@FUZZ
@given(
    event=st.one_of(junk_int, st.just(-1)),
    to_addr=st.one_of(junk_text, st.just("friend@example.com")),
    note=junk_text,
    shared_by=junk_text,
    key=junk_text,
)
def test_share_event(
    world: World, event: int, to_addr: str, note: str, shared_by: str, key: str
) -> None:
    event_id = _id(event, world.seated.id)
    call_refusing_cleanly(
        world.db,
        lambda: share.share_event(
            world.db, world.clerk, event_id, to_addr, note, shared_by=shared_by, idempotency_key=key
        ),
    )
    call_refusing_cleanly(world.db, lambda: share.share_preview(world.db, world.clerk, event_id))


@FUZZ
@given(code=junk_text, event=st.one_of(st.none(), junk_int))
def test_door_codes(world: World, code: str, event: int | None) -> None:
    """Junk at the scanner is a verdict (FORGED ...), never an exception; only the audit log
    records the refused scan (and request_done its request key, so a lost reply is not redone)."""
    with suppress(InvalidCode):
        decode(code)
    result = call_refusing_cleanly(
        world.db, lambda: checkin.verify_code(world.db, world.clerk, code, event)
    )
    assert not result.changed
    scan = call_refusing_cleanly(
        world.db,
        lambda: checkin.check_in(world.db, world.clerk, code, event),
        may_change_on_error=frozenset({"audit_log", "request_done"}),
    )
    if scan.result is not None:
        assert not scan.result.ok and scan.changed <= {"audit_log", "request_done"}
    for call in (
        lambda: checkin.attendance(world.db, world.clerk, event or 0),
        lambda: checkin.event_title(world.db, world.clerk, event or 0),
    ):
        assert not call_refusing_cleanly(world.db, call).changed


def test_searches_take_a_huge_needle(world: World) -> None:
    """A pasted wall of text in a search field: SQLite refuses LIKE patterns over 50,000 bytes
    once a row is compared, so the searches must not send one (every search has a row here)."""
    from boxoffice.services.events import queries as event_queries
    from boxoffice.services.people import customers

    for needle in (HUGE, f"{HUGE} {world.reference}", Huge("1" * 60_000)):
        for call in (
            partial(customers.find_customers, world.db, world.clerk, needle),
            partial(bookings.search_bookings, world.db, world.manager, needle),
            partial(event_queries.list_managed_events, world.db, world.manager, needle),
            partial(event_queries.count_managed_events, world.db, world.manager, needle),
            partial(catalog.search_events, world.db, world.clerk, catalog.EventQuery(needle)),
        ):
            outcome = call_refusing_cleanly(world.db, call)
            assert outcome.error is None and not outcome.result
