"""What the database is: server product and version, and where its schema stands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from boxoffice.db import migrate
from boxoffice.db.engine import is_mysql


@dataclass(frozen=True)
class ServerInfo:
    version: str  # e.g. "MariaDB 10.11.19" or "SQLite 3.45.1"
    schema: str | None  # current Alembic revision (None: no tables yet)
    head: str  # the revision this app needs

    @property
    def schema_state(self) -> str:
        if self.schema == self.head:
            return f"{self.schema} (up to date)"
        if self.schema is None:
            return f"none (this app needs {self.head})"
        return f"{self.schema} (this app needs {self.head})"


def server_version(engine: Engine) -> str:
    with engine.connect() as conn:
        if is_mysql(engine):
            raw = str(conn.execute(text("SELECT VERSION()")).scalar_one())
            product = "MariaDB" if "mariadb" in raw.lower() else "MySQL"
            return f"{product} {raw.split('-')[0]}"
        return f"SQLite {conn.execute(text('SELECT sqlite_version()')).scalar_one()}"


def server_info(engine: Engine) -> ServerInfo:
    return ServerInfo(
        server_version(engine), migrate.current_revision(engine), migrate.head_revision()
    )
