"""The verdict for a scan when the database is away: the signed code, the event's downloaded
list and this station's own scans decide. Pure functions; no database, no file."""

from __future__ import annotations

from dataclasses import dataclass

from boxoffice.domain.status import EventStatus, TicketStatus
from boxoffice.i18n import _
from boxoffice.services.tickets.checkin import CheckInResult, Outcome
from boxoffice.services.tickets.codes import TicketClaim

IN = "in"
OUT = "out"


@dataclass(frozen=True)
class LocalEvent:
    event_id: int
    title: str
    status: str
    allow_reentry: bool
    max_ticket_id: int


@dataclass(frozen=True)
class LocalTicket:
    ticket_id: int
    event_seat_id: int
    generation: int
    status: str
    reference: str
    seat_label: str
    tier: str


def _result(
    outcome: Outcome, message: str, event: LocalEvent, claim: TicketClaim, t: LocalTicket | None
) -> CheckInResult:
    return CheckInResult(
        outcome=outcome,
        message=message,
        ticket_id=claim.ticket_id,
        event_id=claim.event_id,
        event_title=event.title if claim.event_id == event.event_id else "",
        seat_label=t.seat_label if t else "",
        tier=t.tier if t else "",
        reference=t.reference if t else "",
    )


def judge(
    claim: TicketClaim,
    event: LocalEvent,
    ticket: LocalTicket | None,
    last_direction: str | None,
    direction: str = IN,
) -> CheckInResult:
    """What this door says about a correctly signed *claim* at *event*'s door.

    *ticket* is the downloaded row (None if the list has none); *last_direction* is the last
    admitted ``in`` or ``out`` this station recorded for the ticket (None if it never saw it).
    """
    if claim.event_id != event.event_id:
        return _result(
            Outcome.WRONG_EVENT,
            _("Wrong event: this ticket is for another event."),
            event,
            claim,
            None,
        )
    if event.status == EventStatus.CANCELLED.value:
        return _result(Outcome.CANCELLED, _("Cancelled event."), event, claim, ticket)
    if ticket is None:
        if claim.ticket_id <= event.max_ticket_id:
            return _result(
                Outcome.UNKNOWN,
                _("Unknown ticket: not in this event's door list."),
                event,
                claim,
                None,
            )
        # Signed by us and issued after the list was downloaded: nothing says it is void.
        ticket = LocalTicket(
            claim.ticket_id,
            claim.event_seat_id,
            claim.generation,
            TicketStatus.VALID.value,
            "",
            _("(sold after the last download)"),
            "",
        )
    if ticket.event_seat_id != claim.event_seat_id:
        return _result(
            Outcome.UNKNOWN,
            _("Unknown ticket: the code does not match our records."),
            event,
            claim,
            ticket,
        )
    if ticket.status == TicketStatus.CANCELLED.value:
        return _result(
            Outcome.CANCELLED,
            _("Cancelled ticket: the booking was cancelled."),
            event,
            claim,
            ticket,
        )
    if claim.generation < ticket.generation:
        return _result(
            Outcome.REPLACED,
            _("Replaced code: this ticket was reissued; the old code is void."),
            event,
            claim,
            ticket,
        )
    if direction == OUT:
        return _out(claim, event, ticket, last_direction)
    inside = last_direction == IN or (
        last_direction is None and ticket.status == TicketStatus.USED.value
    )
    if not inside and last_direction == OUT and event.allow_reentry:
        return _result(
            Outcome.ADMITTED, _("Welcome back (re-entry) — offline."), event, claim, ticket
        )
    if inside or ticket.status == TicketStatus.USED.value:
        return _result(
            Outcome.ALREADY_USED, _("Already used (admitted earlier)."), event, claim, ticket
        )
    return _result(Outcome.ADMITTED, _("Admitted — welcome! (offline)"), event, claim, ticket)


def _out(
    claim: TicketClaim, event: LocalEvent, ticket: LocalTicket, last_direction: str | None
) -> CheckInResult:
    if not event.allow_reentry:
        return _result(
            Outcome.NO_REENTRY,
            _("This event has no re-entry: do not scan out."),
            event,
            claim,
            ticket,
        )
    if last_direction == OUT or (
        last_direction is None and ticket.status != TicketStatus.USED.value
    ):
        return _result(
            Outcome.NOT_INSIDE, _("Not inside: this ticket was not admitted."), event, claim, ticket
        )
    return _result(Outcome.LEFT, _("Left — scan in again to come back."), event, claim, ticket)
