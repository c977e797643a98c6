"""The services as this desk calls them: database and signed-in user bound once.

Widgets write ``ctx.services.run(catalog.get_event, event_id, on_done=...)`` instead of
threading ``ctx.db, ctx.actor`` through every call. ``run`` goes to the reader pool,
``run_write`` to the single writer thread (one desk's writes keep their order); exactly one of
``on_done(result)`` / ``on_error(exc)`` is then called on the GUI thread. One user action is one
such call: a use case that needs two reads or two writes is one service function (one
transaction), never two calls chained here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.gui.tasks import Done, Failed, TaskRunner

T = TypeVar("T")
UseCase = Callable[..., T]  # a service function whose first two parameters are (db, actor)


class ServiceCalls:
    """Runs service use cases with this desk's database and acting user, off the GUI thread."""

    def __init__(self, db: Database, actor: Actor, tasks: TaskRunner) -> None:
        self._db = db
        self._actor = actor
        self._tasks = tasks

    def run(
        self,
        use_case: UseCase[Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        **kwargs: Any,
    ) -> None:
        """Run a read ``use_case(db, actor, *args, **kwargs)`` on the reader pool."""
        self._tasks.run(self._bound(use_case, args, kwargs), on_done=on_done, on_error=on_error)

    def run_write(
        self,
        use_case: UseCase[Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        **kwargs: Any,
    ) -> None:
        """Run a write ``use_case(db, actor, *args, **kwargs)`` on the desk's writer thread."""
        self._tasks.run_write(
            self._bound(use_case, args, kwargs), on_done=on_done, on_error=on_error
        )

    def call(self, use_case: UseCase[T], *args: Any, **kwargs: Any) -> T:
        """``use_case(db, actor, *args, **kwargs)`` right here: only for code already running on
        a worker (the sale's queued hold operations, the payment dialog's submit)."""
        return use_case(self._db, self._actor, *args, **kwargs)

    def bind(self, factory: Callable[[Database, Actor], T]) -> T:
        """``factory(db, actor)``: an object holding this desk's database and user whose methods
        the widget later hands to ``ctx.tasks.run_write`` (a door station's session)."""
        return factory(self._db, self._actor)

    def _bound(
        self, use_case: UseCase[T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Callable[[], T]:
        return partial(use_case, self._db, self._actor, *args, **kwargs)
