"""For managers: live counts per gate, how many are inside now, and the door conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, DoorScan, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Permission
from boxoffice.services.door.offline_verdict import IN, OUT
from boxoffice.services.tickets.checkin import Outcome


@dataclass(frozen=True)
class GateCount:
    gate: str
    admitted: int  # admissions (re-entries included)
    left: int
    rejected: int


@dataclass(frozen=True)
class GateReport:
    gates: tuple[GateCount, ...]
    inside_now: int
    conflicts: int


@dataclass(frozen=True)
class DoorConflict:
    """An offline admission the database could not confirm (a second entry on one ticket)."""

    ticket_id: int
    reference: str
    station: str
    gate: str
    scanned_at: datetime
    note: str


def _report(s: Session, event_id: int) -> GateReport:
    rows = s.execute(
        select(DoorScan.gate, DoorScan.direction, DoorScan.outcome, func.count())
        .where(DoorScan.event_id == event_id)
        .group_by(DoorScan.gate, DoorScan.direction, DoorScan.outcome)
    ).all()
    per_gate: dict[str, list[int]] = {}
    for gate, direction, outcome, count in rows:
        counts = per_gate.setdefault(gate, [0, 0, 0])
        if direction == IN and outcome == Outcome.ADMITTED.value:
            counts[0] += count
        elif direction == OUT and outcome == Outcome.LEFT.value:
            counts[1] += count
        else:
            counts[2] += count
    gates = tuple(GateCount(g, *per_gate[g]) for g in sorted(per_gate))
    conflicts = int(
        s.scalar(
            select(func.count()).where(DoorScan.event_id == event_id, DoorScan.conflict.is_(True))
        )
        or 0
    )
    # A conflicting admission let a second person in: they are inside too.
    inside = sum(g.admitted for g in gates) - sum(g.left for g in gates)
    return GateReport(gates, max(inside, 0), conflicts)


def gate_report(db: Database, actor: Actor, event_id: int) -> GateReport:
    """Admitted, left and rejected per gate; inside now; conflicts (one grouped read)."""
    actor.require(Permission.VIEW_REPORTS)
    return db.run(lambda s: _report(s, event_id))


def _conflicts(s: Session, event_id: int) -> list[DoorConflict]:
    rows = s.execute(
        select(
            DoorScan.ticket_id,
            Booking.reference,
            DoorScan.station,
            DoorScan.gate,
            DoorScan.scanned_at,
            DoorScan.note,
        )
        .outerjoin(Ticket, Ticket.id == DoorScan.ticket_id)
        .outerjoin(Booking, Booking.id == Ticket.booking_id)
        .where(DoorScan.event_id == event_id, DoorScan.conflict.is_(True))
        .order_by(DoorScan.scanned_at, DoorScan.id)
    ).all()
    return [
        DoorConflict(int(tid or 0), ref or "", station, gate, at, note)
        for tid, ref, station, gate, at, note in rows
    ]


def conflicts(db: Database, actor: Actor, event_id: int) -> list[DoorConflict]:
    """Door conflicts of an event, oldest first."""
    actor.require(Permission.VIEW_REPORTS)
    return db.run(lambda s: _conflicts(s, event_id))


@dataclass(frozen=True)
class DoorOverview:
    report: GateReport
    conflicts: tuple[DoorConflict, ...]


def overview(db: Database, actor: Actor, event_id: int) -> DoorOverview:
    """The managers' door view of an event: counts per gate and the conflicts, one read."""
    actor.require(Permission.VIEW_REPORTS)
    return db.run(lambda s: DoorOverview(_report(s, event_id), tuple(_conflicts(s, event_id))))
