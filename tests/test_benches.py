"""Smoke tests of bench/desk.py and bench/startup.py at a tiny size: their set-up and one
background desk work, and the start-up timer reads a window's line. No timings are checked."""

from __future__ import annotations

import os
import queue
import sys
import threading
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import desk  # noqa: E402
import startup  # noqa: E402


@pytest.mark.mysql
@pytest.mark.slow
def test_desk_seed_and_a_background_desk(mysql_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from boxoffice.db.database import Database

    for name in ("BOXOFFICE_KEY_FILE", "BOXOFFICE_DATA_DIR"):  # restored after the test
        monkeypatch.setenv(name, os.environ.get(name, ""))
    desk.use_bench_files()
    seeded = desk.seed(mysql_url, 400, 1, customers=10)
    assert len(seeded.event_ids) == desk.EVENTS and len(seeded.desk_ids) == 1
    assert sorted(seeded.references) == sorted(desk.CUSTOMERS)
    db = Database(mysql_url)
    with db.engine.connect() as conn:
        seats = conn.exec_driver_sql("SELECT COUNT(*) FROM event_seat").scalar()
        # The bench's own: fillers and the two looked up (the schema's seed may add others).
        customers = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM customer WHERE name LIKE 'Customer %%' OR name IN (%s, %s)",
            tuple(desk.CUSTOMERS),
        ).scalar()
    db.dispose()
    assert seats == 400 * desk.EVENTS and customers == 10 + len(desk.CUSTOMERS)

    stop, out = threading.Event(), queue.Queue()  # type: ignore[var-annotated]
    threading.Timer(2.0, stop.set).start()
    desk.background_desk(0, mysql_url, seeded.desk_ids[0], seeded.event_ids, 0.0, stop, out)
    bookings, _conflicts, errors = out.get(timeout=5)
    assert errors == [] and bookings > 0


def test_startup_times_a_bare_window(tmp_path: Path) -> None:
    env = startup.child_env(tmp_path)
    seconds, peak_kb, cpu = startup.time_to_line(
        [sys.executable, "-c", startup.BARE_WINDOW], env, "shown: True"
    )
    assert 0 < seconds < 120 and peak_kb > 10_000 and cpu > 0
    with pytest.raises(RuntimeError, match="no 'never said'"):
        startup.time_to_line([sys.executable, "-c", startup.BARE_WINDOW], env, "never said")
