"""The SMTP settings form: server, security, login, sender, CA file, unsubscribe link."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from boxoffice.services.mail.settings import DEFAULT_PORTS, MailSettings, SmtpSecurity

SECURITY_LABELS = {
    SmtpSecurity.STARTTLS: "STARTTLS (port 587)",
    SmtpSecurity.SSL: "SSL/TLS (port 465)",
    SmtpSecurity.NONE: "None – plain text (local relay only)",
}


class SmtpForm(QGroupBox):
    """Edits a :class:`MailSettings`; the password is separate (None = keep the stored one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("SMTP server", parent)
        self.setObjectName("smtpForm")
        self._has_password = False
        self.host = QLineEdit()
        self.host.setObjectName("smtpHost")
        self.host.setPlaceholderText("smtp.example.com")
        self.port = QSpinBox()
        self.port.setObjectName("smtpPort")
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.security = QComboBox()
        self.security.setObjectName("smtpSecurity")
        for mode, label in SECURITY_LABELS.items():
            self.security.addItem(label, mode.value)
        self._security = SmtpSecurity.STARTTLS
        self.security.currentIndexChanged.connect(self._security_changed)
        self.username = QLineEdit()
        self.username.setObjectName("smtpUser")
        self.username.setPlaceholderText("empty: no login")
        self.password = QLineEdit()
        self.password.setObjectName("smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.forget_password = QCheckBox("Remove the stored password")
        self.forget_password.setObjectName("smtpForgetPassword")
        self.forget_password.toggled.connect(self.password.setDisabled)
        self.from_addr = QLineEdit()
        self.from_addr.setObjectName("smtpFrom")
        self.from_addr.setPlaceholderText("tickets@example.com")
        self.from_name = QLineEdit()
        self.from_name.setObjectName("smtpFromName")
        self.ca_file = QLineEdit()
        self.ca_file.setObjectName("smtpCaFile")
        self.ca_file.setPlaceholderText("empty: the system's trusted CAs")
        self.unsubscribe_url = QLineEdit()
        self.unsubscribe_url.setObjectName("unsubscribeUrl")
        self.unsubscribe_url.setPlaceholderText("https://tickets.example.com/unsubscribe?t={token}")

        server = QHBoxLayout()
        server.addWidget(self.host, 1)
        server.addWidget(self.port)
        host_label = QLabel("&Host and port")
        host_label.setBuddy(self.host)
        form = QFormLayout(self)
        form.addRow(host_label, server)
        form.addRow("&Security", self.security)
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        form.addRow("", self.forget_password)
        form.addRow("&From address", self.from_addr)
        form.addRow("From &name", self.from_name)
        form.addRow("Trusted &CA file", self.ca_file)
        form.addRow("Un&subscribe link", self.unsubscribe_url)
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
            "stored – leave empty to keep it" if self._has_password else "none stored"
        )

    @Slot()
    def _security_changed(self) -> None:
        new = SmtpSecurity(self.security.currentData())
        if self.port.value() == DEFAULT_PORTS[self._security]:
            self.port.setValue(DEFAULT_PORTS[new])  # the usual port follows the security choice
        self._security = new
