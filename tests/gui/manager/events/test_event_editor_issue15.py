"""The event editor without surprises (issue 15.8): defaults follow the venue, ticking a section
another tier covers moves it (undoable), the tier header follows renaming, "1 tier", and an
explicit sales state with "Open sales now" and "Close sales"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from boxoffice.domain.clock import utcnow
from boxoffice.domain.sales_state import SalesState
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events import EventEditorTab
from boxoffice.gui.manager.events.tier_model import NAME, SEATS
from boxoffice.gui.manager.events.times import to_qt
from boxoffice.gui.manager.events.zone_model import SECTION
from tests.gui.manager.events.test_event_editor import pick_venue

pytestmark = pytest.mark.gui


def test_defaults_follow_the_chosen_venue(editor: EventEditorTab) -> None:
    editor.new_event()
    form = editor.form
    first = form._venue()
    assert first is not None
    assert form.general.isChecked() == (not first.layouts)  # no "GA 300" on a seated venue
    pick_venue(editor, "The Cellar Club")  # standing only
    assert form.general.isChecked()
    pick_venue(editor, "Royal Court Theatre")  # 204 seats
    assert not form.general.isChecked() and form.chosen_layout() is not None
    assert form.capacity.value() == 204  # if standing is chosen after all
    model = editor.tiers.model
    assert model.covered and "All 204 seats" in model.coverage_text


def test_ticking_a_covered_section_moves_it_and_can_be_undone(editor: EventEditorTab) -> None:
    editor.new_event()
    pick_venue(editor, "Royal Court Theatre")
    model, panel = editor.tiers.model, editor.tiers
    row = model.add_tier()
    model.setData(model.index(row, NAME), "Circle seats")
    panel.select_row(row)
    zones = panel.zones
    section = zones.index(1, SECTION)
    name = zones.data(section)
    zones.setData(section, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert zones.data(section, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    taken = model.sections[1].id  # type: ignore[index]
    assert [z.section_id for z in model.tiers[row].zones] == [taken]
    assert all(z.section_id != taken for z in model.tiers[0].zones)
    assert model.covered  # moved, not refused: still exactly one tier per seat
    assert panel.undo_button.isVisibleTo(panel)
    assert f"{name} moved here from “Standard”" in panel.move_note.text()
    panel.undo_button.click()
    assert model.tiers[row].zones == []
    assert any(z.section_id == taken for z in model.tiers[0].zones)
    assert not panel.undo_button.isVisibleTo(panel)


def test_the_tier_header_follows_renaming_and_counts_read_right(editor: EventEditorTab) -> None:
    editor.new_event()
    pick_venue(editor, "Royal Court Theatre")
    model, panel = editor.tiers.model, editor.tiers
    panel.select_row(0)
    model.setData(model.index(0, NAME), "Balcony")
    assert panel.zone_title.text() == "Sections and rows of “Balcony”"
    pick_venue(editor, "The Cellar Club")
    model.setData(model.index(0, SEATS), 120)
    assert "120 places in 1 tier" in model.coverage_text
    assert "1 tiers" not in model.coverage_text


def test_sales_state_and_the_open_and_close_buttons(
    editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    editor.new_event()
    form = editor.form
    editor.form.title.setText("Late Show")
    pick_venue(editor, "Royal Court Theatre")
    assert form.sales_state() is SalesState.ON_SALE  # booking opens now by default
    later = form.starts_at.dateTime().addDays(-2)
    form.sales_open_at.setDateTime(later)
    assert form.sales_state() is SalesState.DRAFT
    assert form.sales_state_label.text() == "<b>Draft</b>"
    assert form.open_sales_button.isEnabled() and not form.close_sales_button.isEnabled()
    form.open_sales_button.click()  # opens now and saves
    assert editor.error_text == "" and editor.edit is not None
    assert editor.edit.draft.sales_open_at <= utcnow()
    assert form.sales_state() is SalesState.ON_SALE and form.close_sales_button.isEnabled()
    form.close_sales_button.click()  # closes now and saves
    assert editor.error_text == ""
    assert abs(editor.edit.draft.sales_close_at - utcnow()) < timedelta(minutes=2)
    assert form.sales_state() is SalesState.OFF_SALE
    assert form.open_sales_button.isEnabled()
    form.sales_close_at.setDateTime(to_qt(utcnow() - timedelta(minutes=5)))
    form.open_sales_button.click()  # booking had closed: open again until the start
    assert form.sales_close_at.dateTime() == form.starts_at.dateTime()
    assert form.sales_state() is SalesState.ON_SALE
