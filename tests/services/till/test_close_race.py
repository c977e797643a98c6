"""Two closes of one till at the same moment (two desks, the real server): exactly one wins,
the other is told it was already closed; a sale racing the close is counted or refused, never
written into a closed session."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import pytest

from boxoffice.db.database import Database
from boxoffice.db.models import TillMovement, TillSession
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict, PaymentError
from boxoffice.services.till import close_session, open_session
from tests.rows import rows_where
from tests.services.payment_helpers import World, make_world
from tests.services.till.support import FLOAT, MANAGER_PASSWORD, require_till, sell_cash


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


def _at_once(*jobs: Callable[[], object]) -> tuple[list[object], list[Exception]]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = []
    errors: list[Exception] = []

    def run(job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results.append(job())
        except Exception as exc:  # collected: the assertions name it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_closes_at_once_one_wins(world: World) -> None:
    view = open_session(world.db, world.clerk, FLOAT)
    manager_here = replace(world.manager, desk=world.clerk.desk)

    def close_by(actor: Actor) -> Callable[[], object]:
        return lambda: close_session(world.db, actor, view.id, FLOAT, "", "maya", MANAGER_PASSWORD)

    results, errors = _at_once(close_by(world.clerk), close_by(manager_here))
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert "already closed" in errors[0].message
    [row] = rows_where(world.db, TillSession)
    assert row.status == "closed" and row.counted_amount == row.float_amount


@pytest.mark.parametrize("round_", range(3))
def test_a_sale_racing_the_close_is_counted_or_refused(world: World, round_: int) -> None:
    require_till(world, reason_above="1000.00")
    view = open_session(world.db, world.clerk, FLOAT)
    _results, errors = _at_once(
        lambda: sell_cash(world, "10.00"),
        lambda: close_session(world.db, world.clerk, view.id, FLOAT, "", "maya", MANAGER_PASSWORD),
    )
    assert all(isinstance(e, PaymentError) for e in errors), errors
    [row] = rows_where(world.db, TillSession)
    moved = sum(m.amount for m in rows_where(world.db, TillMovement))
    assert row.status == "closed"
    # Whatever was recorded against the session was counted by its close.
    assert row.expected_amount == row.float_amount + moved
