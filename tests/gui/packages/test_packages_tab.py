"""The Packages tab on the demo database: a manager bundles events of one layout, a clerk sells
the best seat free in all of them with F9 (the same seat every night)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.db.models import EventSeat, Ticket
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.tender import CashTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.packages.tab import PackagesTab, parse_prices
from boxoffice.services.packages import (
    create_package,
    create_renewal,
    events_to_bundle,
    package_view,
    sell_package,
)
from tests.gui.conftest import MessageLog
from tests.gui.screens import save

pytestmark = pytest.mark.gui

D = Decimal


def _tab(qtbot: QtBot, ctx: AppContext) -> PackagesTab:
    tab = PackagesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 640)
    tab.show()
    return tab


def test_parse_prices_says_what_is_wrong() -> None:
    assert {k: str(v) for k, v in parse_prices("Front=120, Back = 80.5").items()} == {
        "Front": "120.00",
        "Back": "80.50",
    }
    for bad in ("", "Front", "Front=-3", "=4"):
        with pytest.raises(ValidationError):
            parse_prices(bad)


def test_manager_creates_and_clerk_sells_a_season_ticket_with_f9(
    qtbot: QtBot,
    manager_ctx: AppContext,
    manager_messages: MessageLog,
    ctx: AppContext,
    messages: MessageLog,
    screens_folder: Path,
    styled: None,
) -> None:
    manager = _tab(qtbot, manager_ctx)
    assert manager.create_box is not None and manager.events.count() > 1
    # Up to three events of the layout with the most upcoming events.
    choices = manager_ctx.services.call(events_to_bundle)
    layout, count = Counter(c.layout_id for c in choices).most_common(1)[0]
    assert count >= 2
    picked = [c for c in choices if c.layout_id == layout][:3]
    for i in range(manager.events.count()):
        item = manager.events.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in {c.id for c in picked}:
            item.setCheckState(Qt.CheckState.Checked)
    manager.name_edit.setText("Test season")
    manager.prices_edit.setText(", ".join(f"{t}=99" for t in picked[0].tiers))
    manager.create_button.click()
    assert manager_messages.errors == []
    assert manager_messages.infos == ["Package Test season created."]

    manager.close()
    clerk = _tab(qtbot, ctx)
    assert clerk.create_box is None  # a clerk sells, a manager makes packages
    assert clerk.packages.currentItem().text() == f"Test season ({len(picked)} events)"
    assert clerk.seats.count() > 0 and clerk.sell_button.isEnabled()
    seat_text = clerk.seats.currentItem().text()
    save(clerk, screens_folder / "packages.png", 900, 16, 4)
    clerk.activateWindow()
    qtbot.waitUntil(clerk.isActiveWindow)
    clerk.seats.setFocus()
    QTest.keyClick(clerk.seats, Qt.Key.Key_F9)
    assert messages.errors == [], messages.errors
    assert messages.infos[-1].startswith("Season ticket ")
    assert seat_text in messages.infos[-1]

    def sold_seats(s):  # type: ignore[no-untyped-def]
        return s.execute(
            select(Ticket.event_id, EventSeat.seat_id)
            .join(EventSeat, EventSeat.id == Ticket.event_seat_id)
            .where(Ticket.event_id.in_([c.id for c in picked]))
            .order_by(Ticket.id.desc())
            .limit(len(picked))
        ).all()

    rows = ctx.db.run(sold_seats)
    assert sorted(e for e, _s in rows) == sorted(c.id for c in picked)
    assert len({s for _e, s in rows}) == 1  # the same seat every night
    # The seat just sold is no longer offered.
    assert clerk.seats.currentItem().text() != seat_text


def test_a_clerk_renews_a_season_ticket_by_its_reference(
    qtbot: QtBot,
    manager_ctx: AppContext,
    ctx: AppContext,
    messages: MessageLog,
) -> None:
    choices = manager_ctx.services.call(events_to_bundle)
    layout, count = Counter(c.layout_id for c in choices).most_common(1)[0]
    ours = [c for c in choices if c.layout_id == layout]
    assert count >= 2
    this, nxt = ours[: len(ours) // 2], ours[len(ours) // 2 :]
    tier = this[0].tiers[0]
    pid = manager_ctx.services.call(create_package, "This season", [c.id for c in this], {tier: 50})
    seat = ctx.services.call(package_view, pid).best[0]
    sold = ctx.services.call(
        sell_package, pid, seat.seat_id, [CashTender(D("50.00"), D("50.00"))], "gui-renew"
    )
    manager_ctx.services.call(
        create_renewal,
        pid,
        "Next season",
        [c.id for c in nxt],
        {t: 60 for t in nxt[0].tiers},
        utcnow() + timedelta(days=2),
    )
    tab = _tab(qtbot, ctx)
    tab.renew_edit.setText(sold.reference.lower())
    QTest.keyClick(tab.renew_edit, Qt.Key.Key_Return)
    assert messages.errors == []
    assert tab.renew_button.isEnabled() and seat.label in tab.renew_label.text()
    tab.renew_button.click()
    assert messages.errors == [], messages.errors
    assert messages.infos[-1].startswith(f"Season ticket {sold.reference} renewed as ")
    assert not tab.renew_button.isEnabled()


def test_a_clerk_exchanges_a_night_then_cancels_one_and_the_rest(
    qtbot: QtBot,
    manager_ctx: AppContext,
    ctx: AppContext,
    messages: MessageLog,
    screens_folder: Path,
) -> None:
    from sqlalchemy import update

    from boxoffice.db.models import Event

    choices = manager_ctx.services.call(events_to_bundle)
    layout, count = Counter(c.layout_id for c in choices).most_common(1)[0]
    ours = [c for c in choices if c.layout_id == layout]
    assert count >= 3
    nights, spare = ours[:2], ours[2]
    title = ctx.db.run(lambda s: s.get_one(Event, nights[0].id).title)
    # The spare date becomes another performance of the first night's production.
    ctx.db.run(lambda s: s.execute(update(Event).where(Event.id == spare.id).values(title=title)))
    tier = nights[0].tiers[0]
    pid = manager_ctx.services.call(create_package, "Swap", [c.id for c in nights], {tier: 40})
    seat = ctx.services.call(package_view, pid).best[0]
    sold = ctx.services.call(
        sell_package, pid, seat.seat_id, [CashTender(D("40.00"), D("40.00"))], "gui-swap"
    )
    tab = _tab(qtbot, ctx)
    assert not tab.exchange_button.isEnabled() and not tab.cancel_all_button.isEnabled()
    tab.change_edit.setText(sold.reference.lower())
    QTest.keyClick(tab.change_edit, Qt.Key.Key_Return)
    assert messages.errors == [], messages.errors
    assert tab.held_nights.count() == 2 and tab.change_label.text().startswith("Swap: ")
    row = next(i for i, n in enumerate(tab.holder.nights) if n.event_id == nights[0].id)
    tab.held_nights.setCurrentRow(row)
    assert tab.other_dates.findData(spare.id) >= 0
    tab.other_dates.setCurrentIndex(tab.other_dates.findData(spare.id))
    save(tab, screens_folder / "packages-exchange.png", 900, 16, 4)
    tab.exchange_button.click()
    assert messages.errors == [], messages.errors
    assert "moved to" in messages.infos[-1]
    assert {n.event_id for n in tab.holder.nights} == {nights[1].id, spare.id}

    tab.held_nights.setCurrentRow(0)
    tab.cancel_night_button.click()
    assert messages.errors == [], messages.errors
    assert messages.infos[-1].startswith(f"Season ticket {sold.reference}: cancelled, ")
    assert tab.held_nights.count() == 1
    tab.cancel_all_button.click()
    assert messages.errors == [], messages.errors
    assert tab.held_nights.count() == 0 and "cancelled" in tab.change_label.text()
    assert not tab.cancel_all_button.isEnabled()
