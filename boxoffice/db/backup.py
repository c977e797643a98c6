"""``boxoffice db backup|restore``: a consistent copy of a live database, and putting one back.

SQLite: the online backup API copies the file in one step inside one read transaction (WAL lets
desks keep selling meanwhile; the copy is the database as of that instant). MySQL/MariaDB:
``mysqldump --single-transaction`` reads every table in one REPEATABLE READ snapshot without
locking InnoDB tables; the credentials go to the client tools in a temporary defaults file (mode
0600), never on the command line where ``ps`` shows them. This module imports nothing above the
database layer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL

from boxoffice import config
from boxoffice.db import migrate
from boxoffice.db.engine import is_mysql, safe_url
from boxoffice.domain.errors import ConfigurationError, ValidationError
from boxoffice.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
DUMP_MARKERS = (b"-- MariaDB dump", b"-- MySQL dump")
DUMP_TOOLS = ("mariadb-dump", "mysqldump")
CLIENT_TOOLS = ("mariadb", "mysql")
NOT_DATA = frozenset({"alembic_version"})  # a freshly migrated database has this row only


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    source: str  # the database, password hidden


@dataclass(frozen=True)
class RestoreResult:
    target: str  # the database, password hidden
    replaced_data: bool  # the target held rows before (only with force)
    revision: str | None  # schema revision of the restored data
    needs_upgrade: bool


# ---- checks shared by both backends --------------------------------------------------------


def kind_of(path: Path) -> str:
    """'sqlite' or 'mysql' for a backup file, by its first bytes; clear error otherwise."""
    if not path.exists():
        raise ValidationError(_("The backup file {path} does not exist.").format(path=path))
    if not path.is_file():
        raise ValidationError(_("{path} is not a file.").format(path=path))
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise ValidationError(
            _("Cannot read {path}: {value}.").format(path=path, value=exc.strerror or exc)
        ) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    # (MariaDB ≥ 10.5.25 puts a "sandbox mode" comment line before its header)
    if any(marker in head for marker in DUMP_MARKERS):
        return "mysql"
    raise ValidationError(
        _(
            "{path} is not a boxoffice backup (neither a SQLite database nor a mysqldump file)."
        ).format(path=path)
    )


def _new_private_file(path: Path, force: bool) -> None:
    """Check *path* may be written: its folder exists and is writable, and it is new (or force)."""
    if path.exists() and not force:
        raise ValidationError(
            _("{path} exists already; give another name or use --force.").format(path=path)
        )
    if path.is_dir():
        raise ValidationError(_("{path} is a folder; give a file name.").format(path=path))
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError(_("The folder {folder} does not exist.").format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(
            _("Cannot write in the folder {folder} (permission denied).").format(folder=folder)
        )


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A new empty file (mode 0600) next to *path*, renamed onto it only if the block succeeds:
    a failed or interrupted backup never leaves a half-written FILE (or destroys an older one)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def has_data(engine: Engine) -> bool:
    """True if any table of the database holds a row (the schema stamp aside)."""
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table in NOT_DATA:
                continue
            quoted = engine.dialect.identifier_preparer.quote(table)
            if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first() is not None:
                return True
    return False


# ---- public entry points -------------------------------------------------------------------


def backup(engine: Engine, path: Path, *, force: bool = False) -> BackupResult:
    """Write a consistent copy of the database of *engine* to *path* (mode 0600)."""
    path = path.expanduser()
    _new_private_file(path, force)
    with _temporary_beside(path) as tmp:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(_sqlite_file(engine), tmp)
        elif is_mysql(engine):
            _mysql_backup(engine, tmp)
        else:
            raise ConfigurationError(
                _("Backup is not supported for {name}.").format(name=engine.dialect.name)
            )
    return BackupResult(path, path.stat().st_size, safe_url(engine.url))


def restore(engine: Engine, path: Path, *, force: bool = False) -> RestoreResult:
    """Replace the database of *engine* with the backup in *path*.

    Refused when the database holds any data, unless *force*: then every table of the backup
    replaces the table of the same name (SQLite: the whole file is replaced).
    """
    path = path.expanduser()
    kind = kind_of(path)
    backend = "sqlite" if engine.dialect.name == "sqlite" else "mysql" if is_mysql(engine) else ""
    if kind != backend:
        made = "a SQLite database" if kind == "sqlite" else "a MySQL/MariaDB dump"
        raise ValidationError(
            _(
                "{path} is {made}, but the database {safe_url} is {name}: "
                "restore it into a database of the same kind."
            ).format(path=path, made=made, safe_url=safe_url(engine.url), name=engine.dialect.name)
        )
    replaced = has_data(engine)
    if replaced and not force:
        raise ValidationError(
            _(
                "The database {safe_url} is not empty; nothing was changed. "
                "Restore into a new, empty database, or add --force to REPLACE "
                "all of its data with the backup."
            ).format(safe_url=safe_url(engine.url))
        )
    if kind == "sqlite":
        target = _sqlite_file(engine)
        engine.dispose()  # no pooled connection of ours keeps the old pages
        _sqlite_restore(path, target)
    else:
        _mysql_restore(engine.url, path)
    engine.dispose()
    revision = migrate.current_revision(engine)
    return RestoreResult(
        safe_url(engine.url), replaced, revision, revision != migrate.head_revision()
    )


# ---- SQLite --------------------------------------------------------------------------------


def _sqlite_file(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise ValidationError(_("Only a SQLite database in a file can be backed up or restored."))
    return Path(name)


def _sqlite_backup(source: Path, dest: Path) -> None:
    if not source.is_file():
        raise ValidationError(_("The database file {source} does not exist.").format(source=source))
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(dest)
    try:
        # pages=-1: every page in one step, inside one read transaction: a snapshot. (Step by
        # step, a write by a desk between steps would restart the copy.)
        src.backup(dst, pages=-1)
        # A single self-contained file: no -wal beside it to forget when copying the backup.
        dst.execute("PRAGMA journal_mode=DELETE")
        ok = dst.execute("PRAGMA quick_check").fetchone()
        if ok is None or ok[0] != "ok":
            raise ValidationError(
                _("The copy of {source} fails SQLite's check: {ok}.").format(source=source, ok=ok)
            )
    except sqlite3.Error as exc:
        raise ValidationError(
            _("Backup of {source} failed: {exc}.").format(source=source, exc=exc)
        ) from None
    finally:
        dst.close()
        src.close()


def _sqlite_restore(source: Path, target: Path) -> None:
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise ValidationError(
            _("Cannot write in the folder {parent} (permission denied).").format(
                parent=target.parent
            )
        )
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "not a database" here
        src.backup(dst, pages=-1)  # one transaction on the target: all of it or nothing
        dst.execute("PRAGMA journal_mode=WAL")  # what desks use (they set it on connect too)
    except sqlite3.Error as exc:
        raise ValidationError(
            _("Restore from {source} failed: {exc}.").format(source=source, exc=exc)
        ) from None
    finally:
        dst.close()
        src.close()


# ---- MySQL / MariaDB -----------------------------------------------------------------------


def _tool(names: tuple[str, ...]) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise ConfigurationError(
        _(
            "Neither {items} is on the PATH. Install the MariaDB or MySQL "
            "client tools (Debian/Ubuntu: apt-get install mariadb-client)."
        ).format(items=" nor ".join(names))
    )


def _option(value: str) -> str:
    """A value for an option file: quoted, so '#', ';' and spaces are kept."""
    if "\n" in value or "\r" in value:
        raise ConfigurationError(_("A database setting contains a line break."))
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextmanager
def _defaults_file(url: URL) -> Iterator[str]:
    """A temporary ``[client]`` option file (mode 0600) with the URL's credentials."""
    lines = ["[client]", "protocol=TCP"]
    lines.append(f"host={_option(url.host or 'localhost')}")
    lines.append(f"port={url.port or 3306}")
    if url.username:
        lines.append(f"user={_option(url.username)}")
    if url.password is not None:
        lines.append(f"password={_option(str(url.password))}")
    ca = config.get("mysql_ssl_ca")
    if ca:
        lines.append(f"ssl-ca={_option(str(ca))}")
    fd, name = tempfile.mkstemp(prefix="boxoffice-", suffix=".cnf")  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        yield name
    finally:
        Path(name).unlink(missing_ok=True)


