"""A Database: engine + sessions, one transaction per service call, transient errors retried."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from boxoffice.db import failover
from boxoffice.db.engine import (
    describe_connection_error,
    is_mysql,
    make_engine,
    make_session_factory,
)
from boxoffice.db.refusals import refusal
from boxoffice.domain.errors import DatabaseUnavailable, ValidationError
from boxoffice.i18n import _

T = TypeVar("T")

# MySQL/MariaDB error codes worth retrying: the whole transaction is rolled back by the server.
# On Galera a write set that fails certification at COMMIT (another node committed a conflicting
# one first) is reported as a deadlock, 1213; MySQL Group Replication reports the same case as
# 3101 (ER_TRANSACTION_ROLLBACK_DURING_COMMIT).
_RETRY_CODES = {1213, 1205, 3101}  # deadlock / certification failure, lock wait timeout
_CONNECTION_CODES = {2003, 2006, 2013, 2014, 2055, 1927, 4031}
# The server refused this desk (credentials, an account that requires TLS, no TLS offered):
# retrying cannot help.
_REFUSED_CODES = {1045, 1698, 2026}
_OUT_OF_RANGE = "A number or date in this request is out of range."


def _code(exc: DBAPIError) -> int | None:
    orig = exc.orig
    if orig is not None and orig.args and isinstance(orig.args[0], int):
        return int(orig.args[0])
    return None


def is_transient(exc: DBAPIError) -> bool:
    """Deadlock, lock timeout or SQLite busy: safe to run the whole transaction again."""
    code = _code(exc)
    if code in _RETRY_CODES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def is_disconnect(exc: DBAPIError) -> bool:
    """The server went away (restart, network) before anything committed."""
    return bool(exc.connection_invalidated) or _code(exc) in _CONNECTION_CODES


class Database:
    """Owns the engine; hands out transactions. One service call = one ``transaction()``."""

    def __init__(
        self,
        url: str | None = None,
        engine: Engine | None = None,
        failover_hosts: str | None = None,
    ) -> None:
        self.engine = engine or make_engine(url, failover_hosts)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)
        self._local = threading.local()

    def recoveries(self) -> int:
        """How many transactions of the calling thread went through only after the connection
        was lost and made again (server restarted, or another node of the cluster took over).

        Compare before and after a call to tell the clerk "reconnected, it went through".
        """
        return int(getattr(self._local, "recoveries", 0))

    def current_server(self) -> str:
        """host:port of the server in use (the cluster node, when there are several)."""
        nodes = failover.nodes_of(self.engine)
        if nodes is not None:
            return nodes.describe()
        url = self.engine.url
        return f"{url.host}:{url.port or failover.DEFAULT_PORT}" if url.host else str(url.database)

    @property
    def is_mysql(self) -> bool:
        return is_mysql(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any exception."""
        with self.sessions() as session:
            try:
                with session.begin():
                    yield session
            except DBAPIError as exc:
                if is_disconnect(exc):
                    raise DatabaseUnavailable(self._unreachable(exc)) from exc
                if "database or disk is full" in str(exc.orig):
                    raise DatabaseUnavailable(
                        _(
                            "The disk holding the database is full, so nothing was saved. "
                            "Free some space on it, then try again."
                        )
                    ) from None
                if _code(exc) in _REFUSED_CODES:
                    raise DatabaseUnavailable(
                        describe_connection_error(exc, self.engine.url)
                    ) from None
                refused = refusal(exc)
                if refused is not None:
                    raise type(refused)(refused.message) from exc
                raise
            except OverflowError:
                # SQLite cannot bind an integer beyond 64 bits (MySQL simply finds no row); such
                # a number was typed (an id on the command line), it never came from the database.
                raise ValidationError(_OUT_OF_RANGE) from None
            except StatementError as exc:
                # A date at the very edge of the calendar (year 1 or 9999 in a zone away from
                # UTC) overflows while being converted to UTC for binding.
                if isinstance(exc.orig, OverflowError):
                    raise ValidationError(_OUT_OF_RANGE) from None
                raise

    def _unreachable(self, exc: DBAPIError) -> str:
        message = describe_connection_error(exc, self.engine.url)
        nodes = failover.nodes_of(self.engine)
        if nodes is not None and _code(exc) in (2003, 1047):  # no node took the connection
            others = ", ".join(f"{host}:{port}" for host, port in nodes.hosts[1:])
            message += f" Its other servers ({others}) did not answer either."
        return message

    def run(self, work: Callable[[Session], T], attempts: int = 8) -> T:
        """Run *work* in a transaction, retrying deadlocks/lock timeouts/lost connections.

        *work* must be safe to repeat: everything it did is rolled back before each retry.
        """
        lost = False
        for attempt in range(1, attempts + 1):
            try:
                with self.session() as session:
                    result = work(session)
                if lost:
                    self._local.recoveries = self.recoveries() + 1
                return result
            except DatabaseUnavailable as exc:
                cause = exc.__cause__
                if attempt == attempts or not isinstance(cause, DBAPIError):
                    raise
                lost = True
                # The pool was invalidated: the next connection is a new one (to the next node
                # of the cluster if this one is gone).
                time.sleep(min(0.2 * attempt, 1.0))
            except DBAPIError as exc:
                if attempt == attempts or not is_transient(exc):
                    raise
                # Randomised backoff so colliding desks do not collide again in lock-step.
                time.sleep(random.uniform(0, 0.01 * 2**attempt))
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
