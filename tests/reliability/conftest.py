"""A private MariaDB server per module, so tests can stop and restart it without touching the
shared server other tests use."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db") or "/usr/bin/mariadb-install-db"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PrivateServer:
    datadir: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    options: list[str] = field(default_factory=list)  # extra mariadbd flags, e.g. --ssl-ca

    @property
    def url(self) -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/boxoffice"

    def start(self) -> None:
        with (self.datadir.parent / "mariadbd.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    MARIADBD,
                    "--no-defaults",
                    f"--datadir={self.datadir}",
                    f"--port={self.port}",
                    "--bind-address=127.0.0.1",
                    f"--socket={self.datadir.parent / 'sock'}",
                    "--user=root",
                    "--skip-log-bin",
                    "--innodb-buffer-pool-size=32M",
                    "--transaction-isolation=READ-COMMITTED",
                    *self.options,
                ],
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("private mariadbd did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


def mariadb_available() -> bool:
    return os.path.exists(MARIADBD) and os.path.exists(INSTALL_DB)


def create_private_server(base: Path, options: list[str] | None = None) -> PrivateServer:
    """Initialise a data directory under *base*, start mariadbd on a free port (root without a
    password, over TCP) and create the empty database ``boxoffice``. The caller stops it."""
    datadir = base / "data"
    subprocess.run(
        [
            INSTALL_DB,
            "--no-defaults",
            f"--datadir={datadir}",
            "--user=root",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ],
        check=True,
        capture_output=True,
    )
    server = PrivateServer(datadir, _free_port(), options=list(options or []))
    server.start()
    try:
        subprocess.run(
            [
                "mariadb",
                "-h127.0.0.1",
                f"-P{server.port}",
                "-uroot",
                "-e",
                "CREATE DATABASE boxoffice CHARACTER SET utf8mb4",
            ],
            check=True,
            capture_output=True,
        )
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def private_mariadb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateServer]:
    if not mariadb_available():
        pytest.skip("MariaDB server binaries not installed: restart tests skipped")
    server = create_private_server(tmp_path_factory.mktemp("mariadb"))
    try:
        yield server
    finally:
        server.stop()
