"""The check-in tab as a door station: online, offline through an unreachable server, and a
double entry reported after reconnecting; screenshots of the three states."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.db.database import Database
from boxoffice.gui.checkin import CheckInTab
from boxoffice.gui.context import AppContext
from boxoffice.services.door.station import DoorStation
from boxoffice.services.door.station_store import StationStore
from tests.gui.conftest import MessageLog
from tests.gui.screens import TAB_SIZE
from tests.printing.support import pick

pytestmark = pytest.mark.gui

DOCS = Path(__file__).resolve().parents[2] / "docs"
UNREACHABLE = "mysql+pymysql://root@127.0.0.1:1/boxoffice"  # refused at once, like a dead server


def _scan(qtbot: QtBot, tab: CheckInTab, text: str) -> None:
    qtbot.keyClicks(tab.field, text)
    qtbot.keyClick(tab.field, Qt.Key.Key_Return)


def _save(tab: CheckInTab, name: str, tmp_path: Path) -> None:
    folder = DOCS if os.environ.get("BOXOFFICE_WRITE_DOCS") == "1" else tmp_path
    assert tab.grab().save(str(folder / name))


def test_door_scans_online_offline_and_reports_a_double_entry(
    qtbot: QtBot,
    manager_ctx: AppContext,
    manager_messages: MessageLog,
    tmp_path: Path,
    styled: None,  # the pictures in docs/ show the desk's look (verdict colours)
) -> None:
    ctx = manager_ctx
    booking = pick(ctx.db, min_tickets=2)
    tab = CheckInTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(*TAB_SIZE)
    tab.show()
    tab.select_event(booking.event_id)
    tab.door.gate_edit.setText("North")
    tab.door.gate_edit.editingFinished.emit()
    assert ctx.settings.value("door/gate") == "North"
    station = tab.link.station
    assert station is not None and station.gate == "North"

    # Online.
    _scan(qtbot, tab, booking.tickets[0].code)
    assert tab.panel.verdict == "admitted"
    assert tab.door.status.text() == "● ONLINE · gate North"
    assert tab.door.counts.text().startswith("Inside now 1 · North 1 in / 0 out")
    _save(tab, "door-online.png", tmp_path)

    # The server goes away: the queue keeps moving, and the bar says so.
    other = DoorStation(
        ctx.db, ctx.actor, StationStore(tmp_path / "south.sqlite3"),
        station="south-1", gate="South", event_id=booking.event_id,
    )  # fmt: skip
    assert other.refresh()
    down = Database(UNREACHABLE)
    station.db = other.db = down
    station.retry_every = timedelta(0)
    _scan(qtbot, tab, booking.tickets[0].code)  # admitted online before: this door knows
    assert tab.panel.verdict == "refused"
    assert tab.door.status.text().startswith("● OFFLINE — checking from the door list")
    assert other.scan(booking.tickets[1].code).result.ok  # a ticket at another gate...
    _scan(qtbot, tab, booking.tickets[1].code)  # ...and here: neither door can know
    assert tab.panel.verdict == "admitted" and "offline" in tab.panel.reason.text()
    assert "2 scans to upload" in tab.door.status.text()
    _save(tab, "door-offline.png", tmp_path)
    tab.refresh_attendance()  # skipped while offline: no error for the user
    assert manager_messages.errors == []

    # Back online: the other gate uploads first; this door's upload finds the double entry.
    other.db = ctx.db
    assert other.reconnect()
    station.db = ctx.db
    tab.tick()
    assert tab.door.state is not None and tab.door.state.online
    assert tab.door.state.pending == 0 and tab.door.state.conflicts == 1
    assert "double entry reported to managers" in tab.door.status.text()
    assert "⚠ 1 conflict" in tab.door.counts.text()
    assert booking.reference in tab.door.counts.toolTip()
    _save(tab, "door-conflict.png", tmp_path)
    down.dispose()
    assert manager_messages.errors == []
