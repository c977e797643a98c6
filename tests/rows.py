"""Read rows back after a service call, detached from their session, for assertions."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database

M = TypeVar("M")


def rows_where(db: Database, model: type[M], *conditions: Any) -> list[M]:
    """Every *model* row matching *conditions*, in id order, usable after the session closed."""

    def work(s: Session) -> list[M]:
        rows = list(s.scalars(select(model).where(*conditions).order_by(model.id)))  # type: ignore[attr-defined]
        s.expunge_all()
        return rows

    return db.run(work)
