"""A desk process killed (SIGKILL) in the middle of a checkout leaves no partial booking, and
its held seats come back to sale when the hold runs out, with no job running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, EventSeat, Payment, Ticket
from boxoffice.domain.clock import utcnow
from boxoffice.services.demo import load_demo
from boxoffice.services.sales import holds
from tests.reliability.helpers import demo_actor, seated_event_and_free_seats

DESK = textwrap.dedent(
    """
    import sys, time
    from boxoffice.db.database import Database
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.sales import purchase as checkout
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import inventory
    from tests.reliability.helpers import demo_actor

    url, event_id, seats = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3:]]
    db = Database(url)
    actor = demo_actor(db, desk="doomed-desk")
    hold = holds.hold_seats(db, actor, event_id, seats)

    def stall(session, *args, **kwargs):
        # Inside the checkout transaction, at its last step: seats sold, booking, tickets,
        # payment and audit rows written.
        print("IN-TRANSACTION", hold.hold_id, flush=True)
        time.sleep(120)

    inventory.publish = stall
    checkout.checkout(db, actor, hold.hold_id, [CashTender(hold.total, hold.total)],
                      idempotency_key="killed-desk")
    """
)


def test_sigkill_mid_checkout(db_url: str) -> None:
    db = Database(db_url)
    db.run(lambda s: load_demo(s, password_rounds=4))
    event_id, seats = seated_event_and_free_seats(db, 4)
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    desk = subprocess.Popen(
        [sys.executable, "-c", DESK, db_url, str(event_id), *map(str, seats)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert desk.stdout is not None
    line = desk.stdout.readline()
    assert line.startswith("IN-TRANSACTION"), desk.stderr.read() if desk.stderr else line
    hold_id = line.split()[1]
    desk.send_signal(signal.SIGKILL)
    desk.wait(timeout=10)
    desk.stdout.close()
    if desk.stderr is not None:
        desk.stderr.close()

    deadline = time.monotonic() + 30  # the server notices the dead connection and rolls back
    while True:
        try:
            with db.session() as s:
                bookings = s.scalar(
                    select(func.count()).where(Booking.idempotency_key == "killed-desk")
                )
                statuses = set(s.scalars(select(EventSeat.status).where(EventSeat.id.in_(seats))))
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    assert bookings == 0
    assert statuses == {"held"}  # rolled back to the hold, not sold
    with db.session() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(Ticket)
                .where(Ticket.event_seat_id.in_(seats), Ticket.status == "valid")
            )
            == 0
        )
        assert (
            s.scalar(
                select(func.count())
                .select_from(Payment)
                .join(Booking)
                .where(Booking.idempotency_key == "killed-desk")
            )
            == 0
        )

    # Time passes: the dead desk's hold runs out (moved into the past rather than waited for).
    def expire(s):  # type: ignore[no-untyped-def]
        s.execute(
            update(EventSeat)
            .where(EventSeat.hold_id == hold_id)
            .values(hold_expires_at=utcnow() - timedelta(seconds=1))
        )

    db.run(expire)
    other = demo_actor(db, "clerk2", desk="desk-2")
    taken = holds.hold_seats(db, other, event_id, seats)  # sellable again, no job ran
    assert sorted(taken.seat_ids) == sorted(seats)
    db.dispose()
