"""The Events tab driven like a manager would: fill the form, edit tiers, save, see the list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from boxoffice.db.models import Event, EventSeat, OutboxEmail
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events import EventEditorTab
from boxoffice.gui.manager.events import tab as tab_module
from boxoffice.gui.manager.events.tier_model import NAME, PRICE, SEATS, TierRow, TierTableModel
from boxoffice.gui.manager.events.times import to_qt, to_utc
from boxoffice.gui.manager.events.zone_model import ROWS, SECTION, ZoneTableModel
from boxoffice.gui.tabs import TABS
from boxoffice.services.events import editor as events
from boxoffice.services.venues import layouts as venues

pytestmark = pytest.mark.gui


def pick_venue(tab: EventEditorTab, name: str) -> None:
    index = tab.form.venue.findText(name)
    assert index >= 0
    tab.form.venue.setCurrentIndex(index)


def row_titles(tab: EventEditorTab) -> list[str]:
    return [r.title for r in tab.list_model.rows]


def test_models_pass_the_model_tester(qtmodeltester: ModelTester, editor: EventEditorTab) -> None:
    assert len(editor.list_model.rows) == 12
    qtmodeltester.check(editor.list_model)
    editor.open_event(editor.list_model.rows[0].id)  # Hamlet: three tiers, two sections
    assert editor.tiers.model.rowCount() == 3
    qtmodeltester.check(editor.tiers.model)
    editor.tiers.select_row(0)
    assert editor.tiers.zones.rowCount() == 2
    qtmodeltester.check(editor.tiers.zones)


def test_fill_the_form_save_and_see_the_event_in_the_list(
    editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    editor.new_event()
    editor.form.title.setText("Macbeth")
    editor.form.description.setPlainText("The Scottish play.")
    pick_venue(editor, "Royal Court Theatre")
    start = to_qt(editor.form.default_times()["starts_at"] + timedelta(days=30))
    editor.form.starts_at.setDateTime(start)
    assert editor.form.ends_at.dateTime() == start.addSecs(150 * 60)  # the length follows
    model = editor.tiers.model
    assert [t.name for t in model.tiers] == ["Standard"]  # one tier covering every section
    assert model.covered and "All 204 seats" in model.coverage_text
    # A dearer tier for the first three rows of the stalls.
    row = model.add_tier()
    model.setData(model.index(row, NAME), "Front stalls")
    model.setData(model.index(row, PRICE), "€59.50")
    model.move_tier(row, -1)
    editor.tiers.select_row(0)
    stalls = editor.tiers.zones.index(0, SECTION)
    editor.tiers.zones.setData(stalls, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    editor.tiers.zones.setData(editor.tiers.zones.index(0, ROWS), "A-C")
    assert model.seat_counts == {0: 42, 1: 162}

    editor.save()

    assert editor.error_text == ""
    assert editor.edit is not None and editor.edit.draft.title == "Macbeth"
    assert "Macbeth" in row_titles(editor)
    selected = editor.table.selectionModel().selectedRows()
    assert [editor.list_model.rows[i.row()].title for i in selected] == ["Macbeth"]
    saved = events.event_for_edit(manager_ctx.db, manager_ctx.actor, editor.edit.id)
    assert [(t.name, t.price) for t in saved.draft.tiers] == [
        ("Front stalls", Decimal("59.50")),
        ("Standard", Decimal("25.00")),
    ]
    assert saved.capacity == 204
    assert to_utc(start) == saved.draft.starts_at
    assert not editor.dirty


def test_validation_is_shown_beside_the_form(editor: EventEditorTab) -> None:
    editor.new_event()
    pick_venue(editor, "Royal Court Theatre")
    editor.save()
    assert "needs a title" in editor.error_text
    assert editor.form.title.property("invalid") is True

    editor.form.title.setText("Gap")
    editor.tiers.select_row(0)
    circle = editor.tiers.zones.index(1, SECTION)
    editor.tiers.zones.setData(
        circle, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert not editor.tiers.model.covered
    assert "No price tier covers Circle" in editor.tiers.coverage.text()
    editor.save()
    assert "No price tier covers Circle." in editor.error_text
    assert editor.form.title.property("invalid") is False
    assert editor.edit is None


def test_general_admission_event(editor: EventEditorTab, manager_ctx: AppContext) -> None:
    editor.new_event()
    editor.form.title.setText("Acoustic Night")
    pick_venue(editor, "The Cellar Club")  # no layouts: general admission only
    assert editor.form.general.isChecked() and not editor.form.general.isEnabled()
    editor.form.capacity.setValue(150)
    model = editor.tiers.model
    assert model.headerData(SEATS, Qt.Orientation.Horizontal) == "Capacity"
    assert model.setData(model.index(0, SEATS), 200)
    editor.save()
    assert "add up to 200, more than the event's capacity of 150" in editor.error_text
    assert model.setData(model.index(0, SEATS), 150)
    editor.save()
    assert editor.error_text == ""
    assert editor.edit is not None and editor.edit.capacity == 150
    assert editor.edit.draft.general_admission


def test_moving_an_event_with_sales_queues_change_notices(
    editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    hamlet = next(r for r in editor.list_model.rows if r.title == "Hamlet")
    editor.table.selectRow(editor.list_model.row_of(hamlet.id) or 0)
    assert editor.edit is not None and editor.edit.id == hamlet.id
    assert not editor.form.venue.isEnabled()  # fixed after sales
    assert not editor.delete_button.isEnabled() and editor.cancel_button.isEnabled()
    start = editor.form.starts_at.dateTime()
    editor.form.starts_at.setDateTime(start.addSecs(3600))
    editor.form.sales_close_at.setDateTime(start.addSecs(3600))
    assert editor.dirty

    editor.save()

    assert editor.error_text == ""
    with manager_ctx.db.session() as s:
        notices = s.scalar(select(func.count()).where(OutboxEmail.kind == "event_change"))
    assert notices == editor.edit.confirmed_bookings > 0


def test_delete_an_event_without_sales(
    editor: EventEditorTab, manager_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tab_module, "ask", lambda *a, **k: True)  # the manager says yes
    editor.new_event()
    editor.form.title.setText("Short-lived")
    pick_venue(editor, "Riverside Arena")
    editor.save()
    assert editor.edit is not None
    event_id = editor.edit.id
    assert editor.delete_button.isEnabled()

    editor.delete_event()

    assert editor.edit is None and "Short-lived" not in row_titles(editor)
    with manager_ctx.db.session() as s:
        assert s.get(Event, event_id) is None
        assert s.scalar(select(func.count()).where(EventSeat.event_id == event_id)) == 0


def test_declined_confirmation_deletes_nothing(editor: EventEditorTab) -> None:
    editor.new_event()
    editor.form.title.setText("Kept")
    pick_venue(editor, "Royal Court Theatre")
    editor.save()
    editor.delete_event()  # headless ask() answers the default: no
    assert "Kept" in row_titles(editor)


def test_filter_and_paging(
    qtbot: QtBot, manager_ctx: AppContext, qtmodeltester: ModelTester
) -> None:
    tab = EventEditorTab(manager_ctx)
    qtbot.addWidget(tab)
    tab.list_model.page_size = 5
    tab.apply_filter()
    assert len(tab.list_model.rows) == 5 and tab.list_model.canFetchMore()
    tab.list_model.fetchMore()
    tab.list_model.fetchMore()
    assert len(tab.list_model.rows) == 12 and not tab.list_model.canFetchMore()
    qtmodeltester.check(tab.list_model)
    tab.search.setText("arena")  # debounced; apply now
    tab.apply_filter()
    assert row_titles(tab) == []
    tab.search.setText("the")
    tab.apply_filter()
    assert sorted(row_titles(tab)) == ["Jazz at the Court", "The Nutcracker"]


def test_tier_model_editing_rules() -> None:
    model = TierTableModel()
    model.load([TierRow("A", Decimal("10.00"), "#111111", tickets=3)], None)
    assert not model.setData(model.index(0, PRICE), "-5")
    assert not model.setData(model.index(0, PRICE), "ten")
    assert not model.setData(model.index(0, NAME), "   ")
    assert model.setData(model.index(0, PRICE), "12,50")
    assert model.tiers[0].price == Decimal("12.50")
    assert model.setData(model.index(0, PRICE), "€1,250.00")
    assert model.tiers[0].price == Decimal("1250.00")
    row = model.add_tier()
    assert model.tiers[row].name == "Tier 2" and model.tiers[row].colour != "#111111"
    assert model.move_tier(row, -1) == 0 and [t.name for t in model.tiers] == ["Tier 2", "A"]
    assert model.data(model.index(1, PRICE), Qt.ItemDataRole.ToolTipRole)  # tickets: kept price


def test_zone_model_marks_bad_row_specs(editor: EventEditorTab) -> None:
    editor.open_event(editor.list_model.rows[0].id)
    editor.tiers.select_row(0)
    zones: ZoneTableModel = editor.tiers.zones
    rows = zones.index(0, ROWS)
    zones.setData(rows, "A-Z")
    assert "no row 'Z'" in zones.data(rows, Qt.ItemDataRole.ToolTipRole)
    assert zones.data(rows, Qt.ItemDataRole.ForegroundRole) is not None
    editor.save()
    assert "Stalls has no row 'Z'" in editor.error_text


def test_tabs_are_registered_for_managers_only() -> None:

    specs = {t.key: t for t in TABS}
    assert specs["events"].permission.value == "manage_events"
    assert specs["venues"].permission.value == "manage_venues"


def test_clerk_context_cannot_load_the_editor(qtbot: QtBot, ctx: AppContext) -> None:
    tab = EventEditorTab(ctx)  # the main window never offers it; the services refuse anyway
    qtbot.addWidget(tab)
    assert tab.list_model.rows == []
    assert "not allowed to manage events" in tab.error_text


def test_seat_map_tab_shows_the_tiers_being_edited(editor: EventEditorTab) -> None:
    editor.open_event(editor.list_model.rows[0].id)  # Hamlet
    panel = editor.tiers
    panel.zone_side.setCurrentWidget(panel.map)
    seat_map = panel.map.seat_map
    assert seat_map is not None and len(seat_map.seats) == 204
    per_tier: dict[int, int] = {}
    for place in seat_map.seats:
        per_tier[place.tier_id] = per_tier.get(place.tier_id, 0) + 1
    assert per_tier == {1: 56, 2: 84, 3: 64}
    assert [t.colour for t in seat_map.tiers] == [t.colour for t in panel.model.tiers]

    panel.select_row(2)  # Circle: untick its only section
    panel.zones.setData(
        panel.zones.index(1, SECTION), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    redrawn = panel.map.seat_map
    assert redrawn is not None and redrawn is not seat_map
    blocked = [p for p in redrawn.seats if redrawn.states[p.seat_id].value == "blocked"]
    assert len(blocked) == 64 and {p.section for p in blocked} == {"Circle"}


def test_cancel_an_event_with_sales(
    editor: EventEditorTab, manager_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []

    def yes(_parent: object, _title: str, text: str, default: bool = False) -> bool:
        questions.append(text)
        return True

    monkeypatch.setattr(tab_module, "ask", yes)
    infos: list[str] = []
    manager_ctx.messages.info.connect(infos.append)
    hamlet = next(r for r in editor.list_model.rows if r.title == "Hamlet")
    editor.open_event(hamlet.id)
    bookings = editor.edit.confirmed_bookings if editor.edit else 0

    editor.cancel_event()

    assert f"{bookings} confirmed bookings will be cancelled and refunded" in questions[0]
    assert editor.error_text == ""
    assert editor.edit is not None and editor.edit.cancelled
    assert editor.edit.confirmed_bookings == 0
    assert not editor.save_button.isEnabled() and not editor.cancel_button.isEnabled()
    assert editor.badge.text() == "Cancelled"
    assert infos and infos[-1].startswith(f"Cancelled “Hamlet”: {bookings} bookings refunded")
    row = editor.list_model.rows[editor.list_model.row_of(hamlet.id) or 0]
    assert (
        editor.list_model.data(editor.list_model.index(editor.list_model.row_of(hamlet.id) or 0, 3))
        == "Cancelled"
    )
    assert row.status == "cancelled"


def test_with_the_threaded_task_runner(qtbot: QtBot, make_ctx: Callable[..., AppContext]) -> None:
    """The real worker pool: results arrive through the event loop, the GUI thread never waits."""
    ctx = make_ctx("manager", threaded=True)
    tab = EventEditorTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: len(tab.list_model.rows) == 12, timeout=10_000)
    qtbot.waitUntil(lambda: tab.form.venue.count() == 3, timeout=10_000)
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: tab.edit is not None, timeout=10_000)
    assert tab.edit is not None
    tab.form.title.setText("Hamlet (matinee)")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.save()
    qtbot.waitUntil(lambda: "Hamlet (matinee)" in row_titles(tab), timeout=10_000)
    assert tab.error_text == ""


def test_new_venues_appear_when_the_tab_is_shown_again(
    qtbot: QtBot, editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    editor.show()
    qtbot.waitExposed(editor)
    arena = next(r for r in editor.list_model.rows if r.title == "Polar Lights Tour")
    editor.open_event(arena.id)
    layout_before = editor.form.layout_combo.currentData()
    venues.create_venue(manager_ctx.db, manager_ctx.actor, "Open Air Stage")
    editor.hide()
    editor.show()
    assert editor.form.venue.findText("Open Air Stage") >= 0
    assert editor.form.venue.currentText() == "Riverside Arena"
    assert editor.form.layout_combo.currentData() == layout_before
    assert not editor.form.general.isChecked() and not editor.dirty
    assert editor.tiers.model.covered


def test_re_entry_is_set_on_the_form_and_kept(
    editor: EventEditorTab, manager_ctx: AppContext
) -> None:
    """The door scans holders out and back in only for events the manager marked so."""
    editor.new_event()
    assert not editor.form.reentry.isChecked()
    editor.form.title.setText("Festival Day")
    pick_venue(editor, "The Cellar Club")
    editor.form.capacity.setValue(100)
    assert editor.tiers.model.setData(editor.tiers.model.index(0, SEATS), 100)
    editor.form.reentry.setChecked(True)
    assert editor.dirty
    editor.save()
    assert editor.error_text == ""
    assert editor.edit is not None and editor.edit.draft.allow_reentry
    saved = events.event_for_edit(manager_ctx.db, manager_ctx.actor, editor.edit.id)
    assert saved.draft.allow_reentry

    editor.new_event()  # a new event starts without re-entry
    assert not editor.form.reentry.isChecked()
    editor.show_event(saved)
    assert editor.form.reentry.isChecked()
    editor.form.reentry.setChecked(False)
    editor.save()
    assert not events.event_for_edit(
        manager_ctx.db, manager_ctx.actor, saved.id
    ).draft.allow_reentry
