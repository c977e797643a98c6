"""Engine and session factory for MySQL/MariaDB (PyMySQL) and SQLite, with friendly errors."""

from __future__ import annotations

import os
import ssl
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from boxoffice import config
from boxoffice.db import failover
from boxoffice.domain.errors import ConfigurationError, DatabaseUnavailable
from boxoffice.i18n import _

# MySQL 8's default modes, on MariaDB too: the same statements are refused on both (and a GROUP
# BY that MySQL would refuse fails the tests that run on MariaDB).
SQL_MODE = ",".join(
    (
        "ONLY_FULL_GROUP_BY",
        "STRICT_TRANS_TABLES",
        "NO_ZERO_IN_DATE",
        "NO_ZERO_DATE",
        "ERROR_FOR_DIVISION_BY_ZERO",
        "NO_ENGINE_SUBSTITUTION",
    )
)


# A sale waiting this long for a row lock gives up (and Database.run tries again): a frozen
# desk's locks are freed by the idle timeout, so the waits add up to little more than that.
LOCK_WAIT_SECONDS = 10


def idle_timeout() -> int:
    """The ``mysql_idle_timeout`` setting, checked (a desk must survive a few quiet seconds)."""
    seconds = int(config.get("mysql_idle_timeout"))
    if not 5 <= seconds <= 86_400:
        raise ConfigurationError(
            _(
                "mysql_idle_timeout (BOXOFFICE_MYSQL_IDLE_TIMEOUT) must be "
                "5–86400 seconds, got {seconds}."
            ).format(seconds=seconds)
        )
    return seconds


def is_mysql(engine: Engine) -> bool:
    return engine.dialect.name in ("mysql", "mariadb")


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def make_engine(
    url: str | None = None,
    failover_hosts: str | None = None,
    *,
    ssl_ca: str | None = None,
    **kwargs: Any,
) -> Engine:
    """Create an engine for *url* (default: the configured one), tuned per backend.

    On MySQL, *failover_hosts* (default: the ``database_failover_hosts`` setting) names the
    other servers of the cluster a connection may go to when the URL's server does not answer.
    *ssl_ca* overrides the configured CA file (the set-up tests a server before saving anything).
    """
    url = url or config.database_url()
    try:
        parsed = make_url(url)
        _port = parsed.port  # parsed lazily: 'host:12x' fails only here
    except ArgumentError:
        raise ConfigurationError(
            _("The database URL {url!r} is not valid.").format(url=url)
        ) from None
    except ValueError:
        raise ConfigurationError(
            _("The port in the database URL is not a number (write host:3306).")
        ) from None
    options: dict[str, Any] = {"future": True}
    if "\x00" in (parsed.database or ""):  # '%00' in the URL: no file system takes it
        raise ConfigurationError(
            _("The database URL {safe_url!r} is not valid.").format(safe_url=safe_url(parsed))
        )
    if parsed.get_backend_name() == "sqlite":
        _create_private(parsed.database)
        # The GUI uses worker threads; each connection still serialises through SQLite's lock.
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    elif parsed.get_backend_name() in ("mysql", "mariadb"):
        idle = idle_timeout()
        connect_args: dict[str, Any] = {
            "connect_timeout": 5,
            "charset": "utf8mb4",
            # Set per connection, not left to the server's configuration: a server in a lax
            # mode would truncate a too-long value or store a zero date instead of refusing it;
            # and with the server's default wait_timeout (8 hours) a desk frozen in the middle
            # of a sale would keep the event row locked, and every other desk waiting, that long.
            "init_command": (
                f"SET SESSION sql_mode = '{SQL_MODE}', wait_timeout = {idle}, "
                f"innodb_lock_wait_timeout = {LOCK_WAIT_SECONDS}"
            ),
        }
        ca = config.get("mysql_ssl_ca") if ssl_ca is None else ssl_ca
        if ca:
            connect_args["ssl"] = tls_context(ca)
        options.update(
            # No pre-ping: it costs a round trip per transaction, and Database.run already
            # retries a transaction whose connection turns out dead (server restart, network).
            pool_pre_ping=False,
            # Replaced before the server's idle timeout can drop it under us.
            pool_recycle=idle * 3 // 4,
            isolation_level="READ COMMITTED",  # fewer gap locks; seat updates are conditional
            connect_args=connect_args,
        )
    options.update(kwargs)
    try:
        engine = create_engine(parsed, **options)
    except NoSuchModuleError:
        raise ConfigurationError(
            _("Unsupported database URL {safe_url}.").format(safe_url=safe_url(parsed))
        ) from None
    except ImportError as exc:  # a known dialect whose driver is not installed (postgresql://)
        raise ConfigurationError(
            _(
                "Unsupported database URL {safe_url}: its driver {value} is not "
                "installed. Use MySQL/MariaDB (mysql+pymysql://) or SQLite."
            ).format(safe_url=safe_url(parsed), value=exc.name or "")
        ) from None
    if engine.dialect.name == "sqlite":
        _sqlite_tuning(engine)
    elif is_mysql(engine):
        _cluster_errors(engine)
        others = config.get("database_failover_hosts") if failover_hosts is None else failover_hosts
        hosts = [(parsed.host or "localhost", parsed.port or failover.DEFAULT_PORT)]
        hosts += failover.parse_hosts(str(others))
        if len(set(hosts)) > 1:
            failover.install(engine, failover.NodeList(hosts))
    return engine


