"""Several servers of one cluster (MariaDB Galera, MySQL InnoDB Cluster without a router): a
desk connects to the one it used last and moves on to the next when that one stops answering.

Every new connection of the pool goes through :meth:`NodeList.connect` (SQLAlchemy's
``do_connect`` event): it tries the current node, then the others in turn. A Galera node that is
up but cut off from the cluster's majority (``wsrep_ready = OFF``) is skipped like a dead one.
Which transactions are repeated after a lost connection is decided by ``Database.run``; this
module only picks the server.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy import Engine, event

from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _

DEFAULT_PORT = 3306


def parse_hosts(text: str) -> list[tuple[str, int]]:
    """``"db1:3306, db2, [::1]:3307"`` -> [("db1", 3306), ("db2", 3306), ("::1", 3307)]."""
    hosts: list[tuple[str, int]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        host, port = item, DEFAULT_PORT
        if item.startswith("["):  # [IPv6]:port
            host, _sep, rest = item[1:].partition("]")
            if rest.startswith(":"):
                port = _port(item, rest[1:])
        elif item.count(":") == 1:
            host, _sep, number = item.partition(":")
            port = _port(item, number)
        if not host:
            raise ConfigurationError(
                _("Bad database server address {item!r} (host:port).").format(item=item)
            )
        hosts.append((host, port))
    return hosts


def _port(item: str, number: str) -> int:
    if not number.isdigit() or not 1 <= int(number) <= 65535:
        raise ConfigurationError(
            _("Bad port in database server address {item!r}.").format(item=item)
        )
    return int(number)


class NodeList:
    """The servers a desk may use, in order of preference; remembers the one in use."""

    def __init__(self, hosts: list[tuple[str, int]]) -> None:
        if not hosts:
            raise ValueError("at least one host")
        self.hosts = list(dict.fromkeys(hosts))  # in order, each once
        self._current = 0
        self._lock = threading.Lock()
        self.switches = 0  # times the desk moved to another node

    @property
    def current(self) -> tuple[str, int]:
        with self._lock:
            return self.hosts[self._current]

    def describe(self) -> str:
        host, port = self.current
        return f"{host}:{port}"

    def connect(self, dialect: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        """A DB-API connection to the first node, from the current one on, that answers and
        belongs to the cluster's primary component; the last error if none does."""
        with self._lock:
            start = self._current
        last: BaseException | None = None
        for step in range(len(self.hosts)):
            index = (start + step) % len(self.hosts)
            host, port = self.hosts[index]
            try:
                conn = dialect.dbapi.connect(*cargs, **{**cparams, "host": host, "port": port})
            except dialect.dbapi.OperationalError as exc:  # refused, timed out, unknown host
                last = exc
                continue
            if not _ready(conn):
                conn.close()
                last = dialect.dbapi.OperationalError(
                    1047, f"{host}:{port} is not part of the cluster's primary component"
                )
                continue
            with self._lock:
                if index != self._current:
                    self._current = index
                    self.switches += 1
            return conn
        assert last is not None
        raise last


def _ready(conn: Any) -> bool:
    """False for a Galera node outside the primary component (its queries would fail).

    A server without Galera (MySQL, or MariaDB with ``wsrep_on`` OFF, which still reports
    ``wsrep_ready`` OFF) is ready whenever it answers.
    """
    with conn.cursor() as cur:
        cur.execute("SHOW VARIABLES LIKE 'wsrep_on'")
        row = cur.fetchone()
        if row is None or str(row[1]).upper() != "ON":
            return True
        cur.execute("SHOW STATUS LIKE 'wsrep_ready'")
        row = cur.fetchone()
    return row is not None and str(row[1]).upper() == "ON"


_NODES: weakref.WeakKeyDictionary[Engine, NodeList] = weakref.WeakKeyDictionary()


def nodes_of(engine: Engine) -> NodeList | None:
    """The nodes *engine* moves between (None: one server)."""
    return _NODES.get(engine)


def install(engine: Engine, nodes: NodeList) -> None:
    """Route every new connection of *engine* through *nodes*."""
    _NODES[engine] = nodes

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        return nodes.connect(dialect, cargs, cparams)
