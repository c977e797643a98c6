"""A 3-node MariaDB Galera cluster on this machine, shared by the cluster tests of a run.

Skipped with the reason when Galera (Debian package galera-4) or rsync is missing, unless
``BOXOFFICE_REQUIRE_GALERA=1`` (set by .ci/run) turns that into a failure. The nodes run on
free ports with data directories under pytest's temporary folder and are stopped at teardown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from boxoffice.db import migrate
from boxoffice.db.database import Database
from tests.cluster.galera import Cluster, missing_parts, start_cluster
from tests.services.sales_support import SeatedEvent, Staff, make_seated_event, make_staff


@dataclass
class Galera:
    """The running cluster, its clerks and one seated event on sale (20 rows of 50)."""

    cluster: Cluster
    staff: Staff
    event: SeatedEvent


@pytest.fixture(scope="session")
def galera(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Galera]:
    problem = missing_parts()
    if problem is not None:
        reason = f"Galera cluster tests skipped: {problem}"
        if os.environ.get("BOXOFFICE_REQUIRE_GALERA") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    made: list[tuple[Staff, SeatedEvent]] = []

    def prepare(url: str) -> None:
        db = Database(url, failover_hosts="")
        migrate.upgrade(db.engine)
        made.append((make_staff(db), make_seated_event(db, "Cluster Night", rows=20, per_row=50)))
        db.dispose()

    cluster = start_cluster(tmp_path_factory.mktemp("galera"), prepare=prepare)
    try:
        yield Galera(cluster, *made[0])
    finally:
        cluster.stop()


@pytest.fixture
def node_dbs(galera: Galera) -> Iterator[list[Database]]:
    """One Database per node, each pinned to its node (no failover)."""
    dbs = [Database(url, failover_hosts="") for url in galera.cluster.urls]
    yield dbs
    for db in dbs:
        db.dispose()
