"""Alembic environment: runs on the connection handed in by boxoffice.db.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from boxoffice.db.models import Base

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Our TypeDecorators live in boxoffice.db.types; render them by import path.
    module = type(obj).__module__
    if type_ == "type" and module == "boxoffice.db.types":
        autogen_context.imports.add("import boxoffice.db.types")
        return f"boxoffice.db.types.{type(obj).__name__}()"
    return False


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from boxoffice.db.engine import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=True,  # SQLite needs batch mode for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
