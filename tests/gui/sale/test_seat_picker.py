"""The keyboard seat chooser (Ctrl+Shift+S on the Sell tab): section, row and seats from lists
with accessible names, only free seats, prices by format_money; the seats ticked are held as
clicks on the map would hold them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import SeatChanges, SeatState
from boxoffice.gui.context import AppContext
from boxoffice.gui.sale.seat_picker import SEAT_ID, SeatPickerDialog
from boxoffice.gui.sale.sell_tab import SellTab
from boxoffice.gui.widgets.accessible import accessible_name, unnamed_controls
from tests.gui.sale.sale_support import open_event, sell_tab

pytestmark = pytest.mark.gui


def open_picker(qtbot: QtBot, tab: SellTab) -> SeatPickerDialog:
    """Ctrl+Shift+S, as a clerk presses it on the Sell tab."""
    qtbot.keyClick(
        QApplication.focusWidget() or tab,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = tab.seat_picker
    assert isinstance(dialog, SeatPickerDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def key(qtbot: QtBot, k: Qt.Key) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, k)


def test_two_seats_chosen_by_keyboard_only_are_held(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    dialog = open_picker(qtbot, tab)
    assert unnamed_controls(dialog) == []
    assert accessible_name(dialog.section) == "Section"
    assert accessible_name(dialog.seats) == "Free seats in the row"
    assert dialog.section.hasFocus()

    key(qtbot, Qt.Key.Key_Down)  # the second section
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.row.hasFocus()
    key(qtbot, Qt.Key.Key_Down)  # its second row
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.seats.hasFocus()
    key(qtbot, Qt.Key.Key_Space)  # tick the first seat
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)  # and the next
    first, second = (dialog.seats.item(i) for i in (0, 1))
    wanted = [int(first.data(SEAT_ID)), int(second.data(SEAT_ID))]
    assert sorted(dialog.chosen) == sorted(wanted)
    place = tab.seat_map.seat(wanted[0])
    assert place is not None
    tier = next(t for t in tab.seat_map.tiers() if t.id == place.tier_id)
    assert format_money(tier.price) in first.text()
    assert dialog.hold_button.text().replace("&", "") == "Hold 2 seats"
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.controller.hold is not None and not tab.controller.busy)
    hold = tab.controller.hold
    assert hold is not None and sorted(hold.seat_ids) == sorted(wanted)
    assert [tab.seat_map.state(s) for s in wanted] == [SeatState.HELD_MINE] * 2
    assert not dialog.isVisible()


def test_only_free_seats_are_listed_and_the_list_follows_the_map(
    qtbot: QtBot, ctx: AppContext
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Hamlet")
    tab.best.quantity.setValue(2)
    tab.best.submit()
    held = tab.controller.hold
    assert held is not None
    dialog = open_picker(qtbot, tab)

    def listed() -> set[int]:
        ids = set()
        for s in range(dialog.section.count()):
            dialog.section.setCurrentIndex(s)
            for r in range(dialog.row.count()):
                dialog.row.setCurrentIndex(r)
                items = (dialog.seats.item(i) for i in range(dialog.seats.count()))
                ids |= {int(item.data(SEAT_ID)) for item in items}
        return ids

    free = {
        p.seat_id
        for p in tab.seat_map.model_places()
        if tab.seat_map.state(p.seat_id) is SeatState.AVAILABLE
    }
    assert listed() == free and not set(held.seat_ids) & free
    # Another desk sells a seat while the list is open: it leaves the list.
    gone = min(free)
    seat_map = tab.seat_map.seat_map()
    assert seat_map is not None
    tab.seat_map.apply_changes(
        SeatChanges(seat_map.event_id, tab.seat_map.version + 1, {gone: SeatState.SOLD})
    )
    assert listed() == free - {gone}


def test_no_event_no_chooser(qtbot: QtBot, ctx: AppContext) -> None:
    tab = sell_tab(qtbot, ctx)
    tab.choose_seats()
    assert tab.seat_picker is None
