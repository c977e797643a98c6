"""Insert-or-ignore and upsert on both backends (MySQL ``ON DUPLICATE KEY``, SQLite
``ON CONFLICT``): a duplicate key must not abort the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.orm import Session

from boxoffice.db.models import Base, Setting

_CHUNK = 500


def insert_ignore(
    session: Session, model: type[Base], rows: list[dict[str, Any]], key: str
) -> None:
    """Insert *rows*, silently skipping any whose unique *key* already exists."""
    dialect = session.get_bind().dialect.name
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        if dialect == "sqlite":
            lite = sqlite.insert(model).values(chunk).on_conflict_do_nothing(index_elements=[key])
            session.execute(lite)
        else:
            # Setting the key to itself is a no-op that, unlike INSERT IGNORE, hides no other error.
            my = mysql.insert(model).values(chunk)
            session.execute(my.on_duplicate_key_update({key: my.inserted[key]}))


def put_setting(session: Session, key: str, value: str) -> None:
    """Create or overwrite one ``app_setting`` row (two admins saving at once both succeed)."""
    if session.get_bind().dialect.name == "sqlite":
        lite = sqlite.insert(Setting).values(key=key, value=value)
        session.execute(
            lite.on_conflict_do_update(index_elements=["key"], set_={"value": lite.excluded.value})
        )
    else:
        my = mysql.insert(Setting).values(key=key, value=value)
        session.execute(my.on_duplicate_key_update(value=my.inserted.value))
