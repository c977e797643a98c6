"""The admin's Mail tab: SMTP settings with a test e-mail, and the outbox."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.mail.outbox_panel import OutboxPanel
from boxoffice.gui.mail.smtp_form import SmtpForm
from boxoffice.gui.theme import restyle
from boxoffice.i18n import _
from boxoffice.services.mail import sender as mail_sender
from boxoffice.services.mail.settings import MailSettings, get_mail_settings, save_mail_settings


class MailTab(QWidget):
    """Signals: ``loaded()`` once the stored settings are in the form (it is disabled until
    then, so a late load never overwrites typing); ``saved(object)`` with the stored
    MailSettings; ``test_finished(bool, str)`` when a test e-mail went out (True) or failed
    (False), with the sentence shown."""

    loaded = Signal()
    saved = Signal(object)
    test_finished = Signal(bool, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailTab")
        self.ctx = ctx
        self.form = SmtpForm()
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton(_("Save settings"))
        self.save_button.setObjectName("saveMailSettings")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.setToolTip(_("Discard changes and show the stored settings"))
        self.revert_button.clicked.connect(self.load)

        self.test_to = QLineEdit()
        self.test_to.setObjectName("testRecipient")
        self.test_to.setPlaceholderText(_("your address"))
        self.test_button = QPushButton(_("Send test e-mail"))
        self.test_button.setObjectName("sendTestEmail")
        self.test_button.setToolTip(_("Send one message now with the settings as typed above"))
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel(_("Checks the server, security, login and sender in one go."))
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        test_box = QGroupBox(_("Test"))
        test_row = QHBoxLayout()
        test_row.addWidget(QLabel(_("Send to")))
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        test_column = QVBoxLayout(test_box)
        test_column.addLayout(test_row)
        test_column.addWidget(self.test_result)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.form)
        left_column.addWidget(self.error)
        left_column.addLayout(buttons)
        left_column.addWidget(test_box)
        left_column.addStretch(1)

        self.outbox = OutboxPanel(ctx)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.outbox)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 640])
        column = QVBoxLayout(self)
        column.addWidget(splitter)
        self.load()

    # --- settings --------------------------------------------------------------------------

    @Slot()
    def load(self) -> None:
        self.form.setEnabled(False)
        self.ctx.services.run(
            get_mail_settings,
            on_done=self._show,
            on_error=self.ctx.messages.report,
        )

    def _show(self, settings: MailSettings) -> None:
        self.form.set_settings(settings)
        self.form.setEnabled(True)
        self.error.hide()
        if not self.test_to.text():
            self.test_to.setText(settings.from_addr)
        self.loaded.emit()

    @Slot()
    def save(self) -> None:
        settings, password = self.form.settings(), self.form.new_password()
        self.save_button.setEnabled(False)
        self.ctx.services.run_write(
            save_mail_settings,
            settings,
            password,
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, settings: MailSettings) -> None:
        self.save_button.setEnabled(True)
        self._show(settings)
        self.ctx.messages.info.emit(_("Mail settings saved."))
        self.saved.emit(settings)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.error.setText(exc.message)
        self.error.show()

    # --- test e-mail -----------------------------------------------------------------------

    @Slot()
    def send_test(self) -> None:
        to = self.test_to.text().strip()
        settings, password = self.form.settings(), self.form.new_password()
        self.test_button.setEnabled(False)
        self._result("", _("Sending a test e-mail to {address}…").format(address=to or "…"))
        self.ctx.services.run(
            mail_sender.send_test_email,
            to,
            settings,
            password,
            on_done=self._test_sent,
            on_error=self._test_failed,
        )

    def _result(self, level: str, text: str) -> None:
        restyle(self.test_result, level=level)
        self.test_result.setText(text)

    def _test_sent(self, text: str) -> None:
        self.test_button.setEnabled(True)
        self._result("ok", f"✓ {text}")
        self.test_finished.emit(True, text)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self._result("error", f"✗ {exc.message}")
        self.test_finished.emit(False, exc.message)
