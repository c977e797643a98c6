"""The server side of the door: an online scan, and the upload of a station's offline scans.

Every scan lands in ``door_scan`` once, keyed by the station's own scan id, so a station that
uploads again after a lost reply writes nothing twice. An offline admission is confirmed at
upload by the same conditional UPDATE as an online one (:func:`inventory.mark_used`); when it
loses (the ticket was admitted at another door meanwhile, cancelled or reissued) the scan is
kept and flagged as a conflict for the managers, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import DoorScan, Event, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import TicketStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.local_time import format_clock
from boxoffice.services.door.offline_verdict import IN, OUT
from boxoffice.services.door.station_store import LocalScan
from boxoffice.services.sales import inventory
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.checkin import CheckInResult, Outcome
from boxoffice.services.tickets.codes import InvalidCode, SeasonClaim, TicketClaim, decode_any

UPLOAD_BATCH = 500
_MOVES = (Outcome.ADMITTED.value, Outcome.LEFT.value)


@dataclass(frozen=True)
class ScanRequest:
    scan_id: str  # the station's UUID for this scan
    station: str
    gate: str
    event_id: int
    code: str
    direction: str = IN


@dataclass(frozen=True)
class UploadConflict:
    scan_id: str
    ticket_id: int
    note: str


@dataclass(frozen=True)
class UploadReport:
    written: int
    already_there: int
    conflicts: tuple[UploadConflict, ...]


def last_direction(s: Session, ticket_id: int) -> str | None:
    """``in`` or ``out``: the ticket's last admission or exit at any door, or None."""
    row = s.execute(
        select(DoorScan.direction)
        .where(DoorScan.ticket_id == ticket_id, DoorScan.outcome.in_(_MOVES))
        .order_by(DoorScan.scanned_at.desc(), DoorScan.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if row is None else str(row)


def _allows_reentry(s: Session, event_id: int) -> bool:
    return bool(s.scalar(select(Event.allow_reentry).where(Event.id == event_id)))


def _online_verdict(
    s: Session, actor: Actor, claim: TicketClaim, req: ScanRequest
) -> CheckInResult:
    if req.direction == IN:
        result = checkin.judge(s, claim, req.event_id, True, actor)
        if (
            result.outcome is Outcome.ALREADY_USED
            and _allows_reentry(s, req.event_id)
            and last_direction(s, claim.ticket_id) == OUT
        ):
            return replace(result, outcome=Outcome.ADMITTED, message=_("Welcome back (re-entry)."))
        return result
    result = checkin.judge(s, claim, req.event_id, False, actor)
    if result.outcome is Outcome.VALID:
        return replace(result, outcome=Outcome.NOT_INSIDE, message=_("Not inside: not admitted."))
    if result.outcome is not Outcome.ALREADY_USED:
        return result
    if not _allows_reentry(s, req.event_id):
        return replace(
            result,
            outcome=Outcome.NO_REENTRY,
            message=_("This event has no re-entry: do not scan out."),
        )
    if last_direction(s, claim.ticket_id) == OUT:
        return replace(result, outcome=Outcome.NOT_INSIDE, message=_("Not inside: already out."))
    return replace(result, outcome=Outcome.LEFT, message=_("Left — scan in again to come back."))


def _row(actor: Actor, scan: LocalScan, station: str, conflict: bool, note: str) -> dict[str, Any]:
    return {
        "scan_id": scan.scan_id,
        "station": station[:64],
        "gate": scan.gate[:64],
        "event_id": scan.event_id,
        "ticket_id": scan.ticket_id,
        "direction": scan.direction,
        "outcome": scan.outcome,
        "offline": scan.offline,
        "conflict": conflict,
        "note": note[:200],
        "staff_id": scan.staff_id if scan.staff_id is not None else actor.user_id,
        "scanned_at": scan.scanned_at,
        "recorded_at": utcnow(),
    }


def scan_online(
    db: Database,
    actor: Actor,
    req: ScanRequest,
    keys: keyring.KeySet | None = None,
    attempts: int = 8,
) -> tuple[CheckInResult, LocalScan]:
    """Scan *req* at a door with the database: judge, admit or let out, record, audit — one
    transaction. Returns the verdict and the scan as recorded (for the station's own file).

    No attendance count here: counting an event's tickets costs more than the scan itself on a
    large event, so the door screen refreshes it apart, at most one count at a time."""
    actor.require(Permission.CHECK_IN)
    try:
        read: TicketClaim | SeasonClaim | None = decode_any(req.code, keys)
        forged = ""
    except InvalidCode as exc:
        read, forged = None, exc.message
    now = utcnow()

    def work(s: Session) -> tuple[CheckInResult, LocalScan]:
        earlier = s.execute(select(DoorScan).where(DoorScan.scan_id == req.scan_id)).scalar()
        if earlier is not None:  # a retry after the reply to a committed scan was lost
            return _as_recorded(earlier)
        # A season card stands for this event's ticket of its package sale (online only:
        # the station's offline snapshot knows tickets, not package sales).
        found = (
            checkin.season_ticket(s, read, req.event_id) if isinstance(read, SeasonClaim) else read
        )
        claim = found if isinstance(found, TicketClaim) else None
        if isinstance(found, CheckInResult):
            result = found
        elif claim is None:
            result = CheckInResult(Outcome.FORGED, forged)
        else:
            result = _online_verdict(s, actor, claim, req)
        scan = LocalScan(
            scan_id=req.scan_id,
            event_id=req.event_id,
            ticket_id=claim.ticket_id if claim else None,
            gate=req.gate,
            direction=req.direction,
            outcome=result.outcome.value,
            offline=False,
            scanned_at=now,
            staff_id=actor.user_id,
            event_seat_id=claim.event_seat_id if claim else 0,
            generation=claim.generation if claim else 0,
        )
        s.execute(insert(DoorScan).values(_row(actor, scan, req.station, False, "")))
        action = {IN: "ticket.check_in", OUT: "ticket.check_out"}.get(req.direction, "door")
        audit.record(
            s,
            actor,
            action if result.ok else f"{action}_rejected",
            "ticket",
            scan.ticket_id,
            outcome=result.outcome.value,
            event_id=req.event_id,
            gate=req.gate,
        )
        return result, scan

    return db.run(work, attempts=attempts)


def _as_recorded(row: DoorScan) -> tuple[CheckInResult, LocalScan]:
    outcome = Outcome(row.outcome)
    result = CheckInResult(
        outcome,
        _("Already recorded: {replace}.").format(replace=outcome.value.replace("_", " ")),
        row.ticket_id,
    )
    scan = LocalScan(
        scan_id=row.scan_id,
        event_id=row.event_id,
        ticket_id=row.ticket_id,
        gate=row.gate,
        direction=row.direction,
        outcome=row.outcome,
        offline=row.offline,
        scanned_at=row.scanned_at,
        staff_id=row.staff_id,
    )
    return result, scan


def ping(db: Database, actor: Actor, attempts: int = 8) -> None:
    """One round trip: raises DatabaseUnavailable if the server cannot be reached."""
    actor.require(Permission.CHECK_IN)
    db.run(lambda s: s.execute(select(1)).scalar(), attempts=attempts)


def _describe_loss(s: Session, scan: LocalScan) -> str:
    """Why an offline admission could not be confirmed: who admitted the ticket first."""
    assert scan.ticket_id is not None
    ticket = s.execute(
        select(Ticket.status, Ticket.code_generation, Ticket.checked_in_at).where(
            Ticket.id == scan.ticket_id
        )
    ).one_or_none()
    if ticket is None:
        return _("Unknown ticket.")
    status, generation, checked_in_at = ticket
    if status == TicketStatus.CANCELLED.value:
        return _("Admitted offline, but the ticket was cancelled.")
    if generation != scan.generation:
        return _("Admitted offline with a code that was reissued.")
    first = s.execute(
        select(DoorScan.station, DoorScan.gate, DoorScan.scanned_at)
        .where(
            DoorScan.ticket_id == scan.ticket_id,
            DoorScan.direction == IN,
            DoorScan.outcome == Outcome.ADMITTED.value,
        )
        .order_by(DoorScan.scanned_at, DoorScan.id)
        .limit(1)
    ).one_or_none()
    if first is not None:
        station, gate, at = first
        return _("Also admitted at {value} ({station}) at {format_clock}.").format(
            value=gate or station, station=station, format_clock=format_clock(at)
        )
    when = format_clock(checked_in_at) if checked_in_at else _("an earlier scan")
    return _("Already admitted at {when}.").format(when=when)


def _upload_batch(
    s: Session, actor: Actor, station: str, scans: Sequence[LocalScan]
) -> UploadReport:
    ids = [scan.scan_id for scan in scans]
    there = set(s.scalars(select(DoorScan.scan_id).where(DoorScan.scan_id.in_(ids))))
    conflicts: list[UploadConflict] = []
    rows: list[dict[str, Any]] = []  # inserted together; flushed before reading door_scan
    written = 0

    def flush() -> None:
        if rows:
            s.execute(insert(DoorScan), rows)
            rows.clear()

    for scan in sorted(scans, key=lambda sc: sc.scanned_at):
        if scan.scan_id in there:
            continue
        there.add(scan.scan_id)
        conflict, note = False, ""
        admitted = scan.direction == IN and scan.outcome == Outcome.ADMITTED.value
        if admitted and scan.offline and scan.ticket_id is not None:
            won = inventory.mark_used(
                s,
                scan.ticket_id,
                scan.event_id,
                scan.event_seat_id,
                scan.generation,
                at=scan.scanned_at,
                by=scan.staff_id,
            )
            if not won:
                flush()
                reentry = (
                    _allows_reentry(s, scan.event_id) and last_direction(s, scan.ticket_id) == OUT
                )
                if not reentry:
                    conflict, note = True, _describe_loss(s, scan)
                    conflicts.append(UploadConflict(scan.scan_id, scan.ticket_id, note))
                    audit.record(
                        s,
                        actor,
                        "door.conflict",
                        "ticket",
                        scan.ticket_id,
                        station=station,
                        gate=scan.gate,
                        scanned_at=scan.scanned_at,
                        note=note,
                    )
        rows.append(_row(actor, scan, station, conflict, note))
        written += 1
    flush()
    return UploadReport(written, len(scans) - written, tuple(conflicts))


def upload(
    db: Database, actor: Actor, station: str, scans: Sequence[LocalScan], attempts: int = 8
) -> UploadReport:
    """Write a station's scans (at most :data:`UPLOAD_BATCH`) once, in one transaction.

    Scans already uploaded are skipped, so repeating an upload whose reply was lost is safe.
    """
    actor.require(Permission.CHECK_IN)
    if len(scans) > UPLOAD_BATCH:
        raise ValueError(
            _("upload at most {UPLOAD_BATCH} scans at a time").format(UPLOAD_BATCH=UPLOAD_BATCH)
        )
    if not scans:
        return UploadReport(0, 0, ())
    try:
        return db.run(lambda s: _upload_batch(s, actor, station, scans), attempts=attempts)
    except IntegrityError:
        # The same scans uploaded at the same moment by a second call: the rerun skips them.
        return db.run(lambda s: _upload_batch(s, actor, station, scans), attempts=attempts)
