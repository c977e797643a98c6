"""Checking tickets in at the door: verify the code, then mark the ticket used exactly once.

The signature is checked first (offline, no database). The database then decides, with one
conditional UPDATE ``status 'valid' -> 'used'`` (:func:`inventory.mark_used`) whose row count
says whether *this* scan won: two doors scanning the same ticket at the same moment get one
success and one "already used". Every scan, admitted or not, is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, PackageSale, Ticket, Venue
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import EventStatus, TicketStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.local_time import format_clock, format_when
from boxoffice.services.sales import inventory
from boxoffice.services.tickets.codes import (
    SEASON_CARD,
    InvalidCode,
    SeasonClaim,
    TicketClaim,
    decode_any,
)
from boxoffice.services.tickets.place import PLACE_COLUMNS, with_place


class Outcome(StrEnum):
    ADMITTED = "admitted"
    VALID = "valid"  # verify only: would be admitted
    FORGED = "forged"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"
    ALREADY_USED = "already_used"
    WRONG_EVENT = "wrong_event"
    REPLACED = "replaced"  # an older code of a reissued ticket
    LEFT = "left"  # scanned out at a door of an event that allows re-entry
    NOT_INSIDE = "not_inside"  # scanned out, but not admitted (or already out)
    NO_REENTRY = "no_reentry"  # scanned out at an event without re-entry


@dataclass(frozen=True)
class Attendance:
    checked_in: int
    sold: int


@dataclass(frozen=True)
class CheckInResult:
    """What the door screen shows: a verdict, its reason, and the ticket if we know it."""

    outcome: Outcome
    message: str
    ticket_id: int | None = None
    event_id: int | None = None
    event_title: str = ""
    seat_label: str = ""
    tier: str = ""
    reference: str = ""
    used_at: datetime | None = None
    attendance: Attendance | None = None  # of the chosen event, after this scan

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.ADMITTED, Outcome.VALID, Outcome.LEFT)


@dataclass(frozen=True)
class CheckInEvent:
    id: int
    title: str
    venue: str
    starts_at: datetime
    ends_at: datetime

    @property
    def label(self) -> str:
        return f"{format_when(self.starts_at)} · {self.title} · {self.venue}"


@dataclass(frozen=True)
class _Found:
    ticket: Ticket
    event_title: str
    reference: str
    seat_label: str
    tier: str


def _find(s: Session, ticket_id: int) -> _Found | None:
    # No locking read needed: MySQL runs READ COMMITTED (engine.py), so this statement sees
    # the scan that just beat our UPDATE; SQLite serialises writers (BEGIN IMMEDIATE).
    query = (
        with_place(select(Ticket, Event.title, *PLACE_COLUMNS))
        .join(Event, Event.id == Ticket.event_id)
        .where(Ticket.id == ticket_id)
    )
    row = s.execute(query).one_or_none()
    if row is None:
        return None
    ticket, title, reference, section, row_label, number, tier = row
    seat = (
        _("General admission")
        if ticket.event_seat_id is None
        else (
            _("{section}, row {row_label}, seat {number}").format(
                section=section, row_label=row_label, number=number
            )
        )
    )
    return _Found(ticket, title, reference, seat, tier)


def count_attendance(s: Session, event_id: int) -> Attendance:
    counts = dict(
        s.execute(
            select(Ticket.status, func.count())
            .where(
                Ticket.event_id == event_id,
                Ticket.status.in_([TicketStatus.VALID.value, TicketStatus.USED.value]),
            )
            .group_by(Ticket.status)
        ).all()
    )
    used = int(counts.get(TicketStatus.USED.value, 0))
    return Attendance(checked_in=used, sold=used + int(counts.get(TicketStatus.VALID.value, 0)))


def judge(
    s: Session, claim: TicketClaim, event_id: int | None, admit: bool, actor: Actor
) -> CheckInResult:
    """The verdict for a correctly signed claim, inside the transaction (the door stations'
    online scan shares it)."""
    if admit and (event_id is None or event_id == claim.event_id):
        now = utcnow()
        won = inventory.mark_used(
            s,
            claim.ticket_id,
            claim.event_id,
            claim.event_seat_id,
            claim.generation,
            at=now,
            by=actor.user_id,
        )
        if won:
            found = _find(s, claim.ticket_id)
            assert found is not None
            return _result(Outcome.ADMITTED, _("Admitted — welcome!"), found, used_at=now)
    found = _find(s, claim.ticket_id)
    if found is None:
        return CheckInResult(
            Outcome.UNKNOWN, _("Unknown ticket: no such ticket in this box office.")
        )
    t = found.ticket
    if t.event_id != claim.event_id or (t.event_seat_id or 0) != claim.event_seat_id:
        return CheckInResult(
            Outcome.UNKNOWN, _("Unknown ticket: the code does not match our records.")
        )
    if event_id is not None and t.event_id != event_id:
        return _result(
            Outcome.WRONG_EVENT,
            _("Wrong event: this ticket is for {event_title}.").format(
                event_title=found.event_title
            ),
            found,
        )
    if t.status == TicketStatus.CANCELLED.value:
        return _result(Outcome.CANCELLED, _("Cancelled ticket: the booking was cancelled."), found)
    if t.code_generation != claim.generation:
        return _result(
            Outcome.REPLACED,
            _("Replaced code: this ticket was reissued; the old code is void."),
            found,
        )
    if t.status == TicketStatus.USED.value:
        when = format_clock(t.checked_in_at) if t.checked_in_at else _("an earlier scan")
        return _result(
            Outcome.ALREADY_USED,
            _("Already used at {when}.").format(when=when),
            found,
            used_at=t.checked_in_at,
        )
    event_status = s.scalar(select(Event.status).where(Event.id == t.event_id))
    if event_status == EventStatus.CANCELLED.value:
        return _result(Outcome.CANCELLED, _("Cancelled event."), found)
    return _result(Outcome.VALID, _("Valid ticket (not checked in)."), found)


def season_ticket(
    s: Session, card: SeasonClaim, event_id: int | None
) -> TicketClaim | CheckInResult:
    """The ticket a season card stands for at *event_id*'s door, as the claim its own code
    would make (so :func:`judge` admits it once per event), or the verdict why there is none."""
    if event_id is None:
        return CheckInResult(Outcome.WRONG_EVENT, SEASON_CARD)
    sale = s.get(PackageSale, card.package_sale_id)
    if sale is None or sale.package_id != card.package_id or sale.seat_id != card.seat_id:
        return CheckInResult(
            Outcome.UNKNOWN, "Unknown season card: the code does not match our records."
        )
    # The night's ticket of this sale (an exchanged night is the booking on its new date);
    # a live ticket first, else the cancelled one so the verdict says "cancelled".
    row = s.execute(
        select(Ticket.id, Ticket.event_id, Ticket.event_seat_id, Ticket.code_generation)
        .join(Booking, Booking.id == Ticket.booking_id)
        .where(Booking.package_sale_id == sale.id, Ticket.event_id == event_id)
        .order_by((Ticket.status == TicketStatus.CANCELLED.value).asc(), Ticket.id.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        title = s.scalar(select(Event.title).where(Event.id == event_id)) or str(event_id)
        return CheckInResult(
            Outcome.WRONG_EVENT,
            f"Wrong event: this season card ({sale.reference}) is not valid for {title}.",
            reference=sale.reference,
        )
    ticket_id, ev, seat, generation = row
    return TicketClaim(ticket_id, ev, seat or 0, generation, card.key_id)


def _result(
    outcome: Outcome, message: str, found: _Found, used_at: datetime | None = None
) -> CheckInResult:
    t = found.ticket
    return CheckInResult(
        outcome=outcome,
        message=message,
        ticket_id=t.id,
        event_id=t.event_id,
        event_title=found.event_title,
        seat_label=found.seat_label,
        tier=found.tier,
        reference=found.reference,
        used_at=used_at,
    )


def _scan(
    db: Database, actor: Actor, code: str, event_id: int | None, admit: bool
) -> CheckInResult:
    try:
        claim: TicketClaim | SeasonClaim | None = decode_any(code)
        forged = ""
    except InvalidCode as exc:
        claim, forged = None, exc.message

    def work(s: Session) -> CheckInResult:
        ticket = season_ticket(s, claim, event_id) if isinstance(claim, SeasonClaim) else claim
        if ticket is None:
            result = CheckInResult(Outcome.FORGED, forged)
        elif isinstance(ticket, CheckInResult):
            result = ticket
        else:
            result = judge(s, ticket, event_id, admit, actor)
        if admit:
            audit.record(
                s,
                actor,
                "ticket.check_in" if result.ok else "ticket.check_in_rejected",
                "ticket",
                result.ticket_id,
                outcome=result.outcome.value,
                event_id=event_id,
            )
        counted = event_id if event_id is not None else result.event_id
        if counted is not None:
            result = replace(result, attendance=count_attendance(s, counted))
        return result

    # Admitting is a write: a retry after a lost reply must say 'admitted', not 'already used'.
    return db.run(once(work) if admit else work)


def check_in(db: Database, actor: Actor, code: str, event_id: int | None = None) -> CheckInResult:
    """Admit the holder of *code* (at *event_id*'s door, if given): valid once, audited.

    Never raises for a bad ticket: the verdict and its reason are in the result.
    """
    actor.require(Permission.CHECK_IN)
    return _scan(db, actor, code, event_id, admit=True)


def verify_code(
    db: Database, actor: Actor, code: str, event_id: int | None = None
) -> CheckInResult:
    """What a scan of *code* would say, without admitting anyone (outcome VALID if good)."""
    actor.require(Permission.CHECK_IN)
    return _scan(db, actor, code, event_id, admit=False)


def attendance(db: Database, actor: Actor, event_id: int) -> Attendance:
    """Checked in / sold for an event."""
    actor.require(Permission.CHECK_IN)
    return db.run(lambda s: count_attendance(s, event_id))


def checkin_events(
    db: Database, actor: Actor, now: datetime | None = None, days_ahead: int = 366
) -> list[CheckInEvent]:
    """Events a door might be checking in: started up to a day ago, or coming within a year
    (a month's window dropped January's events from a list read in December)."""
    actor.require(Permission.CHECK_IN)
    now = now or utcnow()

    def work(s: Session) -> list[CheckInEvent]:
        rows = s.execute(
            select(Event.id, Event.title, Venue.name, Event.starts_at, Event.ends_at)
            .join(Venue, Venue.id == Event.venue_id)
            .where(
                Event.status == EventStatus.SCHEDULED.value,
                Event.starts_at >= now - timedelta(days=1),
                Event.starts_at <= now + timedelta(days=days_ahead),
            )
            .order_by(Event.starts_at, Event.id)
            .limit(500)
        ).all()
        return [CheckInEvent(*row) for row in rows]

    return db.run(work)


def event_title(db: Database, actor: Actor, event_id: int) -> str:
    actor.require(Permission.CHECK_IN)
    title = db.run(lambda s: s.scalar(select(Event.title).where(Event.id == event_id)))
    if title is None:
        raise NotFound(_("There is no event {event_id}.").format(event_id=event_id))
    return str(title)
