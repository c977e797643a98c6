"""The main window's tabs: title, permission needed, and a factory ``(ctx) -> QWidget``.

Each feature registers its tab here; the main window shows those the signed-in role may use.
Factories import lazily so a clerk's desk never loads manager-only modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    permission: Permission
    factory: Callable[[AppContext], QWidget]
    shortcut: str = ""  # e.g. "F2"


TABS: list[TabSpec] = []


def register(spec: TabSpec) -> None:
    """Add a tab (called at import of boxoffice.gui.tab_registry)."""
    if any(t.key == spec.key for t in TABS):
        return
    TABS.append(spec)
