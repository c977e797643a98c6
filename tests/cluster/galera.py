"""A local MariaDB Galera cluster for tests and bench/cluster.py: three ``mariadbd`` with
``--wsrep-on`` on ports of their own, each with its own data directory, joined by ``gcomm://``.

Plain code (no pytest), so the benchmark can start the same cluster. The first node bootstraps
the cluster (``--wsrep-new-cluster``); the others join it and receive its data by rsync SST.
A node can be killed (SIGKILL) and restarted: it rejoins and catches up (IST or SST).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db") or "/usr/bin/mariadb-install-db"
MARIADB = shutil.which("mariadb") or "/usr/bin/mariadb"
PROVIDER_PATHS = ("/usr/lib/galera/libgalera_smm.so", "/usr/lib/libgalera_smm.so")
START_SECONDS = 90  # a joiner's SST of a small data directory takes a few seconds


def galera_provider() -> str | None:
    """Path of libgalera_smm.so (Debian package galera-4), or None if not installed."""
    for path in PROVIDER_PATHS:
        if os.path.exists(path):
            return path
    return None


def missing_parts() -> str | None:
    """What is missing to run a local cluster here (None when everything is)."""
    if galera_provider() is None:
        return "Galera is not installed (apt-get install galera-4 rsync)"
    for tool in (MARIADBD, INSTALL_DB, MARIADB):
        if not os.path.exists(tool):
            return f"{tool} is not installed (apt-get install mariadb-server)"
    if shutil.which("rsync") is None:
        return "rsync is not installed (apt-get install rsync), Galera's SST needs it"
    return None


def free_ports(count: int) -> list[int]:
    """*count* distinct free TCP ports on 127.0.0.1."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def sql(port: int, statement: str, database: str = "") -> str:
    """Run *statement* with the mariadb client as root on *port*; its tab-separated output."""
    args = [MARIADB, "-h127.0.0.1", f"-P{port}", "-uroot", "-N", "-B", "-e", statement]
    if database:
        args.append(database)
    done = subprocess.run(args, check=True, capture_output=True, text=True, timeout=30)
    return done.stdout


