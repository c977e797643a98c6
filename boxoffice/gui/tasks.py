"""Run blocking work (database calls) off the GUI thread and deliver the outcome on it.

``TaskRunner.run(fn, *args, on_done=..., on_error=...)`` runs ``fn(*args)`` on a QThreadPool
worker; exactly one callback is then called on the GUI thread: ``on_done(result)`` or
``on_error(exc)``. Writes go through ``run_write`` (a one-thread pool) so one desk's writes keep
their order. Tests use :class:`SyncTaskRunner`, which runs everything at once, deterministically.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Pool = Literal["reads", "writes"]  # which of the runner's thread pools a job goes to


class _Relay(QObject):
    """Lives on the GUI thread; its signal carries the outcome back across threads."""

    finished = Signal(object, object)  # result, error

    def __init__(self, on_done: Done | None, on_error: Failed | None) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        try:
            if error is None:
                if self._on_done is not None:
                    self._on_done(result)
            elif self._on_error is not None:
                self._on_error(error)
            else:
                raise error
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], relay: _Relay) -> None:
        super().__init__()
        self._fn, self._args, self._relay = fn, args, relay

    def run(self) -> None:
        try:
            result = self._fn(*self._args)
        except BaseException as exc:
            self._relay.finished.emit(None, exc)
        else:
            self._relay.finished.emit(result, None)


class TaskRunner:
    """Dispatches callables to worker threads; reads in parallel, writes in order."""

    def __init__(self, max_readers: int = 4) -> None:
        self._reads = QThreadPool()
        self._reads.setMaxThreadCount(max_readers)
        self._writes = QThreadPool()
        self._writes.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def _submit(
        self,
        pool: Pool,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: Done | None,
        on_error: Failed | None,
    ) -> None:
        relay = _Relay(on_done, on_error)
        self._relays.add(relay)
        relay.destroyed.connect(lambda *_: self._relays.discard(relay))
        (self._writes if pool == "writes" else self._reads).start(_Job(fn, args, relay))

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run a read (or any call safe in parallel) on the reader pool."""
        self._submit("reads", fn, args, on_done, on_error)

    def run_write(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run a write on the single writer thread (one desk's writes stay in order)."""
        self._submit("writes", fn, args, on_done, on_error)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all jobs finished (shutdown and tests only)."""
        return self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)


class SyncTaskRunner(TaskRunner):
    """Runs each call immediately on the calling thread (tests: deterministic, no waiting)."""

    def __init__(self) -> None:
        self._relays = set()

    def _submit(
        self,
        pool: Pool,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: Done | None,
        on_error: Failed | None,
    ) -> None:
        try:
            result = fn(*args)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(result)

    def wait(self, msecs: int = 30_000) -> bool:
        return True
