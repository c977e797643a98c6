"""The docker compose init files, run against MariaDB as the MySQL image's entrypoint runs them.

``docker_process_sql`` is the entrypoint's helper; here a shell function with the same calling
convention pipes into the ``mariadb`` client. Without BOXOFFICE_DEMO there is no staff account
(and none is needed to create the first admin); with BOXOFFICE_DEMO=1 the demo accounts exist,
each must change its published password at first sign-in, and the desk's warning lists them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from boxoffice.db import sqldump
from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import PasswordChangeRequired
from boxoffice.domain.roles import Role
from boxoffice.services.integrity import check_database
from boxoffice.services.people import auth
from boxoffice.services.people.demo_accounts import published_demo_accounts
from boxoffice.services.people.first_admin import create_first_admin

pytestmark = pytest.mark.mysql

_SHIM = r"""
docker_process_sql() {
	local database="$MYSQL_DATABASE"
	if [[ "${1:-}" == --database=* ]]; then database="${1#--database=}"; shift; fi
	"$CLIENT" $CLIENT_ARGS "$database" "$@"
}
"""


def _client_args(url: str) -> str:
    u = make_url(url)
    args = f"-h{u.host or '127.0.0.1'} -P{u.port or 3306} -u{u.username or 'root'}"
    return args + (f" -p{u.password}" if u.password else "")


@pytest.fixture
def init_db(mysql_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database initialised by the compose files; BOXOFFICE_DEMO from the param."""
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("no mariadb/mysql client to run the init files with")
    demo = request.param
    name = f"{make_url(mysql_url).database}_compose"
    server = create_engine(make_url(mysql_url).set(database=""))
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
        had_app_user = conn.execute(
            text("SELECT COUNT(*) FROM mysql.user WHERE user = 'boxoffice'")
        ).scalar_one()
    env = {
        **os.environ,
        "CLIENT": client,
        "CLIENT_ARGS": _client_args(mysql_url),
        "MYSQL_DATABASE": name,
        "BOXOFFICE_APP_PASSWORD": "test-app-password-0",
        "BOXOFFICE_DEMO": demo,
        "BOXOFFICE_DEMO_SQL": str(sqldump.SQL_DIR / sqldump.DEMO_FILE),
    }
    sql = sqldump.SQL_DIR
    script = (
        f"{_SHIM}\nset -e\ndocker_process_sql < '{sql / '01-schema.sql'}'\n"
        f". '{sql / '02-app-user.sh'}'\n. '{sql / '03-demo-data.sh'}'\n"
    )
    subprocess.run(["bash", "-c", script], env=env, check=True, capture_output=True)
    db = Database(make_url(mysql_url).set(database=name).render_as_string(hide_password=False))
    try:
        yield db
    finally:
        db.dispose()
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            if not had_app_user:
                conn.execute(text("DROP USER IF EXISTS 'boxoffice'@'%'"))
        server.dispose()


def _staff(db: Database) -> int:
    return int(db.run(lambda s: s.scalar(select(func.count()).select_from(StaffUser))) or 0)


@pytest.mark.parametrize("init_db", ["0"], indirect=True)
def test_without_demo_there_is_no_account_and_the_first_admin_needs_none(
    init_db: Database,
) -> None:
    assert _staff(init_db) == 0
    init_db.run(lambda s: create_first_admin(s, "venueadmin", "Harbour-Lights-2031"))
    actor = auth.sign_in(init_db, "venueadmin", "Harbour-Lights-2031", "desk")
    assert actor.role == Role.ADMIN
    assert published_demo_accounts(init_db, actor) == []
    assert check_database(init_db, SYSTEM, None).clean


@pytest.mark.parametrize("init_db", ["1"], indirect=True)
def test_with_demo_the_published_passwords_must_change_and_are_reported(
    init_db: Database,
) -> None:
    assert _staff(init_db) == 4
    with pytest.raises(PasswordChangeRequired):
        auth.sign_in(init_db, "admin", "admin-demo", "desk")
    report = check_database(init_db, SYSTEM, None)
    assert [f.check for f in report.findings] == ["no_published_passwords"]
    admin = auth.change_password_and_sign_in(
        init_db, "admin", "admin-demo", "Harbour-Lights-2031", "desk"
    )
    assert admin.role == Role.ADMIN
    # The warning the desk shows the admin: the three demo accounts still published.
    assert published_demo_accounts(init_db, admin) == ["clerk", "clerk2", "manager"]
    assert auth.sign_in(init_db, "admin", "Harbour-Lights-2031", "desk").role == Role.ADMIN
