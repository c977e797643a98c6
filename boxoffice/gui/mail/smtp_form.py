"""The SMTP settings form: server, security, login, sender, CA file, unsubscribe link.

The fields are the Designer form ``ui/mail_settings.ui``.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLineEdit, QSpinBox, QWidget

from boxoffice.gui.forms import fill, form_spec
from boxoffice.gui.widgets.line_edits import fit_placeholder
from boxoffice.i18n import N_, _
from boxoffice.services.mail.settings import DEFAULT_PORTS, MailSettings, SmtpSecurity

SECURITY_LABELS = {
    SmtpSecurity.STARTTLS: N_("STARTTLS (port 587)"),
    SmtpSecurity.SSL: N_("SSL/TLS (port 465)"),
    SmtpSecurity.NONE: N_("None – plain text (local relay only)"),
}

FORM = form_spec(
    "mail_settings",
    smtpHost=QLineEdit,
    smtpPort=QSpinBox,
    smtpSecurity=QComboBox,
    smtpUser=QLineEdit,
    smtpPassword=QLineEdit,
    smtpForgetPassword=QCheckBox,
    smtpFrom=QLineEdit,
    smtpFromName=QLineEdit,
    smtpCaFile=QLineEdit,
    unsubscribeUrl=QLineEdit,
)


class SmtpForm(QGroupBox):
    """Edits a :class:`MailSettings`; the password is separate (None = keep the stored one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("SMTP server"), parent)
        self.setObjectName("smtpForm")
        self._has_password = False
        form = fill(self, FORM)
        self.host = form.get(QLineEdit, "smtpHost")
        self.port = form.get(QSpinBox, "smtpPort")
        self.security = form.get(QComboBox, "smtpSecurity")
        for mode, label in SECURITY_LABELS.items():
            self.security.addItem(_(label), mode.value)
        self._security = SmtpSecurity.STARTTLS
        self.security.currentIndexChanged.connect(self._security_changed)
        self.username = form.get(QLineEdit, "smtpUser")
        self.password = form.get(QLineEdit, "smtpPassword")
        self.forget_password = form.get(QCheckBox, "smtpForgetPassword")
        self.forget_password.toggled.connect(self.password.setDisabled)
        self.from_addr = form.get(QLineEdit, "smtpFrom")
        self.from_name = form.get(QLineEdit, "smtpFromName")
        self.ca_file = form.get(QLineEdit, "smtpCaFile")
        self.unsubscribe_url = form.get(QLineEdit, "unsubscribeUrl")
        fit_placeholder(self.unsubscribe_url)
        self._show_password_state()

    def set_settings(self, settings: MailSettings) -> None:
        self.host.setText(settings.host)
        self._security = settings.security
        self.security.blockSignals(True)
        self.security.setCurrentIndex(self.security.findData(settings.security.value))
        self.security.blockSignals(False)
        self.port.setValue(settings.port)
        self.username.setText(settings.username)
        self.password.clear()
        self.forget_password.setChecked(False)
        self._has_password = settings.has_password
        self.from_addr.setText(settings.from_addr)
        self.from_name.setText(settings.from_name)
        self.ca_file.setText(settings.ca_file)
        self.unsubscribe_url.setText(settings.unsubscribe_url)
        for field in (self.ca_file, self.unsubscribe_url):
            field.setCursorPosition(0)  # show where a long value starts
        self._show_password_state()

    def settings(self) -> MailSettings:
        """What the form says now (validated by the service, not here)."""
        return MailSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=SmtpSecurity(self.security.currentData()),
            username=self.username.text().strip(),
            from_addr=self.from_addr.text().strip(),
            from_name=self.from_name.text().strip(),
            ca_file=self.ca_file.text().strip(),
            unsubscribe_url=self.unsubscribe_url.text().strip(),
            has_password=self._has_password,
        )

    def new_password(self) -> str | None:
        """The password to save: the typed one, "" to remove the stored one, None to keep it."""
        if self.forget_password.isChecked():
            return ""
        return self.password.text() or None

    def _show_password_state(self) -> None:
        self.forget_password.setVisible(self._has_password)
        self.password.setPlaceholderText(
            _("stored – leave empty to keep it") if self._has_password else _("none stored")
        )

    @Slot()
    def _security_changed(self) -> None:
        new = SmtpSecurity(self.security.currentData())
        if self.port.value() == DEFAULT_PORTS[self._security]:
            self.port.setValue(DEFAULT_PORTS[new])  # the usual port follows the security choice
        self._security = new
