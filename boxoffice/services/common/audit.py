"""Audit log rows, written inside the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from boxoffice.db.models import AuditLog
from boxoffice.db.prepared import Prepared
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.services.common import rights


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    **detail: Any,
) -> None:
    """Append an audit row (commits with the change it describes). Never pass card data.

    Written at once by a Core insert rather than added to the session: every sale writes one,
    and the unit-of-work flush an ORM object needs costs more than the insert itself.
    Outside sign-in, the actor's account must still be active with its role (see
    :mod:`~boxoffice.services.common.rights`): a demoted or disabled user's change rolls back.
    """
    if not action.startswith("auth."):
        rights.require_current(session, actor)
    row = dict(
        at=utcnow(),
        staff_user_id=actor.user_id,
        desk=actor.desk[:64],
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=json.dumps(detail, default=str, sort_keys=True) if detail else "",
    )
    batch = session.info.get(_BATCH)
    if batch is not None:
        batch.append(row)
        return
    _INSERT.write(session, row)


_BATCH = "audit.batch"  # Session.info: rows waiting for one multi-row insert
_INSERT = Prepared(insert(cast(Table, AuditLog.__table__)))  # built once


@contextmanager
def batched(session: Session) -> Iterator[Callable[[], None]]:
    """The audit rows recorded in the block wait and go in as one multi-row insert: when the
    block calls the function it is given, or else at its end (never if it raises: the
    transaction rolls back anyway). Rights are still checked at once, by :func:`record`."""
    rows: list[dict[str, Any]] = []
    session.info[_BATCH] = rows

    def flush() -> None:
        if rows:
            _INSERT.insert_many(session, rows)
            rows.clear()

    try:
        yield flush
    finally:
        session.info.pop(_BATCH, None)
    flush()
