"""GUI fixtures: a signed-in desk context over the demo database, synchronous or threaded.

``ctx`` runs every service call at once on the test thread (SyncTaskRunner), so widget tests are
deterministic; ``threaded_ctx`` uses the real TaskRunner (wait with ``qtbot.waitUntil``).
``messages`` records what the widgets told the clerk through the message bridge.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.gui.context import AppContext
from boxoffice.gui.messages import MessageBridge
from boxoffice.gui.tasks import SyncTaskRunner, TaskRunner
from boxoffice.services.demo import demo_password
from boxoffice.services.people import auth
from tests.gui.screens import screens_folder, styled  # noqa: F401  (fixtures of the screenshot tests)

DESK = "test-desk"
GUI_DIR = Path(__file__).parent

# The offscreen platform says this whenever a top-level window is shown; it is not our warning.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@dataclass
class MessageLog:
    """Everything sent through one MessageBridge, by level."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)

    def attach(self, bridge: MessageBridge) -> None:
        bridge.error.connect(self.errors.append)
        bridge.warning.connect(self.warnings.append)
        bridge.info.connect(self.infos.append)

    def all(self) -> list[str]:
        return [*self.errors, *self.warnings, *self.infos]


def sign_in(db: Database, username: str) -> Actor:
    """A real sign-in of a demo account (demo passwords are ``<name>-demo``)."""
    return auth.sign_in(db, username, demo_password(username), DESK)


@pytest.fixture(autouse=True)
def _windows_die_with_their_test(qapp: QApplication) -> Iterator[None]:
    """Every window a test opened is deleted when it ends, and the cycles it left are freed,
    here on the GUI thread. Left alive (pytest-qt only closes what it was given; a deleteLater
    outside an event loop waits for one) they piled up by the thousand, and the next stylesheet
    change or event loop walked all of them."""
    before = {_address(w) for w in qapp.topLevelWidgets()}
    yield
    for widget in qapp.topLevelWidgets():
        if (
            _address(widget) not in before
            and widget.parent() is None  # a menu or dialog with a parent goes with it
            and shiboken6.createdByPython(widget)
        ):
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def _address(widget: QWidget) -> int:
    return int(shiboken6.getCppPointer(widget)[0])


@pytest.fixture
def desk_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_ctx(
    qapp: QApplication, demo_db: Database, desk_settings: QSettings
) -> Iterator[Callable[..., AppContext]]:
    """``make_ctx(username="clerk", threaded=False)`` → a signed-in AppContext on the demo DB."""
    runners: list[TaskRunner] = []

    def build(username: str = "clerk", threaded: bool = False) -> AppContext:
        runner: TaskRunner = TaskRunner() if threaded else SyncTaskRunner()
        runners.append(runner)
        return AppContext(
            db=demo_db,
            actor=sign_in(demo_db, username),
            tasks=runner,
            messages=MessageBridge(),
            settings=desk_settings,
        )

    yield build
    for runner in runners:
        runner.wait(10_000)
    # Deliver what the worker threads finished while the test's widgets still exist (pytest-qt
    # closes them after this fixture): a result left queued lands in the next test.
    for _ in range(100):
        if not any(runner.pending() for runner in runners):
            break
        qapp.processEvents()


@pytest.fixture
def ctx(make_ctx: Callable[..., AppContext]) -> AppContext:
    """The clerk at a desk, every task run synchronously."""
    return make_ctx("clerk")


@pytest.fixture
def manager_ctx(make_ctx: Callable[..., AppContext]) -> AppContext:
    return make_ctx("manager")


@pytest.fixture
def threaded_ctx(make_ctx: Callable[..., AppContext]) -> AppContext:
    """The clerk with the real threaded TaskRunner (results arrive through the event loop)."""
    return make_ctx("clerk", threaded=True)


@pytest.fixture
def messages(ctx: AppContext) -> MessageLog:
    log = MessageLog()
    log.attach(ctx.messages)
    return log


@pytest.fixture
def manager_messages(manager_ctx: AppContext) -> MessageLog:
    """What the manager's desk told the user (infos, warnings, errors)."""
    log = MessageLog()
    log.attach(manager_ctx.messages)
    return log
