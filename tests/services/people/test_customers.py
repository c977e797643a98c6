"""Customers: create, find, update, validation."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.models import AuditLog, Customer
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.services.people import customers
from boxoffice.services.people.customers import CustomerInfo
from tests.services.payment_helpers import World, world

__all__ = ["world"]


def create(w: World, name: str, email: str = "", phone: str = "", opt_in: bool = False) -> int:
    return customers.create_customer(w.db, w.clerk, name, email, phone, opt_in).id


def names(found: list[CustomerInfo]) -> list[str]:
    return [c.name for c in found]


def test_create_cleans_and_returns_info(world: World) -> None:
    info = customers.create_customer(
        world.db,
        world.clerk,
        "  Zoë   O'Brien ",
        " Zoe.OB@Example.COM ",
        " +44 (20) 7946-0999 ",
        True,
    )
    assert info == CustomerInfo(
        info.id, "Zoë O'Brien", "Zoe.OB@example.com", "+44 (20) 7946-0999", True
    )
    assert customers.get_customer(world.db, world.clerk, info.id) == info


def test_unsubscribe_token_is_random_and_url_safe(world: World) -> None:
    a, b = create(world, "A"), create(world, "B")

    def tokens(s: Session) -> list[str]:
        return list(s.scalars(select(Customer.unsubscribe_token).where(Customer.id.in_([a, b]))))

    ta, tb = world.db.run(tokens)
    assert ta != tb
    assert len(ta) == 43 and all(c.isalnum() or c in "-_" for c in ta)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "   "}, "needs a name"),
        ({"name": "x" * 129}, "at most 128"),
        ({"email": "not-an-email"}, "does not look like an e-mail"),
        ({"email": "a@b"}, "does not look like an e-mail"),
        ({"email": "a b@example.com"}, "does not look like an e-mail"),
        ({"email": "a@@example.com"}, "does not look like an e-mail"),
        ({"email": "a@" + "b" * 250 + ".com"}, "at most 254"),
        ({"phone": "call me"}, "digits, spaces"),
        ({"phone": "12"}, "at least 5 digits"),
        ({"phone": "1" * 33}, "at most 32"),
        ({"marketing_opt_in": True}, "need an e-mail"),
    ],
)
def test_validation(world: World, kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"name": "Ann"}
    values.update(kwargs)
    with pytest.raises(ValidationError, match=message):
        customers.create_customer(world.db, world.clerk, **values)  # type: ignore[arg-type]


def test_find_by_name_email_phone_any_case(world: World) -> None:
    create(world, "Chiara Rossi", "chiara@example.com", "+39 06 1234 5678")
    create(world, "Rosalind Franklin", "rosalind@kings.ac.uk", "020 7946 0011")
    assert names(customers.find_customers(world.db, world.clerk, "ross")) == ["Chiara Rossi"]
    assert names(customers.find_customers(world.db, world.clerk, "ROS")) == [
        "Rosalind Franklin",  # starts with the text: first
        "Chiara Rossi",
    ]
    assert names(customers.find_customers(world.db, world.clerk, "KINGS.ac")) == [
        "Rosalind Franklin"
    ]
    assert names(customers.find_customers(world.db, world.clerk, "7946 0011")) == [
        "Rosalind Franklin"
    ]
    # Digits typed with other separators (or none) still find the phone number.
    assert names(customers.find_customers(world.db, world.clerk, "12345678")) == ["Chiara Rossi"]
    assert names(customers.find_customers(world.db, world.clerk, "794-600-11")) == [
        "Rosalind Franklin"
    ]
    assert customers.find_customers(world.db, world.clerk, "   ") == []
    assert customers.find_customers(world.db, world.clerk, "nobody-like-this") == []


def test_find_treats_wildcards_literally(world: World) -> None:
    create(world, "100% Fan")
    create(world, "Under_Score")
    create(world, "Plain")
    assert names(customers.find_customers(world.db, world.clerk, "%")) == ["100% Fan"]
    assert names(customers.find_customers(world.db, world.clerk, "_")) == ["Under_Score"]


def test_find_is_limited_and_ordered(world: World) -> None:
    for i in range(12):
        create(world, f"Smith {i:02d}")
    found = customers.find_customers(world.db, world.clerk, "smith", limit=5)
    assert names(found) == [f"Smith {i:02d}" for i in range(5)]
    assert len(customers.find_customers(world.db, world.clerk, "smith", limit=0)) == 1
    everyone = customers.find_customers(world.db, world.clerk, "smith", limit=10_000)
    assert names(everyone)[-1] == "Ann Smith"  # names starting with the text come first
    assert len(everyone) == 13


def test_update_changes_only_given_fields_and_audits_names_not_values(world: World) -> None:
    cid = create(world, "Ann Smith", "ann@example.com", "01234 567")
    info = customers.update_customer(
        world.db, world.clerk, cid, email="ANN@Example.org", marketing_opt_in=True
    )
    assert (info.name, info.email, info.phone, info.marketing_opt_in) == (
        "Ann Smith",
        "ANN@example.org",
        "01234 567",
        True,
    )
    details = world.db.run(
        lambda s: list(
            s.scalars(
                select(AuditLog.detail).where(
                    AuditLog.action == "customer.update", AuditLog.entity_id == cid
                )
            )
        )
    )
    assert len(details) == 1
    assert "email" in details[0] and "marketing_opt_in" in details[0]
    assert "example.org" not in details[0]
    # An update that changes nothing writes no audit row.
    customers.update_customer(world.db, world.clerk, cid, name="Ann Smith")
    rows = world.db.run(
        lambda s: s.scalars(select(AuditLog.id).where(AuditLog.action == "customer.update")).all()
    )
    assert len(rows) == 1


def test_update_refuses_bad_values_and_unknown_fields(world: World) -> None:
    cid = create(world, "Ann", "ann@example.com", opt_in=True)
    with pytest.raises(ValidationError, match="Cannot change unsubscribe_token"):
        customers.update_customer(world.db, world.clerk, cid, unsubscribe_token="x")
    with pytest.raises(ValidationError, match="needs a name"):
        customers.update_customer(world.db, world.clerk, cid, name="")
    with pytest.raises(ValidationError, match="need an e-mail"):
        customers.update_customer(world.db, world.clerk, cid, email="")
    assert customers.get_customer(world.db, world.clerk, cid).email == "ann@example.com"
    info = customers.update_customer(world.db, world.clerk, cid, email="", marketing_opt_in=False)
    assert (info.email, info.marketing_opt_in) == ("", False)


def test_unknown_customer(world: World) -> None:
    with pytest.raises(NotFound, match="No customer with id 4242"):
        customers.get_customer(world.db, world.clerk, 4242)
    with pytest.raises(NotFound):
        customers.update_customer(world.db, world.clerk, 4242, name="X")


def test_create_is_audited(world: World) -> None:
    cid = create(world, "Ann")
    actions = world.db.run(
        lambda s: s.scalars(
            select(AuditLog.staff_user_id).where(
                AuditLog.action == "customer.create", AuditLog.entity_id == cid
            )
        ).all()
    )
    assert actions == [world.clerk.user_id]
