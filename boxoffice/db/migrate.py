"""Schema migrations with Alembic, driven from code (``boxoffice db upgrade``)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (and Mako under it) is imported only to change the schema: a desk checks the schema
# version at every start, and reads it here with one query and the scripts' own text.
MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py keeps it


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


# ``revision = "0001"`` / ``down_revision: str | None = None`` at the start of a line.
_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _revisions(folder: Path) -> dict[str, tuple[str, ...]]:
    """``revision -> down revisions`` of the scripts in *folder*, read from their source (the
    scripts are big: no parsing past these two lines)."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.py")):
        values = {
            m.group(1): ast.literal_eval(m.group(2))
            for m in _ASSIGNED.finditer(path.read_text(encoding="utf-8"))
        }
        revision, down = values.get("revision"), values.get("down_revision")
        if isinstance(revision, str):
            found[revision] = (down,) if isinstance(down, str) else tuple(down or ())
    return found


@cache
def head_revision() -> str:
    """The newest revision of the shipped scripts (Alembic's own answer when they branch)."""
    revisions = _revisions(MIGRATIONS / "versions")
    pointed_at = {down for downs in revisions.values() for down in downs}
    heads = [r for r in revisions if r not in pointed_at]
    if len(heads) == 1:
        return heads[0]
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema's revision (None: no version table, a database without our schema)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise RuntimeError(f"The schema has several versions at once: {', '.join(rows)}")
    return rows[0] if rows else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to *revision* (creating every table on an empty database)."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def drop_all(engine: Engine) -> None:
    """Drop every table of ours and Alembic's version table."""
    from boxoffice.db.models import Base

    with engine.begin() as conn:
        if engine.dialect.name in ("mysql", "mariadb"):
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=0")
        Base.metadata.drop_all(conn)
        if inspect(conn).has_table("alembic_version"):
            conn.exec_driver_sql("DROP TABLE alembic_version")
        if engine.dialect.name in ("mysql", "mariadb"):
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=1")


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()
