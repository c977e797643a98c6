"""A desk that freezes in the middle of a sale (suspended laptop, cut cable) cannot stop the
other desks for long: the server drops its silent connection after ``mysql_idle_timeout`` and
rolls its transaction back, and the waiting desk's sale goes through."""

from __future__ import annotations

import time
from contextlib import suppress

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Event
from boxoffice.services.sales import holds
from tests.services.sales_support import make_seated_event, make_staff


@pytest.mark.mysql
@pytest.mark.parametrize("db_url", ["mysql"], indirect=True)  # SQLite has no server connection
def test_a_frozen_desk_loses_its_locks(
    db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert db.is_mysql
    monkeypatch.setenv("BOXOFFICE_MYSQL_IDLE_TIMEOUT", "5")
    staff = make_staff(db)
    ev = make_seated_event(db)
    version = db.run(lambda s: s.scalar(select(Event.seat_version).where(Event.id == ev.id)))

    frozen = Database(db_url)
    conn = frozen.engine.connect()
    conn.begin()
    # Where a sale freezes worst: the event row locked by its version bump, not yet committed.
    conn.execute(update(Event).where(Event.id == ev.id).values(seat_version=Event.seat_version + 1))

    other = Database(db_url)
    try:
        started = time.monotonic()
        hold = holds.hold_seats(other, staff.clerk, ev.id, ev.ids("A1"))
        waited = time.monotonic() - started
        assert hold.seat_ids == tuple(ev.ids("A1"))
        assert 4 <= waited < 30, waited  # it waited for the frozen desk, then not much longer
        # The frozen desk's bump was rolled back with its connection: only the hold's counts.
        now = other.run(lambda s: s.scalar(select(Event.seat_version).where(Event.id == ev.id)))
        assert now == version + 1
    finally:
        with suppress(Exception):
            conn.close()
        frozen.dispose()
        other.dispose()


def test_the_idle_timeout_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from boxoffice.db.engine import make_engine
    from boxoffice.domain.errors import ConfigurationError

    monkeypatch.setenv("BOXOFFICE_MYSQL_IDLE_TIMEOUT", "1")
    with pytest.raises(ConfigurationError, match="5–86400 seconds"):
        make_engine("mysql+pymysql://u@127.0.0.1/x")
