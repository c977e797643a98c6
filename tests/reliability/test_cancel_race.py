"""A sale paying while its event is cancelled (issue 13.1).

The card terminal takes seconds; a manager cancels the event in that time. The cancellation
refunds every booking it can see; the checkout must then be refused and its authorisation
voided, never commit a charged booking on a cancelled event that nobody refunds.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Payment, Ticket
from boxoffice.domain.errors import SalesClosed
from boxoffice.domain.tender import CardTender
from boxoffice.services.events import editor
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.gateway import (
    CardData,
    GatewayResult,
    OfflineTestGateway,
    use_gateway,
)
from tests.services.sales_support import make_seated_event, make_staff


class PausingGateway(OfflineTestGateway):
    """The offline gateway, but an authorisation waits until the test lets it answer (a real
    terminal takes seconds) and voids are recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.authorising = threading.Event()
        self.answer = threading.Event()
        self.approved: list[str] = []
        self.voided: list[str] = []

    def authorize(self, amount: Decimal, card: CardData, idempotency_key: str) -> GatewayResult:
        self.authorising.set()
        assert self.answer.wait(30), "the test never let the terminal answer"
        result = super().authorize(amount, card, idempotency_key)
        if result.approved:
            self.approved.append(result.ref)
        return result

    def void(self, ref: str) -> None:
        self.voided.append(ref)
        super().void(ref)


def _card(amount: Decimal) -> list[CardTender]:
    return [CardTender(amount, "4242424242424242", 12, date.today().year + 2, "123", "A Holder")]


@pytest.mark.mysql
@pytest.mark.parametrize("db_url", ["mysql"], indirect=True)  # SQLite serialises the two writers
def test_cancelling_the_event_while_a_card_pays_refuses_the_sale_and_voids_it(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    gateway = PausingGateway()
    previous = use_gateway(gateway)
    outcome: list[object] = []

    def desk() -> None:
        try:
            outcome.append(
                checkout.checkout(db, staff.clerk, hold.hold_id, _card(hold.total), "race-1")
            )
        except Exception as exc:  # the desk's answer, checked below
            outcome.append(exc)

    thread = threading.Thread(target=desk)
    try:
        thread.start()
        assert gateway.authorising.wait(30)
        # The card is at the terminal: the manager cancels the event meanwhile.
        editor.cancel_event(db, staff.manager, ev.id, "Storm")
        gateway.answer.set()
        thread.join(60)
        assert not thread.is_alive()
    finally:
        gateway.answer.set()
        use_gateway(previous)

    assert len(outcome) == 1
    assert isinstance(outcome[0], SalesClosed), outcome[0]
    assert "cancelled" in str(outcome[0])
    # Nothing sold on the cancelled event, and the money taken at the terminal was given back.
    counts = db.run(
        lambda s: (
            s.scalar(select(func.count()).select_from(Booking).where(Booking.event_id == ev.id)),
            s.scalar(select(func.count()).select_from(Ticket).where(Ticket.event_id == ev.id)),
            s.scalar(select(func.count()).select_from(Payment)),
            s.scalar(select(Event.status).where(Event.id == ev.id)),
        )
    )
    assert counts == (0, 0, 0, "cancelled")
    assert gateway.approved and gateway.voided == gateway.approved
