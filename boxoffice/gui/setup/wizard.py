"""The first-run set-up wizard: "Try the demo" or "Connect to the box-office server" (address,
account, password, TLS CA, a connection test that says what is wrong), the first admin when
the server has none, the shared key set, then the desk's name, printer and ticket stock with a
test print. Nothing is saved before Finish; the password goes to the system keyring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from boxoffice import config
from boxoffice.db.probe import ProbeResult, probe
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.till import DENOMINATIONS
from boxoffice.gui.setup import actions
from boxoffice.gui.setup.sample_print import print_test_page
from boxoffice.gui.tasks import TaskRunner
from boxoffice.i18n import _
from boxoffice.i18n.formats import currency_name
from boxoffice.services.common.desk_keys import KeyCheck
from boxoffice.services.settings.locale import DEFAULT_CURRENCY

INTRO, SERVER, ADMIN, KEYS, DESK = range(5)


def _answer(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _say(label: QLabel, ok: bool, text: str) -> None:
    label.setProperty("state", "ok" if ok else "error")
    label.setText(("✔ " if ok else "✖ ") + text)


def _error_text(exc: BaseException) -> str:
    return exc.message if isinstance(exc, BoxOfficeError) else f"{type(exc).__name__}: {exc}"


class IntroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Set up this desk"))
        self.setSubTitle(_("This desk has no configuration yet."))
        self.demo = QRadioButton(_("&Try the demo — a sample database on this computer only"))
        self.demo.setObjectName("choiceDemo")
        self.connect_server = QRadioButton(_("&Connect to the box-office server"))
        self.connect_server.setObjectName("choiceServer")
        self.connect_server.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.demo)
        group.addButton(self.connect_server)
        note = QLabel(
            _(
                "The demo asks again at the next start. To connect, you need the server's address, "
                "a database account and, from an admin, the key set exported on a working desk."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("subtle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.connect_server)
        layout.addWidget(self.demo)
        layout.addWidget(note)

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else SERVER


class ServerPage(QWizardPage):
    def __init__(self, tasks: TaskRunner) -> None:
        super().__init__()
        self._tasks = tasks
        self.result: ProbeResult | None = None
        self.setTitle(_("The box-office server"))
        self.setSubTitle(
            _("Where the shared MySQL/MariaDB database runs, and this desk's account.")
        )
        self.host = QLineEdit()
        self.host.setObjectName("host")
        self.host.setPlaceholderText(_("db-host.example.org"))
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(3306)
        self.database = QLineEdit("boxoffice")
        self.database.setObjectName("database")
        self.account = QLineEdit("boxoffice")
        self.account.setObjectName("account")
        self.password = QLineEdit()
        self.password.setObjectName("dbPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca = QLineEdit()
        self.ca.setObjectName("sslCa")
        self.ca.setPlaceholderText(_("CA certificate (PEM) — empty: no TLS"))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(browse)
        self.test_button = QPushButton(_("Test the connection"))
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.answer = _answer("probeResult")
        form = QFormLayout(self)
        form.addRow(_("Server &address"), self.host)
        form.addRow(_("&Port"), self.port)
        form.addRow(_("&Database"), self.database)
        form.addRow(_("&Account"), self.account)
        form.addRow(_("Pass&word"), self.password)
        form.addRow(_("TLS CA"), ca_row)
        form.addRow("", self.test_button)
        form.addRow(self.answer)
        for edit in (self.host, self.database, self.account, self.password, self.ca):
            edit.textEdited.connect(self._changed)
        self.port.valueChanged.connect(self._changed)

    def server(self) -> actions.Server:
        return actions.Server(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            account=self.account.text().strip(),
            password=self.password.text(),
            ssl_ca=self.ca.text().strip(),
        )

    def _browse_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("CA certificate"), "", _("PEM (*.pem *.crt)")
        )
        if path:
            self.ca.setText(path)
            self._changed()

    def _changed(self, *_: Any) -> None:
        self.result = None
        self.answer.clear()
        self.completeChanged.emit()

    def test_connection(self) -> None:
        server = self.server()
        if not (server.host and server.database and server.account):
            _say(self.answer, False, _("Fill in the address, database and account first."))
            return
        self.test_button.setEnabled(False)
        self.answer.setText(_("Connecting…"))
        self._tasks.run(
            probe, server.url, server.ssl_ca, on_done=self._probed, on_error=self._failed
        )

    def _probed(self, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        self.result = result
        _say(self.answer, result.usable, result.message)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        _say(self.answer, False, _error_text(exc))

    def isComplete(self) -> bool:
        return self.result is not None and self.result.usable

    def nextId(self) -> int:
        return ADMIN if self.result is not None and self.result.outcome == "no_admin" else KEYS


class AdminPage(QWizardPage):
    def __init__(self, tasks: TaskRunner, server_page: ServerPage) -> None:
        super().__init__()
        self._tasks, self._server_page = tasks, server_page
        self.created = ""
        self.setTitle(_("The first admin"))
        self.setSubTitle(_("The server has no admin account yet. Create it now."))
        self.name = QLineEdit("admin")
        self.name.setObjectName("adminName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("adminRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.currency = QComboBox()
        self.currency.setObjectName("installationCurrency")
        for code in sorted(DENOMINATIONS):
            self.currency.addItem(
                _("{code} – {name}").format(code=code, name=currency_name(code)), code
            )
        self.currency.setCurrentIndex(max(0, self.currency.findData(DEFAULT_CURRENCY)))
        self.currency.setToolTip(_("Every desk sells and prints prices in this currency"))
        self.create_button = QPushButton(_("Create the admin"))
        self.create_button.setObjectName("createAdmin")
        self.create_button.clicked.connect(self.create_admin)
        self.answer = _answer("adminResult")
        form = QFormLayout(self)
        form.addRow(_("&User name"), self.name)
        form.addRow(_("&Password"), self.password)
        form.addRow(_("&Repeat"), self.repeat)
        form.addRow(_("&Currency"), self.currency)
        form.addRow("", self.create_button)
        form.addRow(self.answer)

    def create_admin(self) -> None:
        if self.password.text() != self.repeat.text():
            _say(self.answer, False, _("The two passwords differ."))
            return
        self._tasks.run_write(
            actions.create_first_admin,
            self._server_page.server(),
            self.name.text().strip(),
            self.password.text(),
            str(self.currency.currentData()),
            on_done=self._created,
            on_error=lambda exc: _say(self.answer, False, _error_text(exc)),
        )

    def _created(self, name: str) -> None:
        self.created = name
        self.password.clear()
        self.repeat.clear()
        _say(
            self.answer,
            True,
            _("Admin {name!r} created. Sign in with it after the set-up.").format(name=name),
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.created)


class KeysPage(QWizardPage):
    def __init__(self, tasks: TaskRunner, server_page: ServerPage) -> None:
        super().__init__()
        self._tasks, self._server_page = tasks, server_page
        self.check: KeyCheck | None = None
        self.setTitle(_("The shared key set"))
        self.setSubTitle(
            _(
                "Every desk needs the same keys to read saved cards and verify tickets. An admin "
                "exports them on a working desk with 'boxoffice keys export FILE'."
            )
        )
        self.file = QLineEdit()
        self.file.setObjectName("keyFile")
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("keyPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.import_button = QPushButton(_("Import the key set"))
        self.import_button.setObjectName("importKeys")
        self.import_button.clicked.connect(self.import_keys)
        self.check_button = QPushButton(_("Check this desk's keys"))
        self.check_button.setObjectName("checkKeys")
        self.check_button.clicked.connect(self.check_keys)
        self.answer = _answer("keysResult")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(_("Key file"), row)
        form.addRow(_("Pass&phrase"), self.passphrase)
        form.addRow("", buttons)
        form.addRow(self.answer)

    def initializePage(self) -> None:
        self.check_keys()  # the first desk of a new server records its own keys here

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Key set"), "", _("Key set (*)"))
        if path:
            self.file.setText(path)

    def check_keys(self) -> None:
        self._tasks.run_write(
            actions.key_check,
            self._server_page.server(),
            on_done=self._checked,
            on_error=self._failed,
        )

    def import_keys(self) -> None:
        source = self.file.text().strip()
        if not source:
            _say(self.answer, False, _("Choose the key file exported on a working desk."))
            return
        self._tasks.run_write(
            actions.import_keys,
            self._server_page.server(),
            Path(source),
            self.passphrase.text(),
            on_done=self._checked,
            on_error=self._failed,
        )

    def _checked(self, check: KeyCheck) -> None:
        self.check = check
        if check.status == "recorded":
            _say(
                self.answer,
                True,
                _(
                    "First desk on this server: its keys ({local}) are now the shared set. "
                    "Export them for the next desk with 'boxoffice keys export'."
                ).format(local=check.local),
            )
        elif check.ok:
            _say(
                self.answer,
                True,
                _("This desk's keys match the server's ({local}).").format(local=check.local),
            )
        elif check.status == "missing":
            _say(
                self.answer,
                False,
                _(
                    "This desk has no keys yet; the other desks share the key set {server}. "
                    "Import the key set exported on a working desk."
                ).format(server=check.server),
            )
        else:
            _say(
                self.answer,
                False,
                _(
                    "This desk's keys ({local}) differ from the server's ({server}). Import the "
                    "key set exported on a working desk."
                ).format(local=check.local, server=check.server),
            )
        self.passphrase.clear()
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        _say(self.answer, False, _error_text(exc))

    def isComplete(self) -> bool:
        return self.check is not None and self.check.ok


class DeskPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        from boxoffice.gui.tickets.print_dialog import printer_names
        from boxoffice.services.tickets.layout import STOCKS

        self.setTitle(_("This desk"))
        self.setSubTitle(_("Its name on every sale, and the printer with the ticket stock in it."))
        self.desk = QLineEdit(str(config.get("desk")))
        self.desk.setObjectName("deskName")
        self.printer = QComboBox()
        self.printer.setObjectName("printer")
        self.printer.addItems(printer_names())
        self.stock = QComboBox()
        self.stock.setObjectName("stock")
        for stock in STOCKS.values():
            self.stock.addItem(stock.label, stock.key)
        self.receipt = QCheckBox(_("Print a receipt with the tickets"))
        self.test_button = QPushButton(_("Print a test page"))
        self.test_button.setObjectName("testPrint")
        self.test_button.clicked.connect(self.test_print)
        self.answer = _answer("printResult")
        form = QFormLayout(self)
        form.addRow(_("Desk &name"), self.desk)
        form.addRow(_("&Printer"), self.printer)
        form.addRow(_("Ticket &stock"), self.stock)
        form.addRow("", self.receipt)
        form.addRow("", self.test_button)
        form.addRow(self.answer)

    def test_print(self) -> None:
        name = self.printer.currentText()
        if not name:
            _say(self.answer, False, _("No printer on this computer. Add one, then try again."))
            return
        try:
            print_test_page(name, str(self.stock.currentData()), self.desk.text().strip())
        except BoxOfficeError as exc:
            _say(self.answer, False, exc.message)
            return
        _say(
            self.answer,
            True,
            _("Test page sent to {name}. Check that it fits the stock.").format(name=name),
        )

    def isComplete(self) -> bool:
        return bool(self.desk.text().strip())


class SetupWizard(QWizard):
    """``choice`` is "demo" or "server" after it is accepted; ``saved_to`` says where the
    password went."""

    def __init__(self, tasks: TaskRunner, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(_("Set up this desk"))  # Qt appends " — Box office"
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self._settings = settings
        self.choice = ""
        self.saved_to = ""
        self.intro = IntroPage()
        self.server_page = ServerPage(tasks)
        self.admin_page = AdminPage(tasks, self.server_page)
        self.keys_page = KeysPage(tasks, self.server_page)
        self.desk_page = DeskPage()
        for page_id, page in (
            (INTRO, self.intro),
            (SERVER, self.server_page),
            (ADMIN, self.admin_page),
            (KEYS, self.keys_page),
            (DESK, self.desk_page),
        ):
            self.setPage(page_id, page)
        self.desk_page.desk.textEdited.connect(lambda _t: self.desk_page.completeChanged.emit())
        self.resize(640, 480)

    def accept(self) -> None:
        if self.intro.demo.isChecked():
            self.choice = "demo"
            super().accept()
            return
        from boxoffice.gui.tickets import desk_settings

        desk = self.desk_page.desk.text().strip()
        try:
            self.saved_to = actions.save(self.server_page.server(), desk)
        except BoxOfficeError as exc:
            _say(self.desk_page.answer, False, exc.message)
            return
        desk_settings.remember(
            self._settings,
            self.desk_page.printer.currentText(),
            str(self.desk_page.stock.currentData()),
            self.desk_page.receipt.isChecked(),
        )
        self.choice = "server"
        super().accept()
