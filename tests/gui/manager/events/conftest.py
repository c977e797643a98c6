"""Fixtures shared by the event editor tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events import EventEditorTab


@pytest.fixture
def editor(qtbot: QtBot, manager_ctx: AppContext) -> EventEditorTab:
    """The Events tab for a manager, at a size where the form and tier table are all in view."""
    tab = EventEditorTab(manager_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 860)
    return tab
