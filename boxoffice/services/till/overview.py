"""What the Till tab shows, in one read: settings, this desk's session, the other open tills."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import TillSession
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import TillStatus
from boxoffice.services.till.sessions import load_view
from boxoffice.services.till.settings import TillSettings, read_settings
from boxoffice.services.till.views import TillSessionView


@dataclass(frozen=True)
class TillOverview:
    settings: TillSettings
    current: TillSessionView | None  # this desk's open session
    open_elsewhere: tuple[TillSessionView, ...] = ()  # a manager's view of the other desks


def till_overview(db: Database, actor: Actor) -> TillOverview:
    """The Till tab's data; the other desks' open sessions only for a manager."""
    actor.require(Permission.USE_TILL)
    desk = actor.desk.strip()[:64]
    manager = actor.can(Permission.MANAGE_TILLS)

    def work(s: Session) -> TillOverview:
        ids = s.scalars(
            select(TillSession.id)
            .where(TillSession.status == TillStatus.OPEN.value)
            .order_by(TillSession.opened_at, TillSession.id)
        ).all()
        current: TillSessionView | None = None
        others: list[TillSessionView] = []
        for session_id in ids:
            view = load_view(s, session_id, with_movements=False)
            if view.desk == desk:
                current = load_view(s, session_id)
            elif manager:
                others.append(view)
        return TillOverview(read_settings(s), current, tuple(others))

    return db.run(work)
