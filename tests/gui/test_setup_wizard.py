"""First-run set-up against the real MariaDB server: a wrong password and the right one, the
first admin, the key set (first desk records it, a second desk imports it), desk name, printer
and a test print on the CUPS queue; then the desk's config holds no password and the URL it
resolves to connects. Screenshots of the pages go to docs/ with BOXOFFICE_WRITE_DOCS=1."""

from __future__ import annotations

import io
import os
import secrets
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWizardPage
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, make_url, select, text

import boxoffice.gui.main_window  # noqa: F401  (loads the services in their usual order)
from boxoffice import config, keyring, secret_store
from boxoffice.cli import main
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.models import StaffUser
from boxoffice.db.probe import probe
from boxoffice.gui.setup.wizard import ADMIN, DESK, KEYS, SERVER, SetupWizard
from boxoffice.gui.tasks import SyncTaskRunner
from boxoffice.services.settings.locale import read_currency
from tests.conftest import MYSQL_SERVER_URL

pytestmark = [pytest.mark.gui, pytest.mark.mysql]

PRINTER = "BoxOfficePDF"


@dataclass
class Server:
    database: str
    account: str
    password: str
    host: str
    port: int

    def url(self, password: str | None = None) -> str:
        return (
            make_url(MYSQL_SERVER_URL)
            .set(username=self.account, password=password or self.password, database=self.database)
            .render_as_string(hide_password=False)
        )


@pytest.fixture
def server(mysql_url: str) -> Iterator[Server]:
    """A fresh migrated database and a least-privilege account with a password."""
    token = secrets.token_hex(3)
    name, account, password = f"boxoffice_setup_{token}", f"bo_desk_{token}", f"pw-{token}-desk"
    root = create_engine(MYSQL_SERVER_URL)
    with root.begin() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
        conn.execute(text(f"CREATE USER '{account}'@'%' IDENTIFIED BY '{password}'"))
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name}.* TO '{account}'@'%'"))
    engine = create_engine(make_url(MYSQL_SERVER_URL).set(database=name))
    migrate.upgrade(engine)
    engine.dispose()
    parsed = make_url(MYSQL_SERVER_URL)
    try:
        yield Server(name, account, password, parsed.host or "127.0.0.1", parsed.port or 3306)
    finally:
        with root.begin() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"DROP USER IF EXISTS '{account}'@'%'"))
        root.dispose()


def _shot(page: QWizardPage, wizard: SetupWizard, folder: Path, name: str) -> None:
    wizard.show()
    image = wizard.grab()
    assert image.width() > 300 and image.height() > 200
    image.save(str(folder / name))


def _fill_server(wizard: SetupWizard, server: Server, password: str) -> None:
    page = wizard.server_page
    page.host.setText(server.host)
    page.port.setValue(server.port)
    page.database.setText(server.database)
    page.account.setText(server.account)
    page.password.setText(password)
    page._changed()


