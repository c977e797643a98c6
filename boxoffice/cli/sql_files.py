"""Write ``sql/`` for MySQL's docker init: the schema DDL and the demo data set, generated from
the models. ``sql/regenerate.sh`` runs ``python -m boxoffice.cli.sql_files`` after a model change.

It lives here, above the services, because the demo data is made by :mod:`boxoffice.services.demo`
and the database layer imports nothing above it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from boxoffice.db import migrate
from boxoffice.db.models import Base
from boxoffice.db.sqldump import (
    DEMO_BASE,
    DEMO_FILE,
    HEADER,
    SCHEMA_FILE,
    SQL_DIR,
    date_shift,
    schema_sql,
    table_inserts,
)
from boxoffice.i18n import _
from boxoffice.services.demo import load_demo


def demo_sql(password_rounds: int = 12) -> str:
    """INSERTs for the demo data set as of DEMO_BASE, then the date shift."""
    engine = create_engine("sqlite://")
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        load_demo(session, now=DEMO_BASE, password_rounds=password_rounds)
    parts = [HEADER, "SET NAMES utf8mb4;\nSET FOREIGN_KEY_CHECKS=0;\n"]
    for table in Base.metadata.sorted_tables:
        parts.extend(table_inserts(engine, table))
    parts.append("SET FOREIGN_KEY_CHECKS=1;\n")
    # On a shared server the demo accounts' passwords are published in the README: each must be
    # replaced at its first sign-in (desks warn the admin, and `db check` fails, until then).
    parts.append("UPDATE staff_user SET must_change_password = 1;\n")
    parts.append(date_shift())
    return "".join(parts)


def write(directory: Path = SQL_DIR) -> None:
    (directory / SCHEMA_FILE).write_text(schema_sql())
    (directory / DEMO_FILE).write_text(demo_sql())


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else SQL_DIR)
    print(
        _("wrote {value} and {value2}").format(
            value=SQL_DIR / SCHEMA_FILE, value2=SQL_DIR / DEMO_FILE
        )
    )
