"""MariaDB restarted during sales: a clear message while it is down, reconnection afterwards,
safe work retried, nothing lost."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.models import Booking
from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.domain.tender import CashTender
from boxoffice.services.demo import load_demo
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.reliability.conftest import PrivateServer
from tests.reliability.helpers import demo_actor, seated_event_and_free_seats

pytestmark = [pytest.mark.mysql, pytest.mark.slow]


@pytest.fixture(scope="module")
def server_db(private_mariadb: PrivateServer) -> Database:
    db = Database(private_mariadb.url)
    migrate.upgrade(db.engine)
    db.run(lambda s: load_demo(s, password_rounds=4))
    return db


def _sell(db: Database, seat_ids: list[int], event_id: int, key: str) -> str:
    actor = demo_actor(db)
    hold = holds.hold_seats(db, actor, event_id, seat_ids)
    result = checkout.checkout(
        db, actor, hold.hold_id, [CashTender(hold.total, hold.total)], idempotency_key=key
    )
    return result.reference


def test_down_server_gives_a_clear_message_then_reconnects(
    private_mariadb: PrivateServer, server_db: Database
) -> None:
    actor = demo_actor(server_db)
    event_id, seats = seated_event_and_free_seats(server_db, 2)
    reference = _sell(server_db, seats, event_id, "restart-before")
    private_mariadb.stop()
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="Cannot reach the database server") as exc:
            catalog.search_events(server_db, actor, catalog.EventQuery())
        assert "pymysql" not in exc.value.message.lower().replace("mysql+pymysql://", "")
        assert time.monotonic() - started < 30  # gives up in bounded time, no hang
    finally:
        private_mariadb.start()
    # Same Database object, same pool: the stale connections are replaced (pre-ping).
    assert catalog.search_events(server_db, actor, catalog.EventQuery())
    with server_db.session() as s:
        assert s.scalar(select(func.count()).where(Booking.reference == reference)) == 1


def test_checkout_retried_across_a_restart_books_once(
    private_mariadb: PrivateServer, server_db: Database
) -> None:
    actor = demo_actor(server_db)
    event_id, seats = seated_event_and_free_seats(server_db, 3)
    hold = holds.hold_seats(server_db, actor, event_id, seats)
    private_mariadb.stop()
    restarter = threading.Timer(1.0, private_mariadb.start)
    restarter.start()
    try:
        result = checkout.checkout(
            server_db,
            actor,
            hold.hold_id,
            [CashTender(hold.total, hold.total + Decimal("5.00"))],
            idempotency_key="restart-during",
        )
    finally:
        restarter.join()
    assert result.change_due == Decimal("5.00")
    again = checkout.checkout(
        server_db,
        actor,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        idempotency_key="restart-during",
    )
    assert again.reference == result.reference
    with server_db.session() as s:
        assert (
            s.scalar(select(func.count()).where(Booking.idempotency_key == "restart-during")) == 1
        )
