"""Shared fixtures: a fresh database on SQLite and on the real MariaDB/MySQL server.

The MySQL tier uses ``BOXOFFICE_TEST_MYSQL_URL`` (default ``mysql+pymysql://root@127.0.0.1:3306``):
one database ``boxoffice_test_<random>`` is created per run and dropped afterwards. Without a
reachable server those tests are skipped with a clear reason, unless ``BOXOFFICE_REQUIRE_MYSQL=1``
(set by .ci/run) turns that into a failure.
"""

from __future__ import annotations

import gc
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, settings
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from boxoffice import keyring
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.models import Base
from boxoffice.gui import garbage

if TYPE_CHECKING:
    from tests.smtp_server import SmtpServer, TlsFiles

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# bench/mutation.py runs each mutant against the tests: fixed examples (same verdict every run) and
# no shrinking (a mutant that fails only needs to fail, not to be explained).
settings.register_profile(
    "mutation",
    max_examples=40,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
if os.environ.get("BOXOFFICE_MUTATION") == "1":
    settings.load_profile("mutation")

MYSQL_SERVER_URL = os.environ.get("BOXOFFICE_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306")
_mysql_problem: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """As the desk does (boxoffice.gui.garbage): no automatic cycle collection, which could run
    on a worker thread and free a live Qt object there."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests() -> Iterator[None]:
    yield
    garbage.collect_due()


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys, config and data of each test live in its own temporary directory."""
    monkeypatch.setenv("BOXOFFICE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BOXOFFICE_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(tmp_path / "keys.json"))
    monkeypatch.setenv("BOXOFFICE_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("BOXOFFICE_DATABASE_URL", raising=False)
    # What 'boxoffice keys init' does on a real desk: desks never create keys on first use.
    keyring.create(tmp_path / "keys.json")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def mysql_url() -> Iterator[str]:
    """URL of a fresh, migrated database on the MySQL server for this test run."""
    if _mysql_problem:
        pytest.skip(_mysql_problem[0])
    name = f"boxoffice_test_{secrets.token_hex(4)}"
    server = create_engine(MYSQL_SERVER_URL, connect_args={"connect_timeout": 3})
    try:
        with server.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    except Exception as exc:  # any failure to reach the server means: no MySQL tier here
        reason = f"MySQL tier skipped: cannot use {MYSQL_SERVER_URL} ({type(exc).__name__}: {exc})"
        _mysql_problem.append(reason)
        if os.environ.get("BOXOFFICE_REQUIRE_MYSQL") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    url = make_url(MYSQL_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


def _empty_tables(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=0")
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))
        conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=1")


@pytest.fixture(params=["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """URL of an empty, migrated database; each test runs once per backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("mysql_url")
    db = Database(url)
    _empty_tables(db)
    db.dispose()
    yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An empty, migrated Database on each backend."""
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The demo data set loaded once into a SQLite file; each demo test gets a copy."""
    from boxoffice.services.demo import load_demo

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    template = Database(f"sqlite:///{path}")
    template.run(lambda s: load_demo(s, password_rounds=4))
    template.dispose()  # checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def mysql_demo_template(mysql_url: str) -> Iterator[str]:
    """A sibling MySQL database holding the demo data set, loaded once per run."""
    from boxoffice.services.demo import load_demo

    url = make_url(mysql_url)
    name = f"{url.database}_demo"
    server = create_engine(url.set(database=""))
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    template = Database(url.set(database=name).render_as_string(hide_password=False))
    migrate.upgrade(template.engine)
    template.run(lambda s: load_demo(s, password_rounds=4))
    template.dispose()
    try:
        yield name
    finally:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


@pytest.fixture
def demo_db(db: Database, request: pytest.FixtureRequest) -> Database:
    """*db* filled with the demo data set (cheap bcrypt rounds), copied from a per-run template
    so each test starts from the same data without paying for the load."""
    if db.engine.dialect.name == "sqlite":
        template = request.getfixturevalue("sqlite_demo_template")
        db.dispose()
        assert db.engine.url.database is not None
        shutil.copy(template, db.engine.url.database)
        return db
    source = request.getfixturevalue("mysql_demo_template")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=0")
        for table in Base.metadata.sorted_tables:
            # Generated columns (ticket.live_seat_id) are the server's to fill.
            cols = ", ".join(f"`{c.name}`" for c in table.columns if c.computed is None)
            conn.exec_driver_sql(
                f"INSERT INTO `{table.name}` ({cols}) SELECT {cols} FROM `{source}`.`{table.name}`"
            )
        conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=1")
    return db


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _mysql_problem:
        terminalreporter.write_sep("!", _mysql_problem[0], yellow=True)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd, plain, no auth) on a free local port; ``.messages``."""
    from tests.smtp_server import make_server, running

    server = make_server()
    with running(server):
        yield server


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A throw-away CA and a localhost certificate signed by it (for STARTTLS / SSL tests)."""
    from tests.smtp_server import make_tls_files

    return make_tls_files(tmp_path_factory.mktemp("tls"))