def _database_name(url: URL) -> str:
    if not url.database:
        raise ConfigurationError(
            _("The database URL {safe_url} names no database.").format(safe_url=safe_url(url))
        )
    return url.database


def _failed(what: str, url: URL, stderr: bytes) -> ValidationError:
    detail = stderr.decode("utf-8", "replace").strip().splitlines()
    return ValidationError(
        _("{what} of {safe_url} failed: {value}.").format(
            what=what, safe_url=safe_url(url), value=" / ".join(detail[-3:]) or "no message"
        )
    )


def _binary_log_on(engine: Engine) -> bool:
    """Whether the server writes a binary log (then the dump records its position)."""
    with engine.connect() as conn:
        row = conn.execute(text("SELECT @@GLOBAL.log_bin")).first()
    return bool(row and row[0])


def _mysql_backup(engine: Engine, dest: Path) -> None:
    url = engine.url
    dump = _tool(DUMP_TOOLS)
    name = _database_name(url)
    args = [
        "--single-transaction",  # one snapshot, InnoDB tables not locked: desks keep selling
        "--routines",
        "--triggers",
        "--hex-blob",
        "--no-tablespaces",  # else MySQL 8 wants the PROCESS privilege
        "--default-character-set=utf8mb4",
    ]
    if _binary_log_on(engine):
        # The binary log file and position of the snapshot, as a comment: where point-in-time
        # recovery starts replaying (needs RELOAD and REPLICATION CLIENT/BINLOG MONITOR).
        args.append("--master-data=2")
    with _defaults_file(url) as defaults, dest.open("wb") as out:
        proc = subprocess.run(
            [dump, f"--defaults-file={defaults}", *args, name],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    if proc.returncode != 0:
        raise _failed("Backup", url, proc.stderr)


def _mysql_restore(url: URL, source: Path) -> None:
    client = _tool(CLIENT_TOOLS)
    name = _database_name(url)
    with _defaults_file(url) as defaults, source.open("rb") as data:
        proc = subprocess.run(
            [client, f"--defaults-file={defaults}", "--default-character-set=utf8mb4", name],
            stdin=data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
    if proc.returncode != 0:
        raise _failed("Restore", url, proc.stderr)
