"""Cycles are collected on the GUI thread by the desk's timer, not on whichever thread allocates."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boxoffice.gui import garbage
from boxoffice.gui.app import application

pytestmark = pytest.mark.gui


class _Cycle:
    """A reference cycle holding a live Qt object, like a dialog's helper holding its timer."""

    def __init__(self, freed: list[str]) -> None:
        self.me = self
        self.obj = QObject()
        weakref.finalize(self, lambda: freed.append(threading.current_thread().name))


@pytest.fixture
def desk_app(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """``application()`` as the desk calls it, without leaving its look on the other tests."""
    monkeypatch.setattr("boxoffice.gui.app.theme.apply", lambda app, key: None)
    style = qapp.style().name()
    yield application()
    qapp.setStyle(style)
    for collector in qapp.findChildren(garbage.GuiThreadCollector):
        shiboken6.delete(collector)  # now: the next test's application() makes its own


def test_the_application_turns_automatic_collection_off(desk_app: QApplication) -> None:
    app = desk_app
    assert not gc.isenabled()
    collectors = app.findChildren(garbage.GuiThreadCollector)
    assert len(collectors) == 1 and collectors[0].timer.isActive()
    application()  # asked again: still one collector
    assert len(app.findChildren(garbage.GuiThreadCollector)) == 1


def test_a_cycle_left_by_the_gui_is_not_freed_on_a_worker(
    qtbot: QtBot, desk_app: QApplication
) -> None:
    """A widget's helper cycle (holding a Qt object made on the GUI thread) becomes garbage;
    a worker then allocates enough to trigger automatic collection - it must not free the Qt
    object there (the wrong thread), the GUI thread's collector does."""
    freed: list[str] = []
    _Cycle(freed)  # made here, unreachable at once: only the collector can free it

    def worker() -> None:
        junk: list[list[int]] = [[] for _ in range(gc.get_threshold()[0] * 3)]
        del junk

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    assert freed == []  # nothing collected it on the worker
    gc.set_threshold(1, 10, 10)
    try:
        qtbot.waitUntil(lambda: freed != [], timeout=5_000)
    finally:
        gc.set_threshold(700, 10, 10)
    assert freed == [threading.main_thread().name]


def test_collect_due_follows_the_thresholds() -> None:
    gc.collect()
    old = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    try:
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert garbage.collect_due() == 0  # under the threshold: nothing collected yet
        gc.set_threshold(0, 10, 10)
        assert garbage.collect_due() >= 1
    finally:
        gc.set_threshold(*old)
