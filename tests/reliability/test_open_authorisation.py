"""A card authorisation never stays open when the database dies at commit (issue 13.7).

The terminal approved the card, then every attempt to commit the sale fails; the clerk closes
the window. The desk noted the authorisation on its disk before committing, so the sweep (run at
start-up and by ``boxoffice payments void-pending``) voids it once no payment row records it, and
leaves it alone when the sale was saved after all (only the reply was lost).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pymysql
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from boxoffice.cli import main
from boxoffice.db.database import Database
from boxoffice.db.models import Booking
from boxoffice.domain.errors import DatabaseUnavailable
from boxoffice.domain.tender import CardTender
from boxoffice.services.sales import holds, pending_auths
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.gateway import (
    CardData,
    GatewayResult,
    OfflineTestGateway,
    use_gateway,
)
from tests.services.sales_support import make_seated_event, make_staff


class RecordingGateway(OfflineTestGateway):
    def __init__(self) -> None:
        super().__init__()
        self.approved: list[str] = []
        self.voided: list[str] = []

    def authorize(self, amount: Decimal, card: CardData, idempotency_key: str) -> GatewayResult:
        result = super().authorize(amount, card, idempotency_key)
        if result.approved:
            self.approved.append(result.ref)
        return result

    def void(self, ref: str) -> None:
        self.voided.append(ref)
        super().void(ref)


@pytest.fixture
def gateway() -> Iterator[RecordingGateway]:
    gw = RecordingGateway()
    previous = use_gateway(gw)
    yield gw
    use_gateway(previous)


@contextmanager
def commits_failing(db: Database, when: str) -> Iterator[None]:
    """Every commit of *db* fails with a dropped connection, before or after the server did it."""

    def drop(session: Session) -> None:
        raise OperationalError("COMMIT", {}, pymysql.err.OperationalError(2013, "Lost connection"))

    listener: Callable[[Session], None] = drop
    event.listen(db.sessions, when, listener)
    try:
        yield
    finally:
        event.remove(db.sessions, when, listener)


def _card(amount: Decimal) -> list[CardTender]:
    return [CardTender(amount, "4242424242424242", 12, date.today().year + 2, "123", "A Holder")]


def _bookings(db: Database) -> int:
    return int(db.run(lambda s: s.scalar(select(func.count()).select_from(Booking))))


def test_an_authorisation_whose_sale_never_committed_is_voided(
    db: Database, gateway: RecordingGateway
) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    with commits_failing(db, "before_commit"), pytest.raises(DatabaseUnavailable) as failed:
        checkout.checkout(db, staff.clerk, hold.hold_id, _card(hold.total), "dies-at-commit")
    assert "cancels the card payment by itself" in failed.value.message
    assert _bookings(db) == 0
    assert gateway.approved and not gateway.voided  # open: the clerk closes the window now
    assert list(pending_auths.folder().glob("*.json"))

    # Too young: a clerk may still press Pay again.
    assert pending_auths.sweep(db, staff.clerk).voided == ()
    result = pending_auths.sweep(db, staff.clerk, timedelta(0))
    assert result.voided == (gateway.approved[-1],)
    assert set(gateway.voided) == set(gateway.approved)
    assert not list(pending_auths.folder().glob("*.json"))


def test_an_authorisation_whose_sale_was_saved_is_kept(
    db: Database, db_url: str, gateway: RecordingGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    with commits_failing(db, "after_commit"), pytest.raises(DatabaseUnavailable):
        checkout.checkout(db, staff.clerk, hold.hold_id, _card(hold.total), "saved-after-all")
    assert _bookings(db) == 1
    assert main(["--database-url", db_url, "payments", "void-pending", "--older-than", "0"]) == 0
    assert "Voided 0 card authorisations of unsaved sales; 1 saved sale confirmed." in (
        capsys.readouterr().out
    )
    assert gateway.voided == []
    assert not list(pending_auths.folder().glob("*.json"))


def test_a_sale_that_commits_leaves_no_note(db: Database, gateway: RecordingGateway) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    checkout.checkout(db, staff.clerk, hold.hold_id, _card(hold.total), "fine")
    assert gateway.approved and not list(pending_auths.folder().glob("*.json"))
