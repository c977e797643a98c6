"""The Sell tab's "Sell for": a clerk sells an allocation's seats or GA places, a manager sells
house seats; the waiting list opens for general-admission events too (demo database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.gui.context import AppContext
from boxoffice.services.events import allocations
from tests.gui.sale.sale_support import click_seat, open_event, sell_tab
from tests.gui.screens import save

pytestmark = pytest.mark.gui


def _choose(tab: object, text: str) -> None:
    combo = tab.sell_for.combo  # type: ignore[attr-defined]
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_a_clerk_sells_seats_of_an_allocation_only_when_selling_for_it(
    qtbot: QtBot, ctx: AppContext
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Chamber Music Evening")
    assert not tab.sell_for.isHidden()
    texts = [tab.sell_for.combo.itemText(i) for i in range(tab.sell_for.combo.count())]
    assert texts[0] == "General sale"
    assert any(t.startswith("Group: St Mary's school — ") for t in texts)
    assert not any(t.startswith("House seats") for t in texts)  # a clerk may not
    event_id = tab.controller.event_detail.id  # type: ignore[union-attr]
    (group,) = [a for a in allocations.list_allocations(ctx.db, ctx.actor, event_id)
                if a.label.startswith("Group")]  # fmt: skip
    seat_map = tab.controller.seat_map
    assert seat_map is not None
    kind = next(look.id for look in seat_map.hold_types if look.name == "Allocation")
    seat = min(i for i, t in seat_map.house.items() if t == kind)
    # On general sale the allocated seat is not for the clerk: the click does nothing.
    click_seat(qtbot, tab, seat)
    assert tab.controller.hold is None
    _choose(tab, "Group: St Mary's school")
    assert tab.controller.sell_for == {"allocation": group.id}
    click_seat(qtbot, tab, seat)
    qtbot.waitUntil(lambda: tab.controller.hold is not None)
    assert tab.controller.hold is not None and tab.controller.hold.seat_ids == (seat,)
    tab.grab().save("/tmp/inventory-sell-for.png")
    # Another event: general sale again.
    open_event(qtbot, tab, "Hamlet")
    assert tab.controller.sell_for == {}


def test_ga_places_are_drawn_from_an_allocation_and_waiting_lists_open(
    qtbot: QtBot, ctx: AppContext
) -> None:
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Techno Marathon")
    assert tab.actions_by_name["waitlist"].isEnabled()  # GA events have waiting lists too
    event = tab.controller.event_detail
    assert event is not None
    standing = next(t.id for t in event.tiers if t.name == "Standing")
    _choose(tab, "Phone (Standing) — 20 left")
    tab.best.requested.emit(2, standing)
    qtbot.waitUntil(lambda: tab.controller.hold is not None)
    (phone,) = [
        a for a in allocations.list_allocations(ctx.db, ctx.actor, event.id) if a.label == "Phone"
    ]
    assert (phone.sold, phone.remaining) == (2, 18)


def test_a_manager_sells_house_seats(qtbot: QtBot, manager_ctx: AppContext) -> None:
    tab = sell_tab(qtbot, manager_ctx)
    open_event(qtbot, tab, "Chamber Music Evening")
    _choose(tab, "House seats")
    assert tab.controller.sell_for == {"from_house": True}
    seat_map = tab.controller.seat_map
    assert seat_map is not None
    kind = next(look.id for look in seat_map.hold_types if look.name == "House")
    house_seats = sorted(i for i, t in seat_map.house.items() if t == kind)
    click_seat(qtbot, tab, house_seats[0])
    qtbot.waitUntil(lambda: tab.controller.hold is not None)
    assert tab.controller.hold is not None and tab.controller.hold.seat_ids == (house_seats[0],)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sell_for_screenshot(
    qtbot: QtBot, ctx: AppContext, screens_folder: Path, styled: None
) -> None:
    """docs/sell-for.png: a clerk selling the school group's seats of Chamber Music Evening."""
    tab = sell_tab(qtbot, ctx)
    open_event(qtbot, tab, "Chamber Music Evening")
    _choose(tab, "Group: St Mary's school")
    seat_map = tab.controller.seat_map
    assert seat_map is not None
    kind = next(look.id for look in seat_map.hold_types if look.name == "Allocation")
    for seat in sorted(i for i, t in seat_map.house.items() if t == kind)[:2]:
        click_seat(qtbot, tab, seat)
    qtbot.waitUntil(lambda: tab.controller.hold is not None and tab.controller.hold.quantity == 2)
    save(tab, screens_folder / "sell-for.png", min_width=1200, step=17, min_colours=12)
