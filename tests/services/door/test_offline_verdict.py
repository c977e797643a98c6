"""The offline verdict: the door list and the station's own scans decide, as the database would."""

from __future__ import annotations

import pytest

from boxoffice.services.door.offline_verdict import IN, OUT, LocalEvent, LocalTicket, judge
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import TicketClaim

EVENT = LocalEvent(7, "Gala", "scheduled", allow_reentry=False, max_ticket_id=100)
REENTRY = LocalEvent(7, "Gala", "scheduled", allow_reentry=True, max_ticket_id=100)


def _claim(ticket_id: int = 5, event_id: int = 7, seat: int = 40, gen: int = 1) -> TicketClaim:
    return TicketClaim(ticket_id, event_id, seat, gen, "k1")


def _ticket(status: str = "valid", gen: int = 1, seat: int = 40) -> LocalTicket:
    return LocalTicket(5, seat, gen, status, "ABC-1234", "Stalls, row A, seat 1", "Standard")


def test_valid_ticket_is_admitted_once_by_this_station() -> None:
    first = judge(_claim(), EVENT, _ticket(), None)
    assert first.outcome is Outcome.ADMITTED and "offline" in first.message
    assert first.reference == "ABC-1234" and first.seat_label.startswith("Stalls")
    again = judge(_claim(), EVENT, _ticket(), IN)
    assert again.outcome is Outcome.ALREADY_USED


@pytest.mark.parametrize(
    ("claim", "event", "ticket", "outcome"),
    [
        (_claim(event_id=8), EVENT, _ticket(), Outcome.WRONG_EVENT),
        (_claim(), EVENT, _ticket("used"), Outcome.ALREADY_USED),
        (_claim(), EVENT, _ticket("cancelled"), Outcome.CANCELLED),
        (_claim(gen=1), EVENT, _ticket(gen=2), Outcome.REPLACED),
        (_claim(seat=41), EVENT, _ticket(), Outcome.UNKNOWN),
        (_claim(ticket_id=50), EVENT, None, Outcome.UNKNOWN),  # not in the list, id <= max
        (
            _claim(),
            LocalEvent(7, "Gala", "cancelled", False, 100),
            _ticket(),
            Outcome.CANCELLED,
        ),
    ],
)
def test_refusals(
    claim: TicketClaim, event: LocalEvent, ticket: LocalTicket | None, outcome: Outcome
) -> None:
    result = judge(claim, event, ticket, None)
    assert result.outcome is outcome and not result.ok


def test_ticket_sold_after_the_download_is_admitted() -> None:
    result = judge(_claim(ticket_id=101), EVENT, None, None)
    assert result.outcome is Outcome.ADMITTED
    assert "after the last download" in result.seat_label


def test_reissued_after_the_download_admits_the_newer_code() -> None:
    assert judge(_claim(gen=2), EVENT, _ticket(gen=1), None).outcome is Outcome.ADMITTED


def test_out_and_back_in_when_the_event_allows_reentry() -> None:
    assert judge(_claim(), EVENT, _ticket(), IN, OUT).outcome is Outcome.NO_REENTRY
    assert judge(_claim(), REENTRY, _ticket(), None, OUT).outcome is Outcome.NOT_INSIDE
    left = judge(_claim(), REENTRY, _ticket(), IN, OUT)
    assert left.outcome is Outcome.LEFT and left.ok
    assert judge(_claim(), REENTRY, _ticket(), OUT, OUT).outcome is Outcome.NOT_INSIDE
    back = judge(_claim(), REENTRY, _ticket("used"), OUT, IN)
    assert back.outcome is Outcome.ADMITTED and "re-entry" in back.message
    # Without re-entry, a ticket that went out (recorded before) is still used.
    assert judge(_claim(), EVENT, _ticket("used"), OUT, IN).outcome is Outcome.ALREADY_USED
