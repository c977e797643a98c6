"""One door station: online when it can, offline when it must, syncing on reconnect.

A scan first tries the database (one short attempt). When the database cannot be reached the
station says so, stops asking for a while (``retry_every``) so the queue never waits on a dead
connection, and decides alone from the signed code, the downloaded door list and its own scans.
Every scan is kept in the station's file before the verdict is shown. Reconnecting uploads the
waiting scans first (idempotent), then refreshes the door list.

A scan whose online attempt failed keeps its scan id when it is judged offline: if the server
did commit that attempt (reply lost), the upload finds the id and writes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.domain.status import TicketStatus
from boxoffice.i18n import _
from boxoffice.services.door import offline_verdict, scans, snapshot
from boxoffice.services.door.offline_verdict import IN, OUT
from boxoffice.services.door.station_store import LocalScan, StationStore
from boxoffice.services.tickets.checkin import CheckInResult, Outcome
from boxoffice.services.tickets.codes import InvalidCode, TicketClaim, decode

ONLINE_ATTEMPTS = 2  # one retry for a pooled connection the server dropped; no long waits


@dataclass(frozen=True)
class DoorResult:
    """A verdict as the door shows it, with the station's state after the scan."""

    result: CheckInResult
    offline: bool
    pending: int  # scans waiting for upload


@dataclass
class SyncSummary:
    uploaded: int = 0
    already_there: int = 0
    conflicts: list[scans.UploadConflict] = field(default_factory=list)


class DoorStation:
    """The door logic of one station at one gate for one event (no Qt: the GUI runs it on
    its write thread, tests and the benchmark call it directly)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        store: StationStore,
        *,
        station: str,
        gate: str,
        event_id: int,
        keys: keyring.KeySet | None = None,
        retry_every: timedelta = timedelta(seconds=10),
        refresh_every: timedelta = timedelta(minutes=2),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db, self.actor, self.store = db, actor, store
        self.station, self.gate, self.event_id = station, gate, event_id
        # Loaded once: verifying a code offline needs the key in memory, not the key file.
        self.keys = keys or keyring.load("ticket")
        self.retry_every, self.refresh_every, self.clock = retry_every, refresh_every, clock
        self._online = True
        self._retry_at = clock()
        self._refreshed_at: datetime | None = None
        self.last_sync: SyncSummary | None = None

    @property
    def online(self) -> bool:
        return self._online

    def pending(self) -> int:
        return self.store.pending_count()

    # -- state -----------------------------------------------------------------------------

    def _go_offline(self) -> None:
        self._online = False
        self._retry_at = self.clock() + self.retry_every

    def refresh(self) -> bool:
        """Download the event's door list again; False (and offline) if the server is away."""
        try:
            snap = snapshot.download(self.db, self.actor, self.event_id, attempts=ONLINE_ATTEMPTS)
        except DatabaseUnavailable:
            self._go_offline()
            return False
        self.store.replace_snapshot(snap)
        self._refreshed_at = self.clock()
        return True

    def sync(self) -> SyncSummary:
        """Upload every waiting scan (batches; each committed batch marked synced)."""
        summary = SyncSummary()
        while batch := self.store.unsynced(scans.UPLOAD_BATCH):
            report = scans.upload(
                self.db, self.actor, self.station, batch, attempts=ONLINE_ATTEMPTS
            )
            self.store.mark_synced(s.scan_id for s in batch)
            summary.uploaded += report.written
            summary.already_there += report.already_there
            summary.conflicts.extend(report.conflicts)
        self.last_sync = summary
        return summary

    def reconnect(self, refresh: bool = True) -> bool:
        """Try the server: upload waiting scans, then (if *refresh*) download the list again.
        True once online. Without *refresh* it costs one round trip when nothing waits, so a
        scan may try it; the list of a large event is refreshed apart (:meth:`refresh_due`)."""
        try:
            if not self.sync().uploaded and not refresh:
                scans.ping(self.db, self.actor, attempts=ONLINE_ATTEMPTS)
        except DatabaseUnavailable:
            self._go_offline()
            return False
        if refresh and not self.refresh():
            return False
        self._online = True
        return True

    def refresh_due(self) -> bool:
        """True when this station has not downloaded the list for ``refresh_every``."""
        done = self._refreshed_at
        return done is None or self.clock() - done >= self.refresh_every

    def tick(self, refresh: bool = True) -> None:
        """The periodic duty: retry the server when offline (uploading waiting scans); when
        online and *refresh*, download a stale door list again."""
        if not self._online:
            if self.clock() >= self._retry_at:
                self.reconnect(refresh=False)
            return
        if refresh and self.refresh_due():
            self.refresh()

    # -- scanning --------------------------------------------------------------------------

    def scan(self, code: str, direction: str = IN) -> DoorResult:
        """Judge one scanned code (``in`` or ``out``); the scan is recorded either way."""
        if direction not in (IN, OUT):
            raise ValueError(direction)
        scan_id = str(uuid.uuid4())
        if not self._online and self.clock() >= self._retry_at:
            self.reconnect(refresh=False)  # the queue never waits for a whole list
        if self._online:
            req = scans.ScanRequest(
                scan_id, self.station, self.gate, self.event_id, code, direction
            )
            try:
                result, scan = scans.scan_online(
                    self.db, self.actor, req, self.keys, attempts=ONLINE_ATTEMPTS
                )
            except DatabaseUnavailable:
                self._go_offline()
            else:
                admitted = result.outcome is Outcome.ADMITTED and direction == IN
                self.store.record(
                    scan, synced=True, ticket_status=TicketStatus.USED.value if admitted else None
                )
                return DoorResult(result, offline=False, pending=self.store.pending_count())
        return self._scan_offline(scan_id, code, direction)

    def _scan_offline(self, scan_id: str, code: str, direction: str) -> DoorResult:
        claim: TicketClaim | None = None
        try:
            claim = decode(code, self.keys)
        except InvalidCode as exc:
            result = CheckInResult(Outcome.FORGED, exc.message)
        else:
            event = self.store.event(self.event_id)
            if event is None:
                result = CheckInResult(
                    Outcome.UNKNOWN,
                    _("Offline and no door list was downloaded for this event: cannot check."),
                )
            else:
                result = offline_verdict.judge(
                    claim,
                    event,
                    self.store.ticket(claim.ticket_id),
                    self.store.last_direction(claim.ticket_id),
                    direction,
                )
        scan = LocalScan(
            scan_id=scan_id,
            event_id=self.event_id,
            ticket_id=claim.ticket_id if claim else None,
            gate=self.gate,
            direction=direction,
            outcome=result.outcome.value,
            offline=True,
            scanned_at=self.clock(),
            staff_id=self.actor.user_id,
            event_seat_id=claim.event_seat_id if claim else 0,
            generation=claim.generation if claim else 0,
        )
        # Only the station's own history changes: the local list keeps the server's status,
        # and last_direction() tells this door the ticket is inside.
        self.store.record(scan, synced=False)
        return DoorResult(result, offline=True, pending=self.store.pending_count())
