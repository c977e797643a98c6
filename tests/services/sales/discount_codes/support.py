"""Helpers for the discount-code tests: a customer row and a code made through the service."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Customer
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.discount import DiscountApplies, DiscountKind
from boxoffice.services.sales import discount_codes as dc


def make_customer(db: Database, name: str = "Ada Lovelace") -> int:
    def work(s: Session) -> int:
        row = Customer(name=name, unsubscribe_token=secrets.token_urlsafe(32), created_at=utcnow())
        s.add(row)
        s.flush()
        return row.id

    return db.run(work)


def make_code(
    db: Database,
    manager: Actor,
    code: str = "SPRING10",
    kind: str = "percent",
    value: str = "10",
    applies: str = "ticket",
    **more: Any,
) -> dc.CodeInfo:
    spec = dc.CodeSpec(code, DiscountKind(kind), Decimal(value), DiscountApplies(applies), **more)
    return dc.create_code(db, manager, spec)
