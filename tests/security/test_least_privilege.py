"""The desks connect as a least-privilege MySQL account: rows yes, schema and grants no."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from boxoffice.db.database import Database
from boxoffice.services.demo import load_demo

pytestmark = pytest.mark.mysql


@pytest.fixture
def app_user_url(mysql_url: str) -> Iterator[str]:
    """An account with exactly the grants sql/02-app-user.sh gives the desks."""
    url = make_url(mysql_url)
    name = f"bo_app_{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(12)
    admin = create_engine(mysql_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE USER '{name}'@'%' IDENTIFIED BY '{password}'"))
        conn.execute(text(f"CREATE USER '{name}'@'localhost' IDENTIFIED BY '{password}'"))
        for host in ("%", "localhost"):
            conn.execute(
                text(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{url.database}`.*"
                    f" TO '{name}'@'{host}'"
                )
            )
    try:
        yield url.set(username=name, password=password).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP USER IF EXISTS '{name}'@'%'"))
            conn.execute(text(f"DROP USER IF EXISTS '{name}'@'localhost'"))
        admin.dispose()


def test_app_user_can_work_but_not_change_schema(app_user_url: str, mysql_url: str) -> None:
    from tests.conftest import _empty_tables

    owner = Database(mysql_url)
    _empty_tables(owner)
    owner.dispose()
    db = Database(app_user_url)
    db.run(lambda s: load_demo(s, password_rounds=4))  # plain row work succeeds
    with db.session() as s:
        assert s.execute(text("SELECT COUNT(*) FROM event")).scalar() == 12
    for statement in (
        "DROP TABLE audit_log",
        "ALTER TABLE booking ADD COLUMN x INT",
        "CREATE TABLE evil (id INT)",
        "GRANT ALL ON *.* TO CURRENT_USER()",
        "SELECT COUNT(*) FROM mysql.user",
    ):
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(text(statement))
    db.dispose()
