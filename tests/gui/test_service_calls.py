"""ctx.services: the database and the signed-in user bound once, arguments and keywords passed
on, the outcome delivered to exactly one callback."""

from __future__ import annotations

from typing import Any

from boxoffice.domain.errors import NotFound
from boxoffice.gui.context import AppContext
from boxoffice.services.sales import catalog


def test_run_binds_the_database_and_the_user(ctx: AppContext) -> None:
    seen: list[Any] = []

    def use_case(db: Any, actor: Any, first: int, *, second: str) -> str:
        seen.append((db, actor, first, second))
        return "done"

    results: list[str] = []
    ctx.services.run(use_case, 1, second="two", on_done=results.append)
    ctx.services.run_write(use_case, 3, second="four", on_done=results.append)
    assert seen == [(ctx.db, ctx.actor, 1, "two"), (ctx.db, ctx.actor, 3, "four")]
    assert results == ["done", "done"]
    assert ctx.services.call(use_case, 5, second="six") == "done"


def test_a_real_use_case_and_its_error(ctx: AppContext) -> None:
    events = catalog.search_events(ctx.db, ctx.actor, catalog.EventQuery())
    details: list[catalog.EventDetail] = []
    errors: list[BaseException] = []
    ctx.services.run(catalog.get_event, events[0].id, on_done=details.append)
    ctx.services.run(catalog.get_event, 999_999, on_done=details.append, on_error=errors.append)
    assert [d.id for d in details] == [events[0].id]
    assert len(errors) == 1 and isinstance(errors[0], NotFound)
