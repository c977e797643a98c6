"""database_failover_hosts: parsed with clear messages; a connection moves to the next server
that answers when the first does not (real MariaDB; port 9 has nothing listening)."""

from __future__ import annotations

import pytest

from boxoffice.db import failover
from boxoffice.db.database import Database
from boxoffice.domain.errors import ConfigurationError
from tests.conftest import MYSQL_SERVER_URL


def test_hosts_are_parsed_with_default_port_and_ipv6() -> None:
    assert failover.parse_hosts(" db1:3307, db2 ,, [::1]:3308,[fe80::1]") == [
        ("db1", 3307),
        ("db2", 3306),
        ("::1", 3308),
        ("fe80::1", 3306),
    ]
    assert failover.parse_hosts("") == []


@pytest.mark.parametrize("bad", ["db1:x", "db1:0", "db1:70000", ":3306", "[::1]:"])
def test_a_bad_address_is_a_configuration_message(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="database server address"):
        failover.parse_hosts(bad)


def test_a_bad_setting_stops_the_desk_with_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOXOFFICE_DATABASE_FAILOVER_HOSTS", "db2:port")
    with pytest.raises(ConfigurationError, match="db2:port"):
        Database("mysql+pymysql://root@127.0.0.1:3306/x")


def test_one_server_has_no_node_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOXOFFICE_DATABASE_FAILOVER_HOSTS", "127.0.0.1:3306")  # the URL's own
    db = Database("mysql+pymysql://root@127.0.0.1:3306/x")
    assert failover.nodes_of(db.engine) is None
    assert db.current_server() == "127.0.0.1:3306"
    db.dispose()


@pytest.mark.mysql
@pytest.mark.parametrize("db_url", ["mysql"], indirect=True)  # SQLite has no server to move from
def test_a_dead_first_server_moves_the_desk_to_the_next(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    real = make_url(MYSQL_SERVER_URL)
    alive = f"{real.host}:{real.port or 3306}"
    dead = make_url(db_url).set(host="127.0.0.1", port=9).render_as_string(hide_password=False)
    db = Database(dead, failover_hosts=alive)
    try:
        nodes = failover.nodes_of(db.engine)
        assert nodes is not None and nodes.hosts == [
            ("127.0.0.1", 9),
            (real.host, real.port or 3306),
        ]
        assert db.run(lambda s: s.connection().exec_driver_sql("SELECT 1").scalar()) == 1
        assert db.current_server() == alive and nodes.switches == 1
        assert db.recoveries() == 0  # connecting elsewhere at once is not a lost connection
    finally:
        db.dispose()


@pytest.mark.mysql
@pytest.mark.parametrize("db_url", ["mysql"], indirect=True)
def test_no_server_answering_is_database_unavailable(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    from boxoffice.domain.errors import DatabaseUnavailable

    dead = make_url(db_url).set(host="127.0.0.1", port=9).render_as_string(hide_password=False)
    db = Database(dead, failover_hosts="127.0.0.1:7")
    try:
        with pytest.raises(DatabaseUnavailable, match=r"Cannot reach.*127\.0\.0\.1:7\) did not"):
            db.run(lambda s: s.connection().exec_driver_sql("SELECT 1").scalar(), attempts=2)
    finally:
        db.dispose()
