"""Merging duplicates: bookings, cards and consent move to the kept customer, the duplicate
goes; a sale racing the merge on MariaDB is never lost nor left on a vanished customer."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Booking, Customer
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, PermissionDenied, ValidationError
from boxoffice.security import cardcrypt
from boxoffice.services.people import customers
from boxoffice.services.people.data_rights import erase_customer, merge_customers
from boxoffice.services.people.data_rights import merge as merge_module
from boxoffice.services.sales import holds, pricing
from boxoffice.services.sales import purchase as checkout
from tests.services.payment_helpers import PAN
from tests.services.people.data_rights.support import (
    EMAIL,
    PHONE,
    Person,
    cards_of,
    make_person,
)
from tests.services.sales_support import cash


def _bookings_of(db: Database, customer_id: int) -> list[int]:
    with db.session() as s:
        return list(
            s.scalars(
                select(Booking.id).where(Booking.customer_id == customer_id).order_by(Booking.id)
            )
        )


def _duplicate(p: Person) -> int:
    """The same person entered again without e-mail, who later said no to marketing."""
    dup = customers.create_customer(p.db, p.staff.clerk, "Zoe Quartermaine", "", PHONE).id
    with p.db.session() as s:
        s.execute(
            update(Customer)
            .where(Customer.id == dup)
            .values(
                marketing_consent_at=utcnow() + timedelta(seconds=5),
                marketing_consent_source="phone",
            )
        )
    return dup


def test_merge_moves_bookings_cards_and_the_latest_consent(db: Database) -> None:
    p = make_person(db)
    kept = p.bystander_id  # Bob: an e-mail, a booking, a default card, no consent decision
    before = _bookings_of(db, p.customer_id) + _bookings_of(db, kept)

    done = merge_customers(db, p.staff.manager, p.customer_id, kept)
    assert (done.removed_id, done.bookings_moved, done.cards_moved) == (p.customer_id, 1, 1)
    assert _bookings_of(db, kept) == sorted(before) and _bookings_of(db, p.customer_id) == []
    with db.session() as s:
        assert s.get(Customer, p.customer_id) is None
    # Zoë's consent was the only decision on record: it moves; Bob keeps his own e-mail.
    assert done.kept.marketing_opt_in and done.kept.consent_source == "signed form"
    assert done.kept.email == "bob@example.org" and done.kept.phone == PHONE
    cards = cards_of(db, kept)
    assert len(cards) == 2 and sum(c.is_default for c in cards) == 1
    for card in cards:  # re-sealed for the kept customer: still readable
        assert cardcrypt.decrypt_pan(card.pan_ciphertext, card.key_id, kept) == PAN
    with db.session() as s:
        actions = s.execute(
            select(AuditLog.action, AuditLog.entity_id).where(
                AuditLog.action.like("customer.merge%")
            )
        ).all()
    assert sorted(actions) == [("customer.merge", kept), ("customer.merged_into", p.customer_id)]
    assert customers.find_customers(db, p.staff.clerk, "Quartermaine") == []


def test_a_newer_withdrawal_wins_and_missing_details_are_filled(db: Database) -> None:
    p = make_person(db)
    dup = _duplicate(p)
    done = merge_customers(db, p.staff.manager, dup, p.customer_id)
    assert not done.kept.marketing_opt_in and done.kept.consent_source == "phone"
    assert done.kept.email == EMAIL
    dup2 = _duplicate(p)
    kept2 = merge_customers(db, p.staff.manager, p.customer_id, dup2).kept
    assert kept2.email == EMAIL  # the kept record had none: taken from the duplicate


def test_merge_refusals(db: Database) -> None:
    p = make_person(db)
    with pytest.raises(PermissionDenied):
        merge_customers(db, p.staff.clerk, p.customer_id, p.bystander_id)
    with pytest.raises(ValidationError, match="itself"):
        merge_customers(db, p.staff.manager, p.customer_id, p.customer_id)
    with pytest.raises(NotFound):
        merge_customers(db, p.staff.manager, 999_999, p.customer_id)
    erase_customer(db, p.staff.manager, p.bystander_id, "request")
    with pytest.raises(ValidationError, match="erased"):
        merge_customers(db, p.staff.manager, p.customer_id, p.bystander_id)
    assert len(_bookings_of(db, p.customer_id)) == 1


def _in_thread(fn: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def _mysql_only(db: Database) -> None:
    if db.engine.dialect.name != "mysql":
        pytest.skip("the race needs row locks of a real server")


def test_a_sale_that_waits_for_the_merge_is_refused_clearly(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mysql_only(db)
    p = make_person(db)
    hold = holds.hold_seats(db, p.staff.clerk, p.event.id, p.event.ids("C1"))
    locked = threading.Event()
    real = merge_module._move_cards

    def slow_move(*args: Any) -> int:
        locked.set()
        time.sleep(1.0)  # both customers are locked: the sale starts now and must wait
        return real(*args)

    monkeypatch.setattr(merge_module, "_move_cards", slow_move)
    merging, merged = _in_thread(
        lambda: merge_customers(db, p.staff.manager, p.customer_id, p.bystander_id)
    )
    assert locked.wait(10)
    selling, sold = _in_thread(
        lambda: checkout.checkout(
            db, p.staff.clerk, hold.hold_id, cash(hold.total), "race-1", p.customer_id
        )
    )
    merging.join(30)
    selling.join(30)
    assert merged[0].bookings_moved == 1
    assert isinstance(sold[0], NotFound) and "choose the customer again" in str(sold[0])
    # The hold is still there: the clerk picks the kept customer and sells.
    again = checkout.checkout(
        db, p.staff.clerk, hold.hold_id, cash(hold.total), "race-2", p.bystander_id
    )
    assert again.booking_id in _bookings_of(db, p.bystander_id)
    assert len(_bookings_of(db, p.bystander_id)) == 3


def test_a_sale_in_flight_when_the_merge_starts_moves_with_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mysql_only(db)
    p = make_person(db)
    hold = holds.hold_seats(db, p.staff.clerk, p.event.id, p.event.ids("C2"))
    in_sale = threading.Event()
    real = pricing.quote

    def slow_quote(*args: Any, **kwargs: Any) -> Any:
        in_sale.set()  # the sale holds its customer's shared lock by now
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(pricing, "quote", slow_quote)
    selling, sold = _in_thread(
        lambda: checkout.checkout(
            db, p.staff.clerk, hold.hold_id, cash(hold.total), "race-3", p.customer_id
        )
    )
    assert in_sale.wait(10)
    merging, merged = _in_thread(
        lambda: merge_customers(db, p.staff.manager, p.customer_id, p.bystander_id)
    )
    selling.join(30)
    merging.join(30)
    assert not isinstance(sold[0], BaseException), sold[0]
    assert merged[0].bookings_moved == 2  # the earlier booking and the one racing in
    assert sold[0].booking_id in _bookings_of(db, p.bystander_id)
    assert _bookings_of(db, p.customer_id) == []
