"""The admin's Mail tab against a real SMTP server: test e-mail, saving, the outbox panel."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, OutboxEmail
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.gui.mail.tab import MailTab
from boxoffice.gui.tabs import TABS
from boxoffice.services.mail import notifications, outbox, weekly_mailing
from boxoffice.services.mail.outbox import Composed, MailKind, NewMail
from boxoffice.services.mail.sender import send_due
from boxoffice.services.mail.settings import SmtpSecurity, get_mail_settings
from tests.gui.conftest import MessageLog
from tests.gui.screens import TAB_SIZE
from tests.smtp_server import (
    SmtpServer,
    TlsFiles,
    configure_mail,
    free_port,
    make_server,
    running,
)

pytestmark = pytest.mark.gui
DOCS = Path(__file__).resolve().parents[3] / "docs"


def fill(tab: MailTab, port: int, security: SmtpSecurity = SmtpSecurity.NONE) -> None:
    form = tab.form
    form.host.setText("127.0.0.1")
    form.security.setCurrentIndex(form.security.findData(security.value))
    form.port.setValue(port)
    form.from_addr.setText("desk@example.com")
    form.from_name.setText("Royal Box Office")


def queue(db: Database, n: int) -> None:
    mails = [
        NewMail(MailKind.SHARE, f"gui{i}", f"f{i}@example.com", Composed(f"S{i}", "T", "<p>H</p>"))
        for i in range(n)
    ]
    db.run(lambda s: outbox.enqueue_many(s, mails))


def test_the_mail_tab_is_for_admins() -> None:

    [spec] = [t for t in TABS if t.key == "mail"]
    assert spec.permission is Permission.MANAGE_SETTINGS


def test_test_email_button_sends_through_the_typed_settings(
    qtbot: QtBot, make_ctx: Callable[..., AppContext], smtp_server: SmtpServer
) -> None:
    ctx = make_ctx("admin", threaded=True)  # the real worker threads, as on a desk
    tab = MailTab(ctx)
    qtbot.addWidget(tab)
    # The stored settings arrive through the event loop, which has not run yet: the form
    # waits for them disabled, so they cannot overwrite what the admin types.
    assert not tab.form.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        pass
    assert tab.form.isEnabled()
    fill(tab, smtp_server.port)
    tab.test_to.setText("admin@example.com")
    with qtbot.waitSignal(tab.test_finished, timeout=20_000) as result:
        qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    assert result.args[0] is True
    assert tab.test_result.text().startswith("✓ Test e-mail sent to admin@example.com")
    assert tab.test_button.isEnabled()
    [msg] = smtp_server.messages
    assert msg["To"] == "admin@example.com"
    assert msg["From"] == "Royal Box Office <desk@example.com>"
    # Nothing was saved by testing.
    assert not get_mail_settings(ctx.db, SYSTEM).configured

    tab.form.port.setValue(free_port())  # nobody listens there
    with qtbot.waitSignal(tab.test_finished, timeout=20_000) as result:
        tab.test_button.click()
    assert result.args[0] is False
    assert "refused the connection" in tab.test_result.text()
    assert tab.test_result.property("level") == "error"
    ctx.tasks.wait()


def test_saving_keeps_the_password_out_of_sight(
    qtbot: QtBot, make_ctx: Callable[..., AppContext]
) -> None:
    ctx = make_ctx("admin")
    log = MessageLog()
    log.attach(ctx.messages)
    tab = MailTab(ctx)
    qtbot.addWidget(tab)
    fill(tab, 587, SmtpSecurity.STARTTLS)
    tab.form.from_addr.setText("not an address")
    tab.save_button.click()
    assert tab.error.isVisibleTo(tab) and "Sender (From) address" in tab.error.text()

    tab.form.from_addr.setText("desk@example.com")
    tab.form.username.setText("desk")
    tab.form.password.setText("hunter2 hunter2")
    with qtbot.waitSignal(tab.saved):
        tab.save_button.click()
    assert log.infos == ["Mail settings saved."]
    assert not tab.error.isVisibleTo(tab)
    stored = get_mail_settings(ctx.db, SYSTEM)
    assert stored.has_password and stored.username == "desk" and stored.port == 587
    assert tab.form.password.text() == ""
    assert "stored" in tab.form.password.placeholderText()
    assert tab.form.forget_password.isVisibleTo(tab)

    # Switching security moves a default port along.
    tab.form.security.setCurrentIndex(tab.form.security.findData("ssl"))
    assert tab.form.port.value() == 465
    tab.form.forget_password.setChecked(True)
    with qtbot.waitSignal(tab.saved):
        tab.save_button.click()
    assert not get_mail_settings(ctx.db, SYSTEM).has_password


def test_outbox_panel_counts_retries_and_sends(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    make_ctx: Callable[..., AppContext],
    smtp_server: SmtpServer,
) -> None:
    ctx = make_ctx("admin")
    tab = MailTab(ctx)
    qtbot.addWidget(tab)
    queue(ctx.db, 4)
    with ctx.db.session() as s:
        s.execute(
            update(OutboxEmail)
            .where(OutboxEmail.dedupe_key.in_(["gui0", "gui1"]))
            .values(status="failed", attempts=10, last_error="550 mailbox unavailable")
        )
    panel = tab.outbox
    panel.refresh()
    assert panel.counts_label.text() == "Pending 2 (due 2) · Sent 0 · Failed 2"
    assert panel.model.rowCount() == 4 and panel.retry_button.isEnabled()
    qtmodeltester.check(panel.model)
    failed_row = next(i for i, e in enumerate(panel.model.entries) if e.status == "failed")
    assert panel.model.index(failed_row, 5).data() == "550 mailbox unavailable"

    panel.filter.setCurrentIndex(panel.filter.findText("Failed"))
    assert panel.model.rowCount() == 2

    panel.retry_button.click()
    assert panel.status.text() == "2 failed message(s) queued again."
    assert panel.counts_label.text() == "Pending 4 (due 4) · Sent 0 · Failed 0"

    fill(tab, smtp_server.port)
    with qtbot.waitSignal(tab.saved):
        tab.save_button.click()
    panel.send_button.click()
    assert panel.status.text().startswith("Sent 4, will retry 0, failed 0")
    assert panel.counts_label.text() == "Pending 0 (due 0) · Sent 4 · Failed 0"
    assert len(smtp_server.messages) == 4


@pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")
def test_screenshot(
    qtbot: QtBot,
    make_ctx: Callable[..., AppContext],
    tls_files: TlsFiles,
    tmp_path: Path,
) -> None:
    """docs/mail-settings.png: STARTTLS with login, a real test e-mail, a lived-in outbox.

    Written to docs/ when BOXOFFICE_WRITE_DOCS=1, else to a temporary folder.
    """
    from boxoffice.gui.app import load_stylesheet

    ctx = make_ctx("admin")
    server = make_server(tls=tls_files, user="boxoffice", password="app-password")
    with running(server):
        configure_mail(
            ctx.db, server, security="starttls", ca=tls_files.ca, user="boxoffice",
            password="app-password",
        )  # fmt: skip
        with ctx.db.session() as s:
            bookings = list(
                s.scalars(
                    select(Booking.id)
                    .where(Booking.status == "confirmed", Booking.customer_id.is_not(None))
                    .order_by(Booking.id)
                    .limit(5)
                )
            )
        for booking_id in bookings:
            ctx.db.run(lambda s, b=booking_id: notifications.booking_confirmed(s, b))
        queue(ctx.db, 2)
        server.inbox.refuse["f0@example.com"] = "550 5.1.1 No such mailbox"
        server.inbox.refuse["f1@example.com"] = "451 4.7.1 Greylisted, try again later"
        send_due(ctx.db, SYSTEM)
        weekly_mailing.queue_weekly_promotion(ctx.db, SYSTEM)

        tab = MailTab(ctx)
        tab.setStyleSheet(load_stylesheet())
        qtbot.addWidget(tab)
        tab.resize(*TAB_SIZE)
        tab.show()
        tab.test_to.setText("admin@example.com")
        with qtbot.waitSignal(tab.test_finished, timeout=20_000) as result:
            tab.test_button.click()
        assert result.args[0] is True
    tab.outbox.refresh()
    assert "Failed 1" in tab.outbox.counts_label.text()
    qtbot.wait(100)  # let the layouts follow the new texts before grabbing
    folder = DOCS if os.environ.get("BOXOFFICE_WRITE_DOCS") == "1" else tmp_path
    folder.mkdir(exist_ok=True)
    image = tab.grab().toImage()
    assert image.save(str(folder / "mail-settings.png"))
    assert QImage(str(folder / "mail-settings.png")).width() == image.width()
