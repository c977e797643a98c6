"""Start-up and memory of the desk, each beside a bare PySide6 window in the same run.

    uv run python bench/startup.py [--runs 5] [--seats 100000]

Creates a throw-away MariaDB database (``BOXOFFICE_BENCH_MYSQL_URL``, default
``root@127.0.0.1:3306``) holding one on-sale event on a 100,000-seat venue, then, each in a
fresh process (``QT_QPA_PLATFORM=offscreen``, a throw-away data folder), ``--runs`` times and
interleaved:

- **start-up**: ``python -m boxoffice --database-url URL`` from the process start to the
  sign-in window shown (the desk's own ``BOXOFFICE_SMOKE_EXIT=sign-in`` report on stdout, which
  then closes it): imports, Qt, connecting and checking the schema. Baseline: a process that
  imports PySide6, shows a bare QWidget and says so the same way.
- **memory**: the resident set (RSS) of a desk signed in with the 100,000-seat map open in the
  Sell tab (the main window, the map loaded through the services and painted), beside the bare
  window's RSS; and the peak RSS of the start-up processes (sign-in window shown).

Prints medians and the ratios desk/baseline. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

# The baseline: PySide6 imported, a bare window shown, reported like the desk's smoke exit.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
window.setObjectName("bareWindow")
window.resize(420, 300)
window.show()

def shown():
    rss = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS:")][0]
    print(f"bareWindow shown: {window.isVisible()} rss_kb={rss}", flush=True)
    window.close()

QTimer.singleShot(0, window, shown)
sys.exit(app.exec())
"""


def rss_kb() -> int:
    """This process's resident set now (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the live process *pid* so far (Linux, 10 ms ticks)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    # An installed desk runs from compiled bytecode (pip, uv and the bundle write it); with
    # PYTHONDONTWRITEBYTECODE (set on some machines) every start would compile each module
    # again. The children keep theirs in a cache folder of their own, never in the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "boxoffice-bench-pycache")
    env.update(
        QT_QPA_PLATFORM="offscreen",
        BOXOFFICE_DATA_DIR=str(folder),
        BOXOFFICE_CONFIG=str(folder / "boxoffice.toml"),  # absent: defaults, no machine config
        BOXOFFICE_KEY_FILE=str(folder / "keys.json"),
        BOXOFFICE_SMOKE_EXIT="sign-in",
    )
    return env


def time_to_line(command: list[str], env: dict[str, str], marker: str) -> tuple[float, int, float]:
    """Seconds from starting *command* to its stdout line containing *marker*, the process's
    peak RSS in KB, and its CPU seconds (user + system) when the line came, read from /proc
    (on a busy machine the wall time also holds the waits for a core, the CPU time does not)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    seconds = None
    cpu = 0.0
    with proc.stdout:
        for line in proc.stdout:
            if marker in line:
                seconds = time.perf_counter() - started
                cpu = cpu_seconds(proc.pid)
                break
        proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if seconds is None or proc.returncode != 0:
        raise RuntimeError(f"{command[-1][:40]!r}: no {marker!r} (exit {proc.returncode})")
    return seconds, int(usage.ru_maxrss), cpu or usage.ru_utime + usage.ru_stime


