"""Core statements built and compiled once, for the hottest paths (a sale's dozen statements).

``session.execute(statement)`` costs far more client CPU than the database spends on the small
statements of a sale: the statement is built again, its cache key walked, the ORM execution
layer passed, and on a two-core box shared with the server that CPU is what limits bookings/s.
A :class:`Prepared` statement is written once (module level, bound parameters for what varies),
compiled once per dialect, and each call only binds its values (through the column types'
bind processors: UTC datetimes, money) and sends the SQL on the session's own connection with
``exec_driver_sql``, so it commits with the rest and driver errors are wrapped and classified
exactly as for any statement (``Database.run`` retries deadlocks).

On MySQL/MariaDB only, where that CPU matters; any other dialect (SQLite in tests and small
installations) runs the same statement the ordinary Core way (on the session's connection,
not through the ORM), so both give the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement, Executable, Insert
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
_STYLES = ("format", "pyformat")  # PyMySQL's: %s or %(name)s
_NAMED = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # bound parameter names (in the order of the SQL's placeholders)
    positional: bool  # %s placeholders (else %(name)s)
    defaults: dict[str, Any]  # values bound in the statement itself (literals)
    bind: Mapping[str, Processor]
    expanding: frozenset[str]  # IN lists: the driver renders a tuple as "(1, 2, 3)"
    results: tuple[Processor | None, ...]  # per selected column


class Prepared:
    """A Core *statement* compiled once per dialect; see the module docstring."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._by_dialect: dict[tuple[Any, tuple[str, ...]], _Compiled] = {}
        # An INSERT compiles for the columns its rows give (the others take their defaults).
        self._insert = isinstance(statement, Insert)
        self._values_sql: dict[tuple[int, int, str], str] = {}

    @staticmethod
    def fast(session: Session) -> bool:
        """Whether *session* takes the precompiled path (MySQL/MariaDB with a format
        paramstyle driver, PyMySQL)."""
        dialect = session.get_bind().dialect
        return dialect.name in ("mysql", "mariadb") and dialect.paramstyle in _STYLES

    def _compiled(self, dialect: Dialect, params: Mapping[str, Any]) -> _Compiled:
        keys = tuple(params) if self._insert else ()
        found = self._by_dialect.get((_kind(dialect), keys))
        if found is not None:
            return found
        statement = cast(ClauseElement, self.statement)
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) or None)
        assert isinstance(compiled, SQLCompiler)
        sql = compiled.string
        positional = compiled.positiontup is not None
        binds = compiled.bind_names  # BindParameter -> its name in the SQL
        names = list(compiled.positiontup or dict.fromkeys(binds.values()))
        expanding = set()
        for name in names:
            token = f"(__[POSTCOMPILE_{name}])"
            if token in sql:
                sql = sql.replace(token, "%s" if positional else f"%({name})s")
                expanding.add(name)
        # Values written into the statement (literals such as a status): bound as given.
        defaults = {name: bp.effective_value for bp, name in binds.items() if not bp.required}
        processors: dict[str, Processor] = {
            k: p for k, p in compiled._bind_processors.items() if callable(p)
        }
        results = tuple(
            entry.type._cached_result_processor(dialect, None) for entry in compiled._result_columns
        )
        found = _Compiled(
            sql,
            tuple(names),
            positional,
            defaults,
            processors,
            frozenset(expanding),
            results,
        )
        self._by_dialect[(_kind(dialect), keys)] = found
        return found

    def _args(self, c: _Compiled, params: Mapping[str, Any]) -> Any:
        """The driver's arguments: a tuple for %s placeholders, a dict for %(name)s."""
        out = []
        for name in c.names:
            value = params[name] if name in params else c.defaults[name]
            process = c.bind.get(name)
            if name in c.expanding:
                value = tuple(process(v) for v in value) if process else tuple(value)
            elif process is not None and value is not None:
                value = process(value)
            out.append(value)
        return tuple(out) if c.positional else dict(zip(c.names, out, strict=True))

    def write(self, session: Session, params: Mapping[str, Any]) -> CursorResult[Any]:
        """Run an UPDATE/DELETE/INSERT with *params*; its result (rowcount, lastrowid)."""
        if not self.fast(session):
            return session.connection().execute(self.statement, dict(params))
        conn = session.connection()
        c = self._compiled(conn.dialect, params)
        return conn.exec_driver_sql(c.sql, self._args(c, params))

    def rows(self, session: Session, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run a SELECT with *params*; its rows as tuples, values as the column types give them."""
        if not self.fast(session):
            result = session.connection().execute(self.statement, dict(params))
            return [tuple(row) for row in result]
        conn = session.connection()
        c = self._compiled(conn.dialect, params)
        raw = conn.exec_driver_sql(c.sql, self._args(c, params)).fetchall()
        return [
            tuple(v if p is None else p(v) for v, p in zip(row, c.results, strict=True))
            for row in raw
        ]

    def insert_many(
        self, session: Session, rows: Sequence[Mapping[str, Any]], returning: str | None = None
    ) -> list[Any]:
        """An INSERT of *rows* as ONE multi-row statement; with *returning* (a column name, on
        MariaDB) the new values of that column in the order of *rows*, else []."""
        if not rows:
            return []
        if not self.fast(session):
            if returning is None:
                session.connection().execute(self.statement, [dict(r) for r in rows])
                return []
            table = self.statement.table  # type: ignore[attr-defined]
            stmt = self.statement.returning(  # type: ignore[attr-defined]
                table.c[returning], sort_by_parameter_order=True
            )
            return list(session.connection().scalars(stmt, [dict(r) for r in rows]))
        conn = session.connection()
        c = self._compiled(conn.dialect, rows[0])
        sql = self._multi(conn, c, len(rows), returning)
        args: Any
        if c.positional:
            args = tuple(a for row in rows for a in self._args(c, row))
        else:
            args = {
                f"{k}__{i}": v for i, row in enumerate(rows) for k, v in self._args(c, row).items()
            }
        result = conn.exec_driver_sql(sql, args)
        return [r[0] for r in result.fetchall()] if returning else []

    def _multi(self, conn: Connection, c: _Compiled, count: int, returning: str | None) -> str:
        key = (id(c), count, returning or "")
        sql = self._values_sql.get(key)
        if sql is None:
            head, _sep, group = c.sql.partition(" VALUES ")
            assert group.startswith("(") and group.endswith(")"), "a one-row INSERT"
            if c.positional:
                groups = [group] * count
            else:  # each row's parameters get their own names
                groups = [_NAMED.sub(rf"%(\1__{i})s", group) for i in range(count)]
            sql = f"{head} VALUES {', '.join(groups)}"
            if returning:
                sql += f" RETURNING {returning}"
            self._values_sql[key] = sql
        return sql


def _kind(dialect: Dialect) -> tuple[Any, ...]:
    """What the compiled SQL depends on (not the dialect object: engines come and go)."""
    mariadb = getattr(dialect, "is_mariadb", False)
    return (type(dialect), dialect.paramstyle, mariadb, dialect.server_version_info)
