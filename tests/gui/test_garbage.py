"""Cycles are collected on the GUI thread by the desk's timer, not on whichever thread allocates."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
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


def test_the_application_turns_automatic_collection_off(qapp: QApplication) -> None:
    app = application()
    assert not gc.isenabled()
    collectors = app.findChildren(garbage.GuiThreadCollector)
    assert len(collectors) == 1 and collectors[0].timer.isActive()
    application()  # asked again: still one collector
    assert len(app.findChildren(garbage.GuiThreadCollector)) == 1


def test_a_cycle_made_on_a_worker_dies_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    application()
    freed: list[str] = []

    def worker() -> None:
        _Cycle(freed)  # unreachable at once: only the collector can free it
        junk: list[list[int]] = [
            [] for _ in range(gc.get_threshold()[0] * 3)
        ]  # would trigger automatic gc
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
