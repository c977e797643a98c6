"""A throw-away MariaDB database for one benchmark run."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("BOXOFFICE_BENCH_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306")


def scratch_database(label: str) -> tuple[str, Callable[[], None]]:
    """Creates ``boxoffice_bench_<label>_<random>`` on :data:`SERVER`; returns its URL and the
    call that drops it (for the run's ``finally``, after its engines are disposed)."""
    name = f"boxoffice_bench_{label}_{secrets.token_hex(3)}"
    server = create_engine(SERVER)
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))

    def drop() -> None:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()

    return make_url(SERVER).set(database=name).render_as_string(hide_password=False), drop
