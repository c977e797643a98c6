"""A door station's own file: the downloaded door list and every scan it made.

SQLite in the user data directory (``door/<station>.sqlite3``), written with ``synchronous=FULL``
so a scan recorded is a scan kept even if the station loses power. Scans carry their own id
(a UUID) and a ``synced`` flag; the upload is idempotent on that id, so marking them synced
after the server committed is safe to repeat.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from boxoffice import config
from boxoffice.domain.errors import ConfigurationError
from boxoffice.i18n import _
from boxoffice.services.door.offline_verdict import LocalEvent, LocalTicket
from boxoffice.services.door.snapshot import EventSnapshot

_SCHEMA = """
CREATE TABLE IF NOT EXISTS event (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL,
    allow_reentry INTEGER NOT NULL, max_ticket_id INTEGER NOT NULL, taken_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS listed_ticket (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, event_seat_id INTEGER NOT NULL,
    generation INTEGER NOT NULL, status TEXT NOT NULL, reference TEXT NOT NULL,
    seat_label TEXT NOT NULL, tier TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_listed_ticket_event ON listed_ticket (event_id);
CREATE TABLE IF NOT EXISTS scan (
    scan_id TEXT PRIMARY KEY, event_id INTEGER NOT NULL, ticket_id INTEGER,
    gate TEXT NOT NULL, direction TEXT NOT NULL, outcome TEXT NOT NULL,
    offline INTEGER NOT NULL, scanned_at TEXT NOT NULL, staff_id INTEGER,
    event_seat_id INTEGER NOT NULL, generation INTEGER NOT NULL,
    synced INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ix_scan_ticket ON scan (ticket_id, scanned_at);
CREATE INDEX IF NOT EXISTS ix_scan_unsynced ON scan (synced, scanned_at);
"""


@dataclass(frozen=True)
class LocalScan:
    scan_id: str
    event_id: int
    ticket_id: int | None
    gate: str
    direction: str  # in | out
    outcome: str  # checkin.Outcome value
    offline: bool
    scanned_at: datetime  # UTC
    staff_id: int | None
    event_seat_id: int = 0  # of the signed claim (0 for GA or a code that is not ours)
    generation: int = 0  # of the signed claim


def default_path(station: str) -> Path:
    """``door/<station>.sqlite3`` in the user data directory (a safe file name)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", station).strip("._") or "station"
    folder = config.data_dir() / "door"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.sqlite3"


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat()


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


class StationStore:
    """The local file; safe to share between the GUI's worker threads (one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigurationError(
                _("Cannot open the door station file {path}: {exc}").format(path=path, exc=exc)
            ) from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # -- the door list -------------------------------------------------------------------

    def replace_snapshot(self, snap: EventSnapshot) -> None:
        """Store *snap* in place of the event's previous list, all at once."""
        with self._tx() as c:
            c.execute("DELETE FROM listed_ticket WHERE event_id = ?", (snap.event_id,))
            c.execute(
                "INSERT OR REPLACE INTO event VALUES (?, ?, ?, ?, ?, ?)",
                (
                    snap.event_id,
                    snap.title,
                    snap.status,
                    int(snap.allow_reentry),
                    snap.max_ticket_id,
                    _iso(snap.taken_at),
                ),
            )
            c.executemany(
                "INSERT OR REPLACE INTO listed_ticket VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        t.ticket_id,
                        snap.event_id,
                        t.event_seat_id,
                        t.generation,
                        t.status,
                        t.reference,
                        t.seat_label,
                        t.tier,
                    )
                    for t in snap.tickets
                ),
            )

    def event(self, event_id: int) -> LocalEvent | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, title, status, allow_reentry, max_ticket_id FROM event WHERE id = ?",
                (event_id,),
            ).fetchone()
        if row is None:
            return None
        return LocalEvent(int(row[0]), row[1], row[2], bool(row[3]), int(row[4]))

    def downloaded_at(self, event_id: int) -> datetime | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT taken_at FROM event WHERE id = ?", (event_id,)
            ).fetchone()
        return _when(row[0]) if row else None

    def ticket(self, ticket_id: int) -> LocalTicket | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, event_seat_id, generation, status, reference, seat_label, tier "
                "FROM listed_ticket WHERE id = ?",
                (ticket_id,),
            ).fetchone()
        return LocalTicket(*row) if row else None

    def ticket_count(self, event_id: int) -> int:
        with self._lock:
            return int(
                self._conn.execute(
                    "SELECT count(*) FROM listed_ticket WHERE event_id = ?", (event_id,)
                ).fetchone()[0]
            )

    # -- scans -----------------------------------------------------------------------------

    def last_direction(self, ticket_id: int) -> str | None:
        """``in`` or ``out``: this station's last admission or exit of the ticket."""
        with self._lock:
            row = self._conn.execute(
                "SELECT direction FROM scan WHERE ticket_id = ? AND outcome IN "
                "('admitted', 'left') ORDER BY scanned_at DESC, rowid DESC LIMIT 1",
                (ticket_id,),
            ).fetchone()
        return str(row[0]) if row else None

    def record(self, scan: LocalScan, synced: bool, ticket_status: str | None = None) -> None:
        """Keep *scan* (and, if given, the ticket's new status in the local list)."""
        with self._tx() as c:
            c.execute(
                "INSERT OR IGNORE INTO scan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    scan.scan_id,
                    scan.event_id,
                    scan.ticket_id,
                    scan.gate,
                    scan.direction,
                    scan.outcome,
                    int(scan.offline),
                    _iso(scan.scanned_at),
                    scan.staff_id,
                    scan.event_seat_id,
                    scan.generation,
                    int(synced),
                ),
            )
            if ticket_status is not None and scan.ticket_id is not None:
                c.execute(
                    "UPDATE listed_ticket SET status = ? WHERE id = ?",
                    (ticket_status, scan.ticket_id),
                )

    def unsynced(self, limit: int = 500) -> list[LocalScan]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT scan_id, event_id, ticket_id, gate, direction, outcome, offline, "
                "scanned_at, staff_id, event_seat_id, generation FROM scan WHERE synced = 0 "
                "ORDER BY scanned_at, rowid LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            LocalScan(
                r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), _when(r[7]), r[8], r[9], r[10]
            )
            for r in rows
        ]

    def pending_count(self) -> int:
        with self._lock:
            return int(
                self._conn.execute("SELECT count(*) FROM scan WHERE synced = 0").fetchone()[0]
            )

    def mark_synced(self, scan_ids: Iterable[str]) -> None:
        with self._tx() as c:
            c.executemany("UPDATE scan SET synced = 1 WHERE scan_id = ?", ((i,) for i in scan_ids))
