"""The outbox pump every desk runs, and the "share this event" dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from boxoffice.db.models import Event, OutboxEmail
from boxoffice.gui.context import AppContext
from boxoffice.gui.mail.outbox_pump import OutboxPump
from boxoffice.gui.sale.share_dialog import ShareEventDialog
from boxoffice.services.mail import outbox
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.sender import SendReport
from tests.gui.conftest import MessageLog
from tests.smtp_server import SmtpServer, configure_mail

pytestmark = pytest.mark.gui


def test_the_pump_sends_off_the_gui_thread_on_a_timer(
    qtbot: QtBot, make_ctx: Callable[..., AppContext], smtp_server: SmtpServer
) -> None:
    ctx = make_ctx("clerk", threaded=True)  # any desk pumps, whatever its role
    configure_mail(ctx.db, smtp_server)
    mails = [
        NewMail(MailKind.SHARE, f"p{i}", f"f{i}@example.com", Composed("S", "T", ""))
        for i in range(3)
    ]
    ctx.db.run(lambda s: outbox.enqueue_many(s, mails))
    pump = OutboxPump(ctx, interval_ms=100)
    reports: list[SendReport] = []
    pump.ran.connect(reports.append)
    with qtbot.waitSignal(pump.ran, timeout=20_000):
        pump.start(first_run_ms=0)
    assert pump.active and reports[0].sent == 3
    # Later ticks find nothing due and send nothing again.
    qtbot.waitUntil(lambda: len(reports) >= 3, timeout=20_000)
    pump.stop()
    ctx.tasks.wait()
    assert not pump.active and sum(r.sent for r in reports) == 3
    assert len(smtp_server.messages) == 3


def test_a_tick_is_skipped_while_a_run_is_in_flight(
    qtbot: QtBot, make_ctx: Callable[..., AppContext]
) -> None:
    ctx = make_ctx("clerk", threaded=True)
    pump = OutboxPump(ctx)
    calls: list[int] = []
    ctx.tasks.run = lambda *a, **k: calls.append(1)  # type: ignore[method-assign]
    pump.tick()
    pump.tick()
    assert calls == [1] and pump.running


def first_event(ctx: AppContext) -> tuple[int, str]:
    with ctx.db.session() as s:
        row = s.execute(select(Event.id, Event.title).order_by(Event.starts_at)).first()
    assert row is not None
    return row[0], row[1]


def test_share_dialog_queues_one_mail(qtbot: QtBot, ctx: AppContext, messages: MessageLog) -> None:
    event_id, title = first_event(ctx)
    dialog = ShareEventDialog(ctx, event_id)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == title and dialog.send_button.isEnabled()

    dialog.to_addr.setText("not-an-address")
    dialog.send_button.click()
    assert dialog.error.isVisibleTo(dialog) and "exactly one @" in dialog.error.text()
    assert dialog.result() == 0 and dialog.send_button.isEnabled()

    dialog.to_addr.setText("friend@example.com")
    dialog.shared_by.setText("Alice")
    dialog.note.setPlainText("Fancy it?")
    with qtbot.waitSignal(dialog.shared) as sent:
        dialog.send_button.click()
    assert sent.args[0].subject == f"Alice thought you might like {title}"
    assert dialog.result() == 1
    assert messages.infos == ["Event shared with friend@example.com; the e-mail is on its way."]
    # A second click on the same dialog (say, after a glitch) cannot queue another copy.
    dialog.send()
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEmail)) == 1


def test_share_dialog_for_a_missing_event(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = ShareEventDialog(ctx, 987654)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "This event cannot be shared"
    assert not dialog.send_button.isEnabled() and "no event" in dialog.error.text()
