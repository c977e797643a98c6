"""Starting the desk: Qt application, crash handler, database, sign-in, then the main window.

``run`` is what ``boxoffice`` (and ``boxoffice --demo``) calls. Every way it can fail before the
main window opens — server down, wrong password in the URL, schema out of date — ends in a dialog
that says what to do, never a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from boxoffice import config
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import check_connection, safe_url
from boxoffice.domain.errors import BoxOfficeError, DatabaseUnavailable
from boxoffice.gui.context import AppContext
from boxoffice.gui.crash import CrashHandler
from boxoffice.gui.messages import MessageBridge, show_box
from boxoffice.gui.tasks import TaskRunner

log = logging.getLogger(__name__)

Prepare = Callable[[str], Database]

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource(name: str) -> Path:
    """A file under the top-level ``resources/`` directory."""
    return RESOURCES / name


def load_stylesheet() -> str:
    """The desk's QSS (empty when the resources directory is not shipped)."""
    path = resource("boxoffice.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("stylesheet %s not found; using the platform style", path)
        return ""


def application() -> QApplication:
    """The QApplication, created once, with name, icon and stylesheet."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("boxoffice")
    app.setApplicationDisplayName("Box office")
    app.setOrganizationName("boxoffice")
    icon = resource("icons/boxoffice.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setStyle("Fusion")  # same look on every desk; the QSS builds on it
    app.setStyleSheet(load_stylesheet())
    return app


def desk_settings() -> QSettings:
    """Desk-local preferences (printer, window geometry) next to the desk's data."""
    return QSettings(str(config.data_dir() / "desk.ini"), QSettings.Format.IniFormat)


def open_database(url: str, prepare: Prepare | None) -> Database:
    """Connect and check the schema; DatabaseUnavailable (with what to do) on any failure.

    Runs on a worker thread: connecting to a dead server can take seconds.
    """
    if prepare is not None:
        return prepare(url)
    db = Database(url)
    try:
        check_connection(db.engine)
        current = migrate.current_revision(db.engine)
    except BoxOfficeError:
        db.dispose()
        raise
    if current != migrate.head_revision():
        db.dispose()
        state = "has no box-office tables yet" if current is None else "is out of date"
        raise DatabaseUnavailable(
            f"The database at {safe_url(url)} {state}. "
            "Ask the administrator to run 'boxoffice db upgrade', then start the desk again."
        )
    return db


def wait_for(
    tasks: TaskRunner, fn: Callable[..., Any], *args: Any, label: str, parent: QWidget | None
) -> Any:
    """Run *fn* on a worker while a small progress window keeps the screen alive; return or raise.

    Used only before the main window exists (connecting, preparing the demo database).
    """
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setObjectName("startupProgress")
    progress.setWindowTitle("Box office")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(400)  # quick connects never flash a window
    tasks.run(fn, *args, on_done=done, on_error=failed)
    if not outcome:
        loop.exec()
    progress.close()
    progress.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def startup_error(text: str) -> None:
    """The one dialog for "cannot start": what went wrong and what to do."""
    log.error("cannot start: %s", text)
    if QApplication.instance() is not None:
        show_box(None, "Box office cannot start", text, QMessageBox.Icon.Critical)
    print(f"boxoffice: {text}", file=sys.stderr)


def run(url: str, demo: bool, prepare: Prepare | None) -> int:
    """Start the desk application; returns the process exit code."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("boxoffice").setLevel(logging.INFO)
    app = application()
    crash = CrashHandler()
    crash.install()
    tasks = TaskRunner()
    server = safe_url(url)
    try:
        label = "Preparing the demo database…" if prepare else f"Connecting to {server}…"
        db: Database = wait_for(tasks, open_database, url, prepare, label=label, parent=None)
        desk = str(config.get("desk"))
    except BoxOfficeError as exc:
        startup_error(exc.message)
        return 2
    try:
        return _session_loop(app, db, tasks, server, desk, demo)
    finally:
        tasks.wait()
        db.dispose()
        crash.uninstall()


def _session_loop(
    app: QApplication, db: Database, tasks: TaskRunner, server: str, desk: str, demo: bool
) -> int:
    """Sign in, work, sign out, sign in again ... until the clerk quits."""
    from boxoffice.gui.main_window import MainWindow
    from boxoffice.gui.manager.staff.demo_warning import check_published_demo_accounts
    from boxoffice.gui.sign_in import SignInDialog

    settings = desk_settings()
    while True:
        dialog = SignInDialog(db, tasks, server, desk, demo)
        if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.actor is None:
            return 0
        desk = dialog.desk.text().strip() or desk
        ctx = AppContext(db, dialog.actor, tasks, MessageBridge(), settings)
        window = MainWindow(ctx, server)
        window.show()
        window.start_outbox_pump()
        if not demo:  # the laptop demo database is meant to keep its published passwords
            check_published_demo_accounts(ctx)
        code = app.exec()
        tasks.wait()
        again = window.signed_out_requested
        window.deleteLater()
        if not again:
            return int(code)
