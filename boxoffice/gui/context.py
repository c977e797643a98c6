"""What every screen receives: the database, the signed-in user, the task runner, messages."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.gui.messages import MessageBridge
from boxoffice.gui.tasks import TaskRunner


@dataclass
class AppContext:
    """Passed to each tab/dialog constructor. Widgets call services with ``db`` and ``actor``
    inside ``tasks.run(...)``, never on the GUI thread; they never import boxoffice.db.models."""

    db: Database
    actor: Actor
    tasks: TaskRunner
    messages: MessageBridge
    settings: QSettings  # desk-local preferences: printer, stock, window state
