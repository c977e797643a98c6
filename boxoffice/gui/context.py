"""What every screen receives: the database, the signed-in user, the task runner, messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.gui.messages import MessageBridge
from boxoffice.gui.service_calls import ServiceCalls
from boxoffice.gui.tasks import TaskRunner


@dataclass
class AppContext:
    """Passed to each tab/dialog constructor. Widgets call services through ``services``
    (database and user bound, off the GUI thread); ``actor`` answers what the user may see."""

    db: Database
    actor: Actor
    tasks: TaskRunner
    messages: MessageBridge
    settings: QSettings  # desk-local preferences: printer, stock, window state
    services: ServiceCalls = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.services = ServiceCalls(self.db, self.actor, self.tasks)
