"""Registers every tab of the main window (import this module once, before building the window).

Each feature adds one ``register(TabSpec(...))`` here with a lazy factory, so the main window
only imports the widgets the signed-in role can see.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.gui.tabs import TabSpec, register

__all__ = ["AppContext", "Permission", "QWidget", "TabSpec", "register"]

# Tabs register below, in the order they appear.
