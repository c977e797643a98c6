"""Write requests that report their first outcome when a retry follows a lost reply.

``Database.run`` runs a unit of work again when the connection drops. If it dropped while the
server was committing, the first run may have committed: running the work again would then act
twice (mark a ticket used and then say "already used", refund and then say "already cancelled",
hold a second set of seats). :func:`once` wraps a unit of work so that each run first records a
random request key in the same transaction; a retry after a failed commit looks the key up and,
if the first run committed, returns that run's result instead of acting again.

    return inv.run(db, once(work))     # instead of inv.run(db, work)

Every wrapped request costs one small insert; keys older than :data:`KEEP` are purged now and
then by the requests themselves.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from boxoffice.db.models import RequestDone
from boxoffice.domain.clock import utcnow

T = TypeVar("T")
KEEP = timedelta(days=1)  # far longer than any retry loop lasts
PURGE_EVERY = 500  # about one request in this many purges old keys (a few rows, by index)
PURGE_LIMIT = 1000


def once(work: Callable[[Session], T]) -> Callable[[Session], T]:
    """*work* made safe to retry after an ambiguous commit (see the module docstring).

    Make a new wrapper per request: the key lives as long as the wrapper.
    """
    key = secrets.token_hex(16)
    ran: list[T] = []  # the result of a run whose commit may or may not have happened

    def run(session: Session) -> T:
        if ran:
            first = ran.pop()
            done = session.scalar(select(RequestDone.key).where(RequestDone.key == key))
            if done is not None:
                return first  # it committed; only the reply was lost
        now = utcnow()
        session.execute(insert(RequestDone).values(key=key, created_at=now))
        if random.randrange(PURGE_EVERY) == 0:
            _purge(session, now - KEEP)
        result = work(session)
        ran.append(result)
        return result

    return run


def _purge(session: Session, before: object) -> None:
    old = list(
        session.scalars(
            select(RequestDone.key).where(RequestDone.created_at < before).limit(PURGE_LIMIT)
        )
    )
    if old:
        session.execute(delete(RequestDone).where(RequestDone.key.in_(old)))
