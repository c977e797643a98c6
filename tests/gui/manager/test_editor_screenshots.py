"""docs/event-editor.png and docs/venue-designer.png: the manager's Events tab in the main window
(Hamlet, its tiers on the seat map) and the venue designer (the theatre, Stalls selected), with
the desk's stylesheet, on the demo data.

Written to docs/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder (the grab itself is
still checked: right size, not blank).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events import EventEditorTab
from boxoffice.gui.manager.venues import VenueDesignerTab
from tests.gui.screens import save, show_window

pytestmark = pytest.mark.gui

SERVER = "mariadb://boxoffice.example/boxoffice"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_event_editor_screenshot(
    qtbot: QtBot, manager_ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    window = show_window(qtbot, manager_ctx, SERVER)
    window.show_tab("events")
    editor = window.pages["events"]
    assert isinstance(editor, EventEditorTab)
    hamlet = next(r for r in editor.list_model.rows if r.title == "Hamlet")
    editor.table.selectRow(editor.list_model.row_of(hamlet.id) or 0)
    assert editor.edit is not None and editor.edit.id == hamlet.id
    editor.tiers.zone_side.setCurrentWidget(editor.tiers.map)
    qtbot.wait(100)
    save(window, screens_folder / "event-editor.png", min_width=1000, step=17, min_colours=12)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_venue_designer_screenshot(
    qtbot: QtBot, manager_ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    designer = VenueDesignerTab(manager_ctx)
    qtbot.addWidget(designer)
    designer.resize(1366, 690)  # the tab of a 1366×768 window
    designer.show()
    qtbot.waitExposed(designer)
    designer.venue_combo.setCurrentIndex(designer.venue_combo.findText("Royal Court Theatre"))
    designer.section_list.setCurrentIndex(designer.sections.index(0, 0))
    assert designer.section_id is not None
    designer.preview.fit()
    qtbot.wait(100)
    save(designer, screens_folder / "venue-designer.png", min_width=1000, step=17, min_colours=8)