def test_setup_connects_a_new_desk_with_the_shared_keys(
    server: Server,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    screens_folder: Path,
    styled: None,
) -> None:
    monkeypatch.setenv("BOXOFFICE_SECRET_STORE", "file")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    assert not config.is_configured()

    # --- The first desk of a new server: connection test, first admin, its keys recorded.
    wizard = SetupWizard(SyncTaskRunner(), settings)
    qtbot.addWidget(wizard)
    wizard.restart()
    _shot(wizard.intro, wizard, screens_folder, "setup-start.png")
    wizard.next()
    assert wizard.currentId() == SERVER
    _fill_server(wizard, server, "not-the-password")
    wizard.server_page.test_connection()
    answer = wizard.server_page.answer.text()
    assert "refused the user name or password" in answer and not wizard.server_page.isComplete()
    _fill_server(wizard, server, server.password)
    wizard.server_page.test_connection()
    assert "no admin account yet" in wizard.server_page.answer.text()
    assert wizard.server_page.isComplete() and "pw-" not in wizard.server_page.answer.text()
    _shot(wizard.server_page, wizard, screens_folder, "setup-server.png")
    wizard.next()
    assert wizard.currentId() == ADMIN
    wizard.admin_page.name.setText("chief")
    wizard.admin_page.password.setText("Chief-Admin-2026!")
    wizard.admin_page.repeat.setText("Chief-Admin-2026!")
    currency = wizard.admin_page.currency
    assert currency.currentData() == "EUR"  # the installation's currency, chosen once here
    currency.setCurrentIndex(currency.findData("CHF"))
    wizard.admin_page.create_admin()
    assert wizard.admin_page.isComplete(), wizard.admin_page.answer.text()
    wizard.next()
    assert wizard.currentId() == KEYS
    assert "First desk on this server" in wizard.keys_page.answer.text()
    first_keys = keyring.fingerprint()
    wizard.next()
    assert wizard.currentId() == DESK
    wizard.desk_page.desk.setText("Front desk 1")
    wizard.accept()
    assert wizard.choice == "server"

    db = Database(server.url())
    assert db.run(read_currency) == "CHF"
    admins = db.run(lambda s: list(s.scalars(select(StaffUser.username))))
    assert admins == ["chief"]
    export = tmp_path / "keys.boxoffice"
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase\n"))
    assert (
        main(["--database-url", server.url(), "keys", "export", str(export), "--passphrase-stdin"])
        == 0
    )

    # --- A second desk (another user account): its own new keys are refused until it imports.
    second = tmp_path / "second"
    monkeypatch.setenv("BOXOFFICE_DATA_DIR", str(second / "data"))
    monkeypatch.setenv("BOXOFFICE_CONFIG", str(second / "config.toml"))
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(second / "keys.json"))
    wizard = SetupWizard(SyncTaskRunner(), settings)
    qtbot.addWidget(wizard)
    wizard.restart()
    wizard.next()
    _fill_server(wizard, server, server.password)
    wizard.server_page.test_connection()
    assert "the schema is current" in wizard.server_page.answer.text()
    wizard.next()
    assert wizard.currentId() == KEYS  # the server has its admin now
    assert "This desk has no keys yet" in wizard.keys_page.answer.text()
    assert not wizard.keys_page.isComplete()
    wizard.keys_page.file.setText(str(export))
    wizard.keys_page.passphrase.setText("wrong passphrase!")
    wizard.keys_page.import_keys()
    assert "Wrong passphrase" in wizard.keys_page.answer.text()
    wizard.keys_page.passphrase.setText("a long passphrase")
    wizard.keys_page.import_keys()
    assert "match the server's" in wizard.keys_page.answer.text()
    assert wizard.keys_page.isComplete() and keyring.fingerprint() == first_keys
    _shot(wizard.keys_page, wizard, screens_folder, "setup-keys.png")
    wizard.next()
    wizard.desk_page.desk.setText("Door 2")
    printers = [
        wizard.desk_page.printer.itemText(i) for i in range(wizard.desk_page.printer.count())
    ]
    if os.environ.get("BOXOFFICE_REQUIRE_CUPS") == "1":
        assert PRINTER in printers
    if PRINTER in printers:
        wizard.desk_page.printer.setCurrentText(PRINTER)
        wizard.desk_page.test_print()
        assert "Test page sent to BoxOfficePDF" in wizard.desk_page.answer.text()
    _shot(wizard.desk_page, wizard, screens_folder, "setup-desk.png")
    wizard.accept()

    saved = tomllib.loads(config.config_file().read_text())
    assert saved["database_url"] == server.url().replace(f":{server.password}@", "@")
    assert saved["desk"] == "Door 2"
    assert server.password not in config.config_file().read_text()
    assert "encrypted file" in wizard.saved_to
    assert (
        secret_store.get_password(config.secret_account(saved["database_url"])) == server.password
    )
    assert config.database_url() == server.url()  # the password comes back from the store
    assert config.is_configured()
    if PRINTER in printers:
        assert settings.value("tickets/printer") == PRINTER
    db.dispose()


def test_connection_test_names_the_problem(server: Server, tmp_path: Path) -> None:
    assert "Cannot reach" in probe(server.url().replace(f":{server.port}/", ":1/")).message
    missing = probe(server.url().replace(server.database, "boxoffice_nowhere"))
    assert "may not use this database, or it does not exist" in missing.message
    bad_ca = probe(server.url(), str(tmp_path / "missing.pem"))
    assert "Cannot use the CA certificate" in bad_ca.message and not bad_ca.usable
    root = create_engine(make_url(MYSQL_SERVER_URL).set(database=server.database))
    with root.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    newer = probe(server.url())
    assert newer.outcome == "schema_newer" and "newer box-office version" in newer.message
    with root.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    assert probe(server.url()).outcome == "schema_missing"
    root.dispose()


def test_a_desk_without_configuration_opens_the_setup(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, sheet = app.style().name(), app.styleSheet()
    monkeypatch.setenv("BOXOFFICE_SMOKE_EXIT", "setup")
    try:
        assert main([]) == 0  # the set-up closed without a choice: nothing saved, no window
    finally:
        app.setStyleSheet(sheet)
        app.setStyle(style)
    assert "setupWizard shown: True" in capsys.readouterr().out
    assert not config.is_configured()


def test_choosing_the_demo_saves_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    wizard = SetupWizard(SyncTaskRunner(), settings)
    qtbot.addWidget(wizard)
    wizard.restart()
    wizard.intro.demo.setChecked(True)
    assert wizard.intro.nextId() == -1
    wizard.accept()
    assert wizard.choice == "demo" and not config.is_configured()
