"""Re-entry is a setting of the event, kept by the event editor (the door reads it)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Event
from boxoffice.services.events import editor as events
from tests.services.events.test_events_support import MANAGER, ga_draft, make_hall


def test_event_editor_keeps_the_reentry_setting(db: Database) -> None:
    hall = make_hall(db)
    plain = events.create_event(db, MANAGER, ga_draft(hall.venue_id))
    assert plain.draft.allow_reentry is False
    created = events.create_event(
        db, MANAGER, replace(ga_draft(hall.venue_id, title="Festival"), allow_reentry=True)
    )
    assert created.draft.allow_reentry is True
    with db.session() as s:
        assert s.scalar(select(Event.allow_reentry).where(Event.id == created.id)) is True
    edited = events.update_event(
        db, MANAGER, created.id, replace(created.draft, allow_reentry=False)
    )
    assert edited.draft.allow_reentry is False