def bare_rss(env: dict[str, str]) -> int:
    """The bare window's RSS (KB) at the moment it is shown."""
    out = subprocess.run(
        [sys.executable, "-c", BARE_WINDOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return int(out.split("rss_kb=")[1].split()[0])


def map_open_child(url: str, event_id: int, username: str, password: str) -> None:
    """(Run in its own process.) A signed-in desk with the event's map open in the Sell tab;
    prints ``rss_kb=N seats=N``."""
    from PySide6.QtCore import QEventLoop, QSettings

    from boxoffice.db.database import Database
    from boxoffice.gui.app import application, desk_settings
    from boxoffice.gui.context import AppContext
    from boxoffice.gui.main_window import MainWindow
    from boxoffice.gui.messages import MessageBridge
    from boxoffice.gui.tasks import TaskRunner
    from boxoffice.services.people import auth

    settings: QSettings = desk_settings()
    app = application(settings)
    db = Database(url)
    tasks = TaskRunner()
    actor = auth.sign_in(db, username, password, "bench")
    window = MainWindow(AppContext(db, actor, tasks, MessageBridge(), settings), "bench")
    window.resize(1366, 768)
    window.show()
    tab = window.pages["sell"]
    tab.controller.open_event(event_id)
    end = time.perf_counter() + 300
    while tab.seat_map.seat_map() is None or not tab.seat_map.isVisible():
        if time.perf_counter() > end:
            raise TimeoutError("the map did not open in 300 s")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    for _ in range(20):  # the map painted, the first loads' results delivered
        app.processEvents()
        time.sleep(0.01)
    window.grab()
    seats = len(tab.seat_map.seat_map().seats)
    print(f"rss_kb={rss_kb()} seats={seats}", flush=True)
    window.close()
    tasks.wait()
    db.dispose()


def seed(url: str, seats: int) -> tuple[int, str, str]:
    """Schema, one event of *seats* seats, a clerk; (event id, user name, password)."""
    import desk

    from boxoffice.db import migrate
    from boxoffice.db.database import Database
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.domain.clock import utcnow
    from boxoffice.domain.roles import Role
    from boxoffice.services.people.staff import add_user_in

    db = Database(url)
    try:
        migrate.upgrade(db.engine)
        [event_id] = desk.seed_venue(db, seats, 1, utcnow(), per_row=500)
        db.run(lambda s: add_user_in(s, SYSTEM, desk.CLERK, Role.CLERK, desk.CLERK_PASSWORD))
    finally:
        db.dispose()
    return event_id, desk.CLERK, desk.CLERK_PASSWORD


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each, interleaved")
    parser.add_argument("--seats", type=int, default=100_000, help="seats of the open map")
    parser.add_argument(
        "--child", nargs=4, metavar=("URL", "EVENT", "USER", "PASSWORD"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        url, event, user, password = args.child
        map_open_child(url, int(event), user, password)
        return 0
    if args.runs < 1 or args.seats < 500:
        parser.error("need --runs >= 1 and --seats >= 500")

    from scratch import scratch_database

    from boxoffice import keyring

    folder = Path(tempfile.mkdtemp(prefix="boxoffice-bench-startup-"))
    keyring.create(folder / "keys.json")
    env = child_env(folder)
    url, drop = scratch_database("startup")
    try:
        event_id, user, password = seed(url, args.seats)
        desk_cmd = [sys.executable, "-m", "boxoffice", "--database-url", url]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        desk_times, bare_times, desk_peaks, bare_peaks = [], [], [], []
        desk_cpu, bare_cpu = [], []
        # The first start of each warms the file cache and writes the bytecode cache.
        first_bare = time_to_line(bare_cmd, env, "shown: True")[0]
        first_desk = time_to_line(desk_cmd, env, "signInDialog shown: True")[0]
        for _ in range(args.runs):
            seconds, peak, cpu = time_to_line(bare_cmd, env, "shown: True")
            bare_times.append(seconds)
            bare_peaks.append(peak)
            bare_cpu.append(cpu)
            seconds, peak, cpu = time_to_line(desk_cmd, env, "signInDialog shown: True")
            desk_times.append(seconds)
            desk_peaks.append(peak)
            desk_cpu.append(cpu)
        bare_kb = statistics.median(bare_rss(env) for _ in range(3))
        out = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                url,
                str(event_id),
                user,
                password,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout
        map_kb = int(out.split("rss_kb=")[1].split()[0])
        seats = int(out.split("seats=")[1].split()[0])
    finally:
        drop()

    desk_s, bare_s = statistics.median(desk_times), statistics.median(bare_times)
    print(f"start-up to the window shown, median of {args.runs} (ms):")
    print(
        f"  bare PySide6 window   {bare_s * 1000:7.0f}   (all: "
        + ", ".join(f"{t * 1000:.0f}" for t in bare_times)
        + ")"
    )
    print(
        f"  desk sign-in window   {desk_s * 1000:7.0f}   (all: "
        + ", ".join(f"{t * 1000:.0f}" for t in desk_times)
        + ")"
    )
    print(f"  ratio desk/bare       {desk_s / bare_s:7.2f}x   (goal <= 2x)")
    cpu_desk, cpu_bare = statistics.median(desk_cpu), statistics.median(bare_cpu)
    print(
        f"  CPU time to the window bare {cpu_bare * 1000:.0f}, desk {cpu_desk * 1000:.0f}: "
        f"{cpu_desk / cpu_bare:.2f}x"
    )
    print(
        f"  first start of each (bytecode cache cold or stale): bare {first_bare * 1000:.0f}, "
        f"desk {first_desk * 1000:.0f}"
    )
    bare_peak, desk_peak = statistics.median(bare_peaks), statistics.median(desk_peaks)
    print("memory (MB):")
    print(f"  bare window shown          {bare_kb / 1024:7.1f}")
    print(
        f"  desk sign-in (peak)        {desk_peak / 1024:7.1f}   "
        f"{desk_peak / bare_peak:.2f}x the bare window's peak ({bare_peak / 1024:.1f})"
    )
    print(
        f"  desk, {seats:,}-seat map open {map_kb / 1024:7.1f}   "
        f"{map_kb / bare_kb:.2f}x the bare window"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
