"""Helpers for driving the Sell tab like a clerk does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.context import AppContext
from boxoffice.gui.sale.sell_tab import SellTab


def sell_tab(qtbot: QtBot, ctx: AppContext) -> SellTab:
    tab = SellTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1400, 900)
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)  # keyboard focus needs an active window
    return tab


def open_event(qtbot: QtBot, tab: SellTab, title: str) -> None:
    """Type the title in the search box and press Enter (what a clerk does)."""
    search = tab.browser.filters.search
    search.clear()
    qtbot.keyClicks(search, title)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            tab.controller.event_detail is not None and tab.controller.event_detail.title == title
        )
    )


def available_seats(tab: SellTab, count: int, tier_name: str | None = None) -> list[int]:
    """The first *count* free seats (of *tier_name*), wheelchair spaces left out."""
    seat_map = tab.controller.seat_map
    assert seat_map is not None
    tiers = {t.id: t.name for t in seat_map.tiers}
    found = [
        s.seat_id
        for s in seat_map.seats
        if seat_map.states[s.seat_id] is SeatState.AVAILABLE
        and (tier_name is None or tiers[s.tier_id] == tier_name)
        and not s.accessible  # a wheelchair space brings a companion seat along
    ]
    return found[:count]


def click_seat(qtbot: QtBot, tab: SellTab, seat_id: int) -> None:
    view = tab.seat_map
    pos = view.seat_view_pos(seat_id)
    assert pos is not None and view.viewport().rect().contains(pos), "seat not on screen"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