# A Galera node cut off from the cluster's majority keeps its connections but refuses every
# statement with 1047 ("WSREP has not yet prepared node for application use"): for the pool it is
# a dead server (its connections are dropped, Database.run reconnects, to another node if any).
NODE_NOT_READY = 1047


def _cluster_errors(engine: Engine) -> None:
    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        orig = context.original_exception
        if getattr(orig, "args", None) and orig.args[0] == NODE_NOT_READY:
            context.is_disconnect = True


def tls_context(ca: str) -> ssl.SSLContext:
    """TLS that verifies the server's certificate chain against *ca* and its host name.

    Built here, not by the driver at connect time, so a missing or malformed CA file is a
    ConfigurationError at start-up rather than a driver traceback on the first connection.
    """
    try:
        return ssl.create_default_context(cafile=ca)
    except OSError as exc:  # FileNotFoundError, IsADirectoryError, ssl.SSLError (not PEM)
        reason = exc.strerror or str(exc)
        raise ConfigurationError(
            _(
                "Cannot use the CA certificate {ca!r} (mysql_ssl_ca / "
                "BOXOFFICE_MYSQL_SSL_CA): {reason}."
            ).format(ca=ca, reason=reason)
        ) from None


def _create_private(database: str | None) -> None:
    """Create a new SQLite file readable by its owner only (SQLite's default follows the umask,
    usually 0644: every user of the machine could read customers and bookings). Its -wal and
    -shm files take the same mode."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return  # it exists (its mode is the owner's choice), or SQLite reports the problem
    os.close(fd)


def _sqlite_tuning(engine: Engine) -> None:
    """Foreign keys on, WAL, and real transactions (pysqlite otherwise defers BEGIN)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: no deadlock upgrading a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def describe_connection_error(exc: DBAPIError, url: str | URL) -> str:
    """A sentence a clerk can act on, for a driver error raised while connecting."""
    where = safe_url(url)
    code = exc.orig.args[0] if exc.orig is not None and exc.orig.args else None
    if code in (1045, 1698):  # access denied (1698: MariaDB, no such user)
        # An account that REQUIRES SSL refuses a plain-text client with the same error.
        hint = ""
        if not config.get("mysql_ssl_ca"):
            hint = " If the account requires TLS, set BOXOFFICE_MYSQL_SSL_CA to its CA certificate."
        return f"The database server refused the user name or password ({where}).{hint}"
    if code == 2026:  # the desk asked for TLS, the server has none
        return (
            f"The database server does not offer TLS ({where}), but this desk is set to use it "
            "(BOXOFFICE_MYSQL_SSL_CA). Enable TLS on the server."
        )
    if code == 2003 and "CERTIFICATE_VERIFY_FAILED" in str(exc.orig):
        reason = str(exc.orig).split("certificate verify failed:")[-1].split("(_ssl")[0]
        return (
            f"The database server's TLS certificate was not accepted ({reason.strip()}; "
            f"{where}). Check that BOXOFFICE_MYSQL_SSL_CA is the CA that signed the server's "
            "certificate and that the URL uses a host name the certificate names."
        )
    if code == 1044:  # the account may not use that database (MySQL says so for a missing one too)
        return (
            f"The account may not use this database, or it does not exist ({where}). Check the "
            "database name; the administrator grants the account SELECT, INSERT, UPDATE and "
            "DELETE on it (sql/02-app-user.sh)."
        )
    if code == 1049:
        return f"The database does not exist on the server ({where}). Run 'boxoffice db upgrade'."
    if code == NODE_NOT_READY:
        return (
            f"The database server ({where}) is cut off from the majority of its cluster and "
            "refuses work until it rejoins. Check the other servers and the network between them."
        )
    if code in (2003, 2005, 2006, 2013):
        return (
            f"Cannot reach the database server ({where}). Check that it is running and that "
            "this desk can reach it over the network."
        )
    if "unable to open database file" in str(exc):
        return f"Cannot open the database file ({where})."
    return f"Database error while connecting to {where}: {exc.orig or exc}"


def check_connection(engine: Engine) -> None:
    """Open one connection; raise DatabaseUnavailable with a clear message if that fails."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise DatabaseUnavailable(describe_connection_error(exc, engine.url)) from None


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
