"""Money and time columns round-trip exactly on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Customer, Payment


def test_utc_datetime_round_trip(db: Database) -> None:
    at = datetime(2026, 12, 24, 18, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))

    def work(s):  # type: ignore[no-untyped-def]
        s.add(Customer(name="A", unsubscribe_token="t1", created_at=at))

    db.run(work)
    with db.session() as s:
        stored = s.scalar(select(Customer.created_at))
    assert stored == at
    assert stored is not None and stored.tzinfo is not None
    assert stored.utcoffset() == timedelta(0)
    assert stored.hour == 16  # stored as UTC


def test_naive_datetime_is_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"), db.session() as s:
        s.add(Customer(name="A", unsubscribe_token="t2", created_at=datetime(2026, 1, 1)))
        s.flush()


def test_money_is_decimal_never_float(db: Database) -> None:
    from boxoffice.services.demo import load_demo

    db.run(lambda s: load_demo(s, password_rounds=4))
    with db.session() as s:
        amounts = s.scalars(select(Payment.amount)).all()
    assert amounts and all(isinstance(a, Decimal) for a in amounts)
    assert all(a == a.quantize(Decimal("0.01")) for a in amounts)
