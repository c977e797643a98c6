"""Fuzzing the services that take what a clerk types about people and money: customers, saved
cards, change due, staff accounts, sign-in. Only BoxOfficeError may escape (never ValueError,
TypeError, an IntegrityError or a driver error), and a refused call changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.errors import BoxOfficeError, PaymentError
from boxoffice.domain.roles import Role
from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender
from boxoffice.services.people import auth, customers, staff
from boxoffice.services.sales import payments
from boxoffice.services.sales import saved_cards as cards
from tests.fuzz.conftest import World, call_refusing_cleanly
from tests.fuzz.strategies import FUZZ, junk_decimal, junk_int, junk_text

digits = st.text(st.characters(codec="ascii", categories=["Nd"]), min_size=0, max_size=25)
card_numbers = st.one_of(junk_text, digits, st.sampled_from(["4242 4242 4242 4242", "4242-4242"]))


@FUZZ
@given(name=junk_text, email=junk_text, phone=junk_text, opt_in=st.booleans())
def test_create_customer(world: World, name: str, email: str, phone: str, opt_in: bool) -> None:
    call_refusing_cleanly(
        world.db,
        lambda: customers.create_customer(world.db, world.clerk, name, email, phone, opt_in),
    )


@FUZZ
@given(
    customer_id=st.one_of(junk_int, st.just(-1)),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "email",
                "phone",
                "marketing_opt_in",
                "id",
                "unsubscribe_token",
                "consent_source",
            ]
        ),
        st.one_of(junk_text, st.booleans(), st.none(), junk_int),
        max_size=3,
    ),
)
def test_update_customer(world: World, customer_id: int, fields: dict[str, Any]) -> None:
    target = world.customer_id if customer_id == -1 else customer_id
    call_refusing_cleanly(
        world.db, lambda: customers.update_customer(world.db, world.clerk, target, **fields)
    )


@FUZZ
@given(text=junk_text, limit=junk_int)
def test_find_customers(world: World, text: str, limit: int) -> None:
    outcome = call_refusing_cleanly(
        world.db, lambda: customers.find_customers(world.db, world.clerk, text, limit)
    )
    assert not outcome.changed


@FUZZ
@given(
    customer_id=st.one_of(junk_int, st.just(-1)),
    number=card_numbers,
    month=junk_int,
    year=junk_int,
    holder=junk_text,
    address=junk_text,
    default=st.booleans(),
)
def test_add_card(
    world: World,
    customer_id: int,
    number: str,
    month: int,
    year: int,
    holder: str,
    address: str,
    default: bool,
) -> None:
    target = world.customer_id if customer_id == -1 else customer_id
    call_refusing_cleanly(
        world.db,
        lambda: cards.add_card(
            world.db, world.clerk, target, number, month, year, holder, address, default
        ),
    )


@FUZZ
@given(card_id=junk_int, action=st.sampled_from(["default", "remove", "list"]))
def test_card_ids(world: World, card_id: int, action: str) -> None:
    def call() -> object:
        if action == "default":
            return cards.set_default_card(world.db, world.clerk, card_id)
        if action == "remove":
            cards.remove_card(world.db, world.clerk, card_id)
            return None
        return cards.list_cards(world.db, world.clerk, card_id)

    call_refusing_cleanly(world.db, call)


tenders = st.one_of(
    st.builds(CashTender, junk_decimal, junk_decimal),
    st.builds(CardTender, junk_decimal, card_numbers, junk_int, junk_int, junk_text, junk_text),
    st.builds(SavedCardTender, junk_decimal, junk_int, junk_text),
)


@FUZZ
@given(tender_list=st.lists(tenders, max_size=4), total=junk_decimal)
def test_change_due(tender_list: list[Tender], total: Decimal) -> None:
    """Pure: either a change amount (never negative) or PaymentError/another expected error."""
    try:
        change = payments.change_due(tender_list, total)
    except BoxOfficeError as exc:
        assert exc.message
        return
    assert isinstance(change, Decimal) and change.is_finite() and change >= 0


def test_change_due_refuses_what_does_not_cover() -> None:
    # The fuzz test above accepts refusals; make sure a plain shortfall is one.
    try:
        payments.change_due([CashTender(Decimal("5.00"), Decimal("5.00"))], Decimal("9.00"))
    except PaymentError:
        return
    raise AssertionError("a short payment was accepted")


@FUZZ
@given(
    username=junk_text,
    role=st.sampled_from(list(Role)),
    password=junk_text,
    full_name=junk_text,
)
def test_add_staff(world: World, username: str, role: Role, password: str, full_name: str) -> None:
    # Passwords that pass the strength rule would be hashed at full cost: keep most too short.
    call_refusing_cleanly(
        world.db,
        lambda: staff.add_user(world.db, world.admin, username, role, password[:12], full_name),
    )


@FUZZ
@given(user_id=junk_int, password=junk_text, role=st.sampled_from(list(Role)), flag=st.booleans())
def test_staff_changes(world: World, user_id: int, password: str, role: Role, flag: bool) -> None:
    for call in (
        lambda: staff.reset_password(world.db, world.admin, user_id, password[:9]),
        lambda: staff.set_role(world.db, world.admin, user_id, role),
        lambda: staff.set_active(world.db, world.admin, user_id, flag),
    ):
        call_refusing_cleanly(world.db, call)


@FUZZ
@given(username=st.one_of(junk_text, st.just("clerk")), password=junk_text, desk=junk_text)
def test_sign_in(world: World, username: str, password: str, desk: str) -> None:
    """A refused sign-in is recorded (failed-login counter, audit row) but nothing else."""
    outcome = call_refusing_cleanly(
        world.db,
        lambda: auth.sign_in(world.db, username, password, desk),
        may_change_on_error=frozenset({"staff_user", "audit_log"}),
    )
    assert outcome.error is not None  # no generated password is the clerk's
