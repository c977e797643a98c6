"""Every MySQL connection runs in strict mode, whatever the server's own configuration says."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError

from boxoffice.db.database import Database
from boxoffice.db.models import Venue


@pytest.mark.mysql
def test_a_lax_server_still_refuses_a_value_too_long(mysql_url: str) -> None:
    server = create_engine(make_url(mysql_url))
    with server.connect() as conn:
        saved = conn.scalar(text("SELECT @@GLOBAL.sql_mode"))
        conn.execute(text("SET GLOBAL sql_mode = ''"))  # lax: would truncate and warn
    try:
        db = Database(mysql_url)
        try:
            with db.engine.connect() as conn:
                mode = str(conn.scalar(text("SELECT @@SESSION.sql_mode")))
            assert "STRICT_TRANS_TABLES" in mode
            assert "ONLY_FULL_GROUP_BY" in mode  # as on MySQL 8, where the app is deployed
            with pytest.raises(DataError):
                db.run(lambda s: s.execute(insert(Venue).values(name="x" * 5000, address="")))
        finally:
            db.dispose()
    finally:
        with server.connect() as conn:
            conn.execute(text("SET GLOBAL sql_mode = :mode"), {"mode": saved})
        server.dispose()