@dataclass
class Node:
    """One mariadbd: its SQL port, Galera group port, IST and SST ports, data directory."""

    index: int
    base: Path
    port: int
    gcomm_port: int
    ist_port: int
    sst_port: int
    wsrep: bool = True
    process: subprocess.Popen[bytes] | None = None
    peers: list[str] = field(default_factory=list)  # "127.0.0.1:gcomm_port" of every node

    @property
    def datadir(self) -> Path:
        return self.base / "data"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, database: str = "boxoffice") -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}"

    def initialise(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                INSTALL_DB,
                "--no-defaults",
                f"--datadir={self.datadir}",
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
        )

    def command(self, bootstrap: bool) -> list[str]:
        args = [
            MARIADBD,
            "--no-defaults",
            f"--datadir={self.datadir}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--socket={self.base / 'sock'}",
            f"--pid-file={self.base / 'mariadbd.pid'}",
            "--user=root",
            "--innodb-buffer-pool-size=64M",
            "--innodb-log-file-size=16M",
            "--transaction-isolation=READ-COMMITTED",
            "--max-connections=200",
        ]
        if not self.wsrep:
            return [*args, "--skip-log-bin"]
        provider = galera_provider()
        assert provider is not None, "no Galera provider"
        options = ";".join(
            (
                f"gmcast.listen_addr=tcp://127.0.0.1:{self.gcomm_port}",
                f"ist.recv_addr=127.0.0.1:{self.ist_port}",
                "gcache.size=64M",
                "pc.weight=1",
                # A killed node is declared dead (and the others go on) within a few seconds.
                "evs.suspect_timeout=PT3S",
                "evs.inactive_timeout=PT6S",
                "evs.install_timeout=PT6S",
            )
        )
        args += [
            "--wsrep-on=ON",
            f"--wsrep-provider={provider}",
            f"--wsrep-provider-options={options}",
            "--wsrep-cluster-name=boxoffice_test",
            f"--wsrep-cluster-address=gcomm://{','.join(self.peers)}",
            f"--wsrep-node-name=node{self.index}",
            f"--wsrep-node-address=127.0.0.1:{self.gcomm_port}",
            f"--wsrep-node-incoming-address=127.0.0.1:{self.port}",
            "--wsrep-sst-method=rsync",
            f"--wsrep-sst-receive-address=127.0.0.1:{self.sst_port}",
            "--binlog-format=ROW",
            "--default-storage-engine=InnoDB",
            "--innodb-autoinc-lock-mode=2",
            "--wsrep-slave-threads=2",
        ]
        if bootstrap:
            args.append("--wsrep-new-cluster")
        return args

    def start(self, bootstrap: bool = False) -> None:
        """Start mariadbd and wait until it accepts queries (and is synced, on Galera)."""
        if self.wsrep and not bootstrap:
            open_to_rsync(self.datadir)  # a restart may receive a full SST again
        with (self.base / "mariadbd.log").open("ab") as log:
            self.process = subprocess.Popen(
                self.command(bootstrap), stdout=log, stderr=log, start_new_session=True
            )
        self.wait_ready()

    def wait_ready(self, seconds: float = START_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"node{self.index} exited; see {self.base / 'mariadbd.log'}")
            try:
                if not self.wsrep:
                    sql(self.port, "SELECT 1")
                    return
                state = sql(self.port, "SHOW STATUS LIKE 'wsrep_local_state_comment'")
                if "Synced" in state:
                    return
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"node{self.index} not ready; see {self.base / 'mariadbd.log'}")

    def kill(self) -> None:
        """SIGKILL: the node dies at once, mid-transaction, as in a power cut."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Cluster:
    """Three (or *size*) Galera nodes on this machine; ``stop()`` ends them all."""

    nodes: list[Node]

    @property
    def urls(self) -> list[str]:
        return [node.url() for node in self.nodes]

    def size(self) -> int:
        """wsrep_cluster_size as the first running node sees it."""
        for node in self.nodes:
            if node.running:
                return int(sql(node.port, "SHOW STATUS LIKE 'wsrep_cluster_size'").split()[1])
        return 0

    def stop(self) -> None:
        # Joiners first, the bootstrap node last (each leaves the group cleanly).
        for node in reversed(self.nodes):
            try:
                node.stop()
            except Exception:  # teardown: stop the others whatever happens
                if node.process is not None:
                    node.process.kill()


def open_to_rsync(datadir: Path) -> None:
    """Let the SST's rsync daemon (it drops to user ``nobody``) write *datadir*: the directory
    and everything in it owned by that user, every folder above it traversable (pytest's are
    mode 0700)."""
    if os.geteuid() == 0:  # files the node wrote since its last SST are root's: give them all
        subprocess.run(["chown", "-R", "nobody:nogroup", str(datadir)], check=True)
    else:
        datadir.chmod(0o777)
    for parent in datadir.parents:
        try:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)
        except PermissionError:
            break  # not ours: a system folder, already traversable


def start_cluster(
    base: Path,
    size: int = 3,
    wsrep: bool = True,
    prepare: Callable[[str], None] | None = None,
) -> Cluster:
    """Initialise and start *size* nodes under *base* (one data directory each) and create the
    database ``boxoffice``. With *wsrep* False: plain servers, the same settings.

    *prepare(url)* fills the database through the first node before the others join: they
    receive it whole by SST, much faster than replicating each statement (schema changes run
    cluster-wide, one at a time) as it is made.
    """
    ports = free_ports(4 * size)
    nodes = [
        Node(i + 1, base / f"node{i + 1}", *ports[4 * i : 4 * i + 4], wsrep=wsrep)
        for i in range(size)
    ]
    peers = [f"127.0.0.1:{node.gcomm_port}" for node in nodes]
    cluster = Cluster(nodes)
    try:
        nodes[0].peers = peers
        nodes[0].initialise()
        nodes[0].start(bootstrap=True)
        sql(nodes[0].port, "CREATE DATABASE boxoffice CHARACTER SET utf8mb4")
        if prepare is not None:
            prepare(nodes[0].url())
        for node in nodes[1:]:
            node.peers = peers
            node.base.mkdir(parents=True, exist_ok=True)
            node.datadir.mkdir()  # filled by SST from the first node
            node.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
