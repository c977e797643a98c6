"""The real TaskRunner: outcomes reach the GUI thread, never a widget closed in the meantime."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.gui.tasks import TaskRunner, owner_of

pytestmark = pytest.mark.gui


class _Panel(QWidget):
    def __init__(self, got: list[object] | None = None) -> None:
        super().__init__()
        self.got: list[object] = [] if got is None else got

    def loaded(self, value: object) -> None:
        self.got.append(value)


def test_outcome_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    panel = _Panel()
    qtbot.addWidget(panel)
    threads: list[threading.Thread] = []

    def job() -> int:
        threads.append(threading.current_thread())
        return 7

    runner.run(job, on_done=panel.loaded)
    qtbot.waitUntil(lambda: panel.got == [7], timeout=5_000)
    assert threads[0] is not threading.main_thread()
    assert runner.pending() == 0 or runner.wait()


@pytest.mark.parametrize("style", ["bound method", "closure over self"])
def test_a_widget_deleted_before_the_result_is_not_called(qapp: QApplication, style: str) -> None:
    """A dialog closed while its load runs: the result is dropped, not delivered to a deleted
    widget (which crashes the desk, or raises in the event loop)."""
    runner = TaskRunner()
    called: list[object] = []
    panel = _Panel(called)
    gate = threading.Event()

    def job() -> int:
        gate.wait(5)
        return 1

    if style == "bound method":
        runner.run(job, on_done=panel.loaded)
    else:
        p = panel

        def loaded(value: object) -> None:  # a nested callback closing over the widget
            called.append(value)
            p.setWindowTitle("loaded")

        runner.run(job, on_done=loaded)
    assert owner_of(panel.loaded) is panel
    panel.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(panel)
    gate.set()
    assert runner.wait(5_000)
    for _ in range(50):
        qapp.processEvents()
        if not runner.pending():
            break
    assert runner.pending() == 0
    assert called == []


def test_a_callback_without_a_widget_is_still_called(qtbot: QtBot) -> None:
    runner = TaskRunner()
    got: list[int] = []
    runner.run(lambda: 3, on_done=got.append)
    qtbot.waitUntil(lambda: got == [3], timeout=5_000)
    assert owner_of(got.append) is None
