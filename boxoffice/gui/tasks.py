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

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Pool = Literal["reads", "writes"]  # which of the runner's thread pools a job goes to


def owner_of(callback: Callable[..., Any] | None) -> QObject | None:
    """The widget (or other QObject) a callback belongs to: a bound method's object, or the
    first QObject a lambda or nested function closes over (usually ``self``)."""
    if callback is None:
        return None
    bound = getattr(callback, "__self__", None)
    if isinstance(bound, QObject):
        return bound
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # a cell not filled yet
            continue
        if isinstance(value, QObject):
            return value
    return None


class _Relay(QObject):
    """Lives on the GUI thread; its signal carries the outcome back across threads."""

    finished = Signal(object, object)  # result, error

    def __init__(
        self, on_done: Done | None, on_error: Failed | None, forget: Callable[[_Relay], None]
    ) -> None:
        super().__init__()
        self._forget = forget
        self._on_done = on_done
        self._on_error = on_error
        # A dialog closed (and deleted) while its load was still running must not be called
        # back: touching a deleted widget crashes the desk instead of raising.
        self._owner = owner_of(on_done) or owner_of(on_error)
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        try:
            if self._owner is not None and not shiboken6.isValid(self._owner):
                log.info(
                    "%s dropped: its widget was closed before the task finished",
                    "result" if error is None else f"error {error!r}",
                )
                return
            if error is None:
                if self._on_done is not None:
                    self._on_done(result)
            elif self._on_error is not None:
                self._on_error(error)
            else:
                raise error
        finally:
            self._forget(self)
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
        # The runner keeps each relay until its outcome is delivered on the GUI thread, so the
        # last reference never drops on a worker (a QObject must die on its own thread); the
        # relay forgets itself through the set alone, not the runner, so no cycle keeps the
        # runner's thread pools for the garbage collector to free on some other thread.
        relay = _Relay(on_done, on_error, self._relays.discard)
        self._relays.add(relay)
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

    def pending(self) -> int:
        """Jobs whose outcome has not been delivered on the GUI thread yet."""
        return len(self._relays)

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
