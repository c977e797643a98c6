"""Audit log rows, written inside the caller's transaction."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from boxoffice.db.models import AuditLog
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
    session.execute(
        insert(AuditLog).values(
            at=utcnow(),
            staff_user_id=actor.user_id,
            desk=actor.desk[:64],
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=json.dumps(detail, default=str, sort_keys=True) if detail else "",
        )
    )
