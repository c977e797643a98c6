"""Use cases the desk's screens call once per user action: each reads (or writes) in exactly one
transaction and gives the same answer as the separate calls it replaces."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.services.demo import demo_password
from boxoffice.services.events import queries as event_queries
from boxoffice.services.mail import outbox
from boxoffice.services.people import auth
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventQuery
from boxoffice.services.venues import layout_json, layouts

T = TypeVar("T")


def _sign_in(db: Database, username: str) -> Actor:
    return auth.sign_in(db, username, demo_password(username), "test-desk")


def _transactions(
    monkeypatch: pytest.MonkeyPatch, call: Callable[..., T], *args: Any
) -> tuple[int, T]:
    """How many transactions (``Database.run``) *call(*args)* opened, and its result."""
    opened: list[None] = []
    real = Database.run

    def counted(self: Database, work: Callable[..., Any], attempts: int = 8) -> Any:
        opened.append(None)
        return real(self, work, attempts)

    with monkeypatch.context() as patch:
        patch.setattr(Database, "run", counted)
        result = call(*args)
    return len(opened), result


def test_first_events_page_is_the_count_and_first_page(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = _sign_in(demo_db, "clerk")
    query = EventQuery()
    opened, page = _transactions(monkeypatch, catalog.first_events_page, demo_db, clerk, query, 3)
    assert opened == 1
    assert page.total == catalog.count_events(demo_db, clerk, query) > 3
    assert page.rows == catalog.search_events(demo_db, clerk, query, 0, 3)


def test_event_with_map_reads_detail_and_seats_together(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = _sign_in(demo_db, "clerk")
    events = catalog.search_events(demo_db, clerk, EventQuery(), 0, 100)
    seated = next(e for e in events if not e.general_admission)
    ga = next(e for e in events if e.general_admission)

    opened, (detail, seat_map) = _transactions(
        monkeypatch, catalog.event_with_map, demo_db, clerk, seated.id, None
    )
    assert opened == 1
    assert detail == catalog.get_event(demo_db, clerk, seated.id)
    assert seat_map == catalog.seat_map(demo_db, clerk, seated.id)

    opened, (detail, seat_map) = _transactions(
        monkeypatch, catalog.event_with_map, demo_db, clerk, ga.id, None
    )
    assert opened == 1 and detail.id == ga.id and seat_map is None


def test_first_managed_page(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    manager = _sign_in(demo_db, "manager")
    opened, (total, rows) = _transactions(
        monkeypatch, event_queries.first_managed_page, demo_db, manager, "", True, 2
    )
    assert opened == 1
    assert total == event_queries.count_managed_events(demo_db, manager, "", True) > 2
    assert rows == event_queries.list_managed_events(demo_db, manager, "", True, 0, 2)


def test_outbox_view(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = _sign_in(demo_db, "admin")
    opened, (counts, entries) = _transactions(
        monkeypatch, outbox.outbox_view, demo_db, admin, None, 10
    )
    assert opened == 1
    assert counts == outbox.outbox_counts(demo_db, admin)
    assert entries == outbox.list_messages(demo_db, admin, None, 10)


def test_import_layout_file_picks_a_free_name(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    manager = _sign_in(demo_db, "manager")
    venue = next(v for v in layouts.list_venues(demo_db, manager) if v.layouts)
    original = venue.layouts[0]
    path = tmp_path / "layout.json"
    path.write_text(layout_json.export_layout(demo_db, manager, original.id), encoding="utf-8")

    opened, first = _transactions(
        monkeypatch, layout_json.import_layout_file, demo_db, manager, venue.id, str(path)
    )
    assert opened == 1
    assert first.name == f"{original.name} (2)"
    second = layout_json.import_layout_file(demo_db, manager, venue.id, str(path))
    assert second.name == f"{original.name} (3)"

    with pytest.raises(ValidationError, match="Could not read"):
        layout_json.import_layout_file(demo_db, manager, venue.id, str(tmp_path / "missing.json"))
