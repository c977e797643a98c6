"""Prepared statements give what the ordinary execution gives: the same rows (typed: aware UTC
datetimes), row counts, new ids in order, IN lists and literals bound as written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Setting
from boxoffice.db.prepared import Prepared

_AUDIT = Prepared(insert(cast(Table, AuditLog.__table__)))
_SETTINGS = Prepared(insert(cast(Table, Setting.__table__)))
_SINCE = Prepared(
    select(AuditLog.id, AuditLog.at, AuditLog.action)
    .where(
        AuditLog.at >= bindparam("b_since"),
        AuditLog.action.in_(bindparam("b_actions", expanding=True)),
        AuditLog.entity == "booking",  # a literal written into the statement
    )
    .order_by(AuditLog.id)
)
_RENAME = Prepared(
    update(AuditLog)
    .where(AuditLog.id.in_(bindparam("b_ids", expanding=True)))
    .values(action=bindparam("b_action"))
)


def _row(at: datetime, action: str, entity: str = "booking") -> dict[str, object]:
    return dict(
        at=at, staff_user_id=None, desk="d", action=action, entity=entity, entity_id=1, detail=""
    )


def test_prepared_statements_agree_with_ordinary_execution(db: Database) -> None:
    start = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

    def work(s: Session) -> None:
        ids = _AUDIT.insert_many(
            s,
            [_row(start, "a"), _row(start + timedelta(seconds=1), "b"), _row(start, "c", "x")],
            returning="id" if s.get_bind().dialect.insert_returning else None,
        )
        if ids:
            assert ids == sorted(ids) and len(ids) == 3
        _AUDIT.write(s, _row(start - timedelta(days=1), "a"))
        _SETTINGS.insert_many(s, [dict(key="k1", value="1"), dict(key="k2", value="2")])
        found = _SINCE.rows(s, {"b_since": start, "b_actions": ["a", "b", "c"]})
        plain = [
            tuple(r)
            for r in s.execute(
                select(AuditLog.id, AuditLog.at, AuditLog.action)
                .where(AuditLog.at >= start, AuditLog.entity == "booking")
                .order_by(AuditLog.id)
            )
        ]
        assert found == plain and [r[2] for r in found] == ["a", "b"]
        assert found[0][1] == start and found[0][1].tzinfo is not None
        changed = _RENAME.write(s, {"b_ids": [r[0] for r in found], "b_action": "z"})
        assert changed.rowcount == 2
        assert s.scalar(select(Setting.value).where(Setting.key == "k2")) == "2"

    db.run(work)
