"""The Check-in tab driven like a door scanner: keystrokes + Enter, paste, on the demo DB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from boxoffice.gui.checkin import CheckInTab
from boxoffice.gui.context import AppContext
from boxoffice.gui.theme import colour
from boxoffice.services.tickets.checkin import CheckInResult, Outcome
from tests.gui.conftest import MessageLog
from tests.gui.screens import TAB_SIZE
from tests.printing.support import demo_bookings, pick

pytestmark = pytest.mark.gui

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _tab(qtbot: QtBot, ctx: AppContext, event_id: int | None) -> CheckInTab:
    tab = CheckInTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(900, 620)
    tab.show()
    tab.select_event(event_id)
    assert tab.event_id == event_id
    return tab


def _scan(qtbot: QtBot, tab: CheckInTab, text: str) -> None:
    qtbot.keyClicks(tab.field, text)
    qtbot.keyClick(tab.field, Qt.Key.Key_Return)


def test_scan_admits_once_then_says_already_used(
    qtbot: QtBot, ctx: AppContext, messages: MessageLog
) -> None:
    booking = pick(ctx.db, min_tickets=2)
    tab = _tab(qtbot, ctx, booking.event_id)
    sold = int(tab.attendance_label.text().split("/")[1].split()[0])
    assert tab.attendance_label.text() == f"Checked in 0 / {sold} sold"

    code = booking.tickets[0].code
    _scan(qtbot, tab, code)
    assert tab.panel.verdict == "admitted"
    assert "ADMIT" in tab.panel.headline.text()
    assert booking.reference in tab.panel.details.text()
    assert tab.field.text() == ""  # ready for the next ticket
    assert tab.attendance_label.text() == f"Checked in 1 / {sold} sold"

    _scan(qtbot, tab, code)
    assert tab.panel.verdict == "refused"
    assert tab.panel.reason.text().startswith("Already used at ")
    assert tab.attendance_label.text() == f"Checked in 1 / {sold} sold"
    assert tab.history.count() == 2
    assert "✖" in tab.history.item(0).text() and "✔" in tab.history.item(1).text()
    assert messages.errors == []


def test_pasted_code_is_checked_without_enter(qtbot: QtBot, ctx: AppContext) -> None:
    booking = pick(ctx.db)
    tab = _tab(qtbot, ctx, booking.event_id)
    QApplication.clipboard().setText(booking.tickets[0].code)
    with qtbot.waitSignal(tab.result_shown, timeout=2000) as shown:
        qtbot.keyClick(tab.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    result: CheckInResult = shown.args[0]
    assert result.outcome is Outcome.ADMITTED
    assert tab.panel.verdict == "admitted"


def test_refusals_are_red_with_the_reason(qtbot: QtBot, ctx: AppContext) -> None:
    booking = pick(ctx.db)
    other = next(b for b in demo_bookings(ctx.db) if b.event_id != booking.event_id)
    tab = _tab(qtbot, ctx, other.event_id)
    _scan(qtbot, tab, booking.tickets[0].code)
    assert tab.panel.verdict == "refused"
    assert tab.panel.reason.text() == f"Wrong event: this ticket is for {booking.event_title}."

    code = booking.tickets[0].code
    _scan(qtbot, tab, code[:-4] + ("AAAA" if code[-4:] != "AAAA" else "BBBB"))
    # A typing slip asks to check the typing; it never accuses the customer of forgery.
    assert tab.panel.reason.text() == "Code not recognised — check the typing."
    slip = code[:-4] + ("AAAA" if code[-4:] != "AAAA" else "BBBB")
    assert tab.field.text() == slip and tab.field.selectedText() == slip  # to fix, not retype
    qtbot.keyClick(tab.field, Qt.Key.Key_End)
    qtbot.keyClick(tab.field, Qt.Key.Key_Backspace)
    assert tab.field.text() == slip[:-1]  # an edit, not taken for a paste
    tab.field.clear()
    typed = code.replace("0", "o").replace("1", "l").replace("5", "S").lower()
    _scan(qtbot, tab, typed)  # look-alike letters are read as the digits
    assert tab.panel.reason.text() == f"Wrong event: this ticket is for {booking.event_title}."

    cancelled = pick(ctx.db, status="cancelled")
    tab.select_event(cancelled.event_id)
    assert tab.panel.verdict == "idle"
    _scan(qtbot, tab, cancelled.tickets[0].code)
    assert tab.panel.reason.text().startswith("Cancelled ticket")

    _scan(qtbot, tab, "not a ticket at all")
    assert tab.panel.verdict == "refused"


def test_any_event_mode_and_threaded_runner(qtbot: QtBot, threaded_ctx: AppContext) -> None:
    """With the real worker threads the verdict arrives through the event loop."""
    booking = pick(threaded_ctx.db)
    tab = CheckInTab(threaded_ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.event_combo.count() > 1, timeout=10_000)
    tab.select_event(None)
    assert tab.event_id is None
    with qtbot.waitSignal(tab.result_shown, timeout=10_000) as shown:
        _scan(qtbot, tab, booking.tickets[0].code)
    assert shown.args[0].outcome is Outcome.ADMITTED
    assert tab.panel.verdict == "admitted"


def test_tab_is_registered_for_door_staff() -> None:
    from boxoffice.domain.roles import Permission
    from boxoffice.gui.tabs import TABS

    spec = next(t for t in TABS if t.key == "checkin")
    assert spec.permission is Permission.CHECK_IN and spec.shortcut == "F4"


def _colour_at_panel(tab: CheckInTab) -> QColor:
    image = tab.grab().toImage()
    centre = tab.panel.mapTo(tab, QPoint(12, tab.panel.height() // 2))
    return image.pixelColor(centre)


def test_screenshot_green_and_red(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, styled: None
) -> None:
    """docs/checkin.png: the same door after an admission and after a refusal, in the desk's
    theme (the verdict colours are the stylesheet's, the same as the theme's ok/error roles).

    Written to docs/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder.
    """
    booking = pick(ctx.db, min_tickets=2)
    tab = _tab(qtbot, ctx, booking.event_id)
    tab.resize(*TAB_SIZE)
    _scan(qtbot, tab, booking.tickets[1].code)
    assert _colour_at_panel(tab).name() == colour("ok").name()
    green = tab.grab().toImage()
    _scan(qtbot, tab, booking.tickets[1].code)
    assert _colour_at_panel(tab).name() == colour("error").name()
    red = tab.grab().toImage()

    gap = 16
    both = QImage(green.width() * 2 + gap, green.height(), QImage.Format.Format_RGB32)
    both.fill(QColor("#d0d7de"))
    painter = QPainter(both)
    painter.drawImage(0, 0, green)
    painter.drawImage(green.width() + gap, 0, red)
    painter.end()
    folder = DOCS if os.environ.get("BOXOFFICE_WRITE_DOCS") == "1" else tmp_path
    folder.mkdir(exist_ok=True)
    assert both.save(str(folder / "checkin.png"))
    assert QImage(str(folder / "checkin.png")).width() == both.width()
