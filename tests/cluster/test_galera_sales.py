"""The product unchanged on a 3-node Galera cluster: desks on different nodes sell the same
event; conflicting commits on two nodes are retried, never oversold."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Base
from tests.cluster.conftest import Galera
from tests.cluster.desks import Desk, sell, wait_synced

pytestmark = [pytest.mark.cluster, pytest.mark.mysql, pytest.mark.slow]


def test_every_table_meets_galera_and_group_replication_rules(
    galera: Galera, node_dbs: list[Database]
) -> None:
    """InnoDB (only InnoDB replicates) and a primary key on every table (Galera needs one to
    certify and apply rows; Group Replication refuses tables without one)."""
    with node_dbs[2].engine.connect() as conn:  # a joiner: the schema came by replication
        rows = conn.execute(
            text(
                "SELECT t.table_name, t.engine, COUNT(k.constraint_name) "
                "FROM information_schema.tables t LEFT JOIN information_schema.table_constraints k "
                "ON k.table_schema = t.table_schema AND k.table_name = t.table_name "
                "AND k.constraint_type = 'PRIMARY KEY' "
                "WHERE t.table_schema = DATABASE() GROUP BY t.table_name, t.engine"
            )
        ).all()
    tables = {name: (engine, keys) for name, engine, keys in rows}
    assert set(Base.metadata.tables) <= set(tables)
    assert {name: engine for name, (engine, _k) in tables.items() if engine != "InnoDB"} == {}
    assert sorted(name for name, (_e, keys) in tables.items() if keys != 1) == []


def test_desks_on_three_nodes_sell_one_event_without_overselling(
    galera: Galera, node_dbs: list[Database]
) -> None:
    event_id = galera.event.id
    seats = sorted(galera.event.seats.values())[:60]  # a hot block: desks collide often
    clerks = (galera.staff.clerk, galera.staff.clerk2)
    desks = [
        Desk(f"n{i % 3 + 1}-d{i}", node_dbs[i % 3], replace(clerks[i % 2], desk=f"desk{i}"))
        for i in range(6)
    ]
    stop = threading.Event()
    threads = [threading.Thread(target=sell, args=(d, event_id, seats, stop)) for d in desks]
    for thread in threads:
        thread.start()
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert [e for d in desks for e in d.errors] == []
    audits = wait_synced(node_dbs, event_id)
    assert audits[0] == audits[1] == audits[2]  # every node has every sale
    result = audits[0]
    assert result.oversold == 0
    assert result.sold_without_ticket == 0
    assert result.keys_twice == 0
    booked = {k: ref for d in desks for k, ref in d.booked.items()}
    assert booked and {k: result.bookings.get(k) for k in booked} == booked
    assert all(d.booked for d in desks[:3]), "a desk on each node sold something"


def test_a_commit_that_loses_certification_is_retried(
    galera: Galera, node_dbs: list[Database]
) -> None:
    """Two nodes change the same row at once: the one that commits second fails certification
    (1213 at COMMIT, or its transaction is aborted by the replicated winner) and Database.run
    runs it again, on top of the winner's change."""
    from sqlalchemy import update

    from boxoffice.db.models import Event

    event_id = galera.event.id
    attempts: list[int] = []

    def bump(s: Session) -> int:
        attempts.append(1)
        s.execute(
            update(Event).where(Event.id == event_id).values(seat_version=Event.seat_version + 1)
        )
        if len(attempts) == 1:  # meanwhile another desk on node 1 commits the same row
            node_dbs[0].run(
                lambda other: other.execute(
                    update(Event)
                    .where(Event.id == event_id)
                    .values(seat_version=Event.seat_version + 100)
                )
            )
        return int(s.scalar(select(Event.seat_version).where(Event.id == event_id)) or 0)

    before = node_dbs[1].run(
        lambda s: s.scalar(select(Event.seat_version).where(Event.id == event_id))
    )
    after = node_dbs[1].run(bump)
    assert len(attempts) == 2
    assert after == int(before or 0) + 101  # both changes, neither lost
