"""A desk whose key set differs from the server's refuses to sell or scan (and says how to fix
it); Help → About and Copy diagnostics, never a secret."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from boxoffice import __version__, keyring, logfile
from boxoffice.gui.about import AboutDialog
from boxoffice.gui.app import check_keys
from boxoffice.gui.context import AppContext
from boxoffice.gui.main_window import MainWindow
from boxoffice.services.common import desk_keys
from tests.gui.conftest import MessageLog

pytestmark = pytest.mark.gui


def _tab_enabled(window: MainWindow) -> dict[str, bool]:
    return {spec.key: window.tabs.isTabEnabled(i) for i, spec in enumerate(window.specs)}


def test_matching_keys_sell_and_other_keys_refuse(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(ctx, "server")
    qtbot.addWidget(window)
    check_keys(window, ctx.db, ctx.tasks)  # first desk: its fingerprint is recorded
    assert ctx.db.run(desk_keys.server_fingerprint) == keyring.fingerprint()
    assert all(_tab_enabled(window).values())
    assert not window.banner.isVisible()

    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(tmp_path / "own-keys.json"))
    keyring.create()  # a desk that made a key set of its own ('keys init' instead of import)
    other = MainWindow(ctx, "server")
    qtbot.addWidget(other)
    other.show()
    check_keys(other, ctx.db, ctx.tasks)
    enabled = _tab_enabled(other)
    assert not enabled["sell"] and not enabled["checkin"] and not enabled["customers"]
    assert not other.tab_actions["sell"].isEnabled()
    assert "keys import" in other.banner.label.text()
    assert keyring.fingerprint() in other.banner.label.text()


def test_about_shows_versions_and_the_server(ctx: AppContext, qtbot: QtBot) -> None:
    about = AboutDialog(ctx)
    qtbot.addWidget(about)
    assert about.fields["version"].text() == __version__
    assert about.fields["server"].text().startswith(("SQLite ", "MariaDB ", "MySQL "))
    assert "up to date" in about.fields["schema"].text()


def test_copy_diagnostics_has_the_facts_and_no_secret(
    ctx: AppContext, messages: MessageLog, qtbot: QtBot
) -> None:
    path = logfile.setup()
    assert path is not None and path.parent == logfile.log_dir()
    try:
        logging.getLogger("boxoffice.test").error(
            "cannot connect to mysql+pymysql://clerk:s3cret-pw@db/boxoffice password=hunter22"
        )
        window = MainWindow(ctx, "server")
        qtbot.addWidget(window)
        QGuiApplication.clipboard().clear()
        window.diagnostics_action.trigger()
        text = QGuiApplication.clipboard().text()
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "baseFilename", None) == str(path):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert path.read_text().count("cannot connect to mysql") == 1  # the file got the line
    assert f"boxoffice {__version__}" in text and "Qt " in text
    assert "Schema: " in text and "up to date" in text
    assert "Keys: desk " in text and "Printer: " in text
    assert "cannot connect to mysql+pymysql://clerk:***@db/boxoffice password=***" in text
    assert "s3cret-pw" not in text and "hunter22" not in text
    assert "Diagnostics copied" in messages.all()[-1]
