"""A node killed (SIGKILL) in the middle of sales: its desks move to another node, the sale in
flight is booked once, holds survive, the monitor goes on; the node rejoins and catches up."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.tender import CashTender
from boxoffice.services.sales import holds, monitor
from boxoffice.services.sales import purchase as checkout
from tests.cluster.conftest import Galera
from tests.cluster.desks import Desk, audit, sell, wait_synced
from tests.cluster.galera import sql

pytestmark = [pytest.mark.cluster, pytest.mark.mysql, pytest.mark.slow]


def _failover_db(galera: Galera, first: int) -> Database:
    """A desk's Database: node *first* in its URL, the other two as failover hosts."""
    nodes = galera.cluster.nodes
    others = [n.address for i, n in enumerate(nodes) if i != first]
    return Database(nodes[first].url(), failover_hosts=",".join(others))


def test_node_killed_mid_sale_desks_reconnect_and_nothing_is_lost_or_doubled(
    galera: Galera, node_dbs: list[Database]
) -> None:
    cluster = galera.cluster
    victim = cluster.nodes[1]
    event = galera.event
    seats = sorted(event.seats.values())
    # Paced desks on 700 seats: they cannot sell out before every desk has sold after the kill.
    hot, quiet = seats[100:800], seats[900:]
    clerks = (galera.staff.clerk, galera.staff.clerk2)
    desks = [
        Desk(
            f"fo-n{i % 3 + 1}-d{i}",
            _failover_db(galera, i % 3),
            replace(clerks[i % 2], desk=f"f{i}"),
        )
        for i in range(6)
    ]
    # The sale in flight: seats held through node 2, paid after node 2 died.
    in_flight = _failover_db(galera, 1)
    clerk = replace(galera.staff.clerk, desk="in-flight")
    hold = holds.hold_seats(in_flight, clerk, event.id, quiet[:2])
    manager = galera.staff.manager
    watched = monitor.open_event(in_flight, manager, event.id)

    stop = threading.Event()
    threads = [threading.Thread(target=sell, args=(d, event.id, hot, stop, 0.3)) for d in desks]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        killed_at = time.monotonic()
        victim.kill()
        paid = checkout.checkout(
            in_flight, clerk, hold.hold_id, [CashTender(hold.total, hold.total)], "in-flight-1"
        )
        assert paid.reconnected, "the clerk is told the sale went through after a reconnect"
        assert in_flight.current_server() != victim.address
        again = checkout.checkout(
            in_flight, clerk, hold.hold_id, [CashTender(hold.total, hold.total)], "in-flight-1"
        )
        assert again.reference == paid.reference  # pressing Pay again books nothing more
        # The monitor goes on through the node that took over and sees the sale.
        update = monitor.poll(in_flight, manager, {event.id: watched.version})
        assert update[event.id].counts.sold >= 2
        deadline = time.monotonic() + 60
        while not all(any(t > killed_at for t in d.booked_at) for d in desks):
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        in_flight.dispose()
        if not victim.running:  # also after a failure: the next tests need three nodes
            victim.start()  # rejoins: IST (or SST) from a survivor, then Synced
    rejoined_at = time.monotonic()
    for desk in desks:
        desk.db.dispose()

    assert [e for d in desks for e in d.errors] == []
    for desk in desks:  # every desk sold again after the node died
        assert any(t > killed_at for t in desk.booked_at), f"{desk.name} did not recover"
    audits = wait_synced(node_dbs, event.id)
    assert audits[0] == audits[1] == audits[2], "the rejoined node caught up"
    result = audits[0]
    assert result.oversold == 0
    assert result.sold_without_ticket == 0
    assert result.keys_twice == 0
    booked = {k: ref for d in desks for k, ref in d.booked.items()}
    booked["in-flight-1"] = paid.reference
    assert {k: result.bookings.get(k) for k in booked} == booked
    assert cluster.size() == 3
    assert rejoined_at - killed_at < 90
    assert audit(node_dbs[1], event.id) == result


def test_a_node_cut_off_from_the_cluster_is_left_for_another(
    galera: Galera, node_dbs: list[Database]
) -> None:
    """A node isolated from the others (a network split) is up but outside the primary
    component: every statement there fails with 1047. The desk drops its connections to it and
    goes on on a node of the majority; the isolated node rejoins once the split heals."""
    cluster = galera.cluster
    node = cluster.nodes[2]
    desk_db = _failover_db(galera, 2)
    clerk = replace(galera.staff.clerk2, desk="split")
    seats = sorted(galera.event.seats.values())[950:952]
    try:
        assert desk_db.current_server() == node.address
        assert holds.get_hold(desk_db, clerk, "no-such-hold") is None  # a pooled connection
        sql(node.port, "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'")
        deadline = time.monotonic() + 30
        while "ON" in sql(node.port, "SHOW STATUS LIKE 'wsrep_ready'"):
            assert time.monotonic() < deadline, "the node never left the primary component"
            time.sleep(0.2)
        hold = holds.hold_seats(desk_db, clerk, galera.event.id, seats)
        assert desk_db.current_server() != node.address
        assert desk_db.recoveries() == 1
        result = checkout.checkout(
            desk_db, clerk, hold.hold_id, [CashTender(hold.total, hold.total)], "split-1"
        )
        assert not result.reconnected  # the checkout itself ran on the new node from the start
    finally:
        sql(node.port, "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'")
        desk_db.dispose()
    node.wait_ready()
    assert cluster.size() == 3
    assert wait_synced(node_dbs, galera.event.id)[2].bookings.get("split-1") == result.reference
