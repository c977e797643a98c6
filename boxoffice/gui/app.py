"""Starting the desk: Qt application, crash handler, database, sign-in, then the main window.

``run`` is what ``boxoffice`` (and ``boxoffice --demo``) calls. Every way it can fail before the
main window opens — server down, wrong password in the URL, schema out of date — ends in a dialog
that says what to do, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from boxoffice import config, logfile
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import check_connection, safe_url
from boxoffice.domain.errors import BoxOfficeError, DatabaseUnavailable
from boxoffice.gui import garbage, theme, translator
from boxoffice.gui.assets import resource
from boxoffice.gui.context import AppContext
from boxoffice.gui.crash import CrashHandler
from boxoffice.gui.messages import MessageBridge, show_box
from boxoffice.gui.tasks import TaskRunner
from boxoffice.i18n import _

if TYPE_CHECKING:
    from boxoffice.services.common.desk_keys import KeyCheck

log = logging.getLogger(__name__)

Prepare = Callable[[str], Database]

SMOKE_ENV = "BOXOFFICE_SMOKE_EXIT"
"""Set to ``sign-in`` (CI's bundle check): once the sign-in window is on screen, say so on
stdout and close it, so the process ends with code 0 without anyone at the keyboard."""


def load_stylesheet(chosen: theme.Theme = theme.STANDARD) -> str:
    """The desk's QSS for *chosen* (empty when the resources directory is not shipped)."""
    return theme.stylesheet(chosen)


def application(settings: QSettings | None = None) -> QApplication:
    """The QApplication, created once, with name, icon and the theme *settings* name."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    if app.findChild(garbage.GuiThreadCollector) is None:
        garbage.install(app)  # cycles are freed on this thread, never on a worker
    app.setApplicationName("boxoffice")
    app.setApplicationDisplayName(_("Box office"))
    app.setOrganizationName("boxoffice")
    icon = resource("icons/boxoffice.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setStyle("Fusion")  # same look on every desk; the QSS builds on it
    translator.install(app, desk_language())
    theme.apply(app, theme.saved(settings).key if settings is not None else theme.STANDARD.key)
    return app


def desk_language() -> str:
    """The desk's language from the ``language`` setting (English when it cannot be read)."""
    try:
        return str(config.get("language") or "en")
    except BoxOfficeError as exc:
        log.warning("language setting ignored: %s", exc.message)
        return "en"


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
        state = _("has no box-office tables yet") if current is None else _("is out of date")
        raise DatabaseUnavailable(
            _(
                "The database at {safe_url} {state}. Ask the administrator to run 'boxoffice db "
                "upgrade', then start the desk again."
            ).format(safe_url=safe_url(url), state=state)
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
    progress.setWindowTitle(_("Box office"))
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
        show_box(None, _("Box office cannot start"), text, QMessageBox.Icon.Critical)
    print(f"boxoffice: {text}", file=sys.stderr)


def run_setup() -> str:
    """The set-up wizard; returns "demo", "server" (configured) or "" (cancelled)."""
    from boxoffice.gui.setup.wizard import SetupWizard

    logfile.setup()
    application()
    tasks = TaskRunner()
    try:
        wizard = SetupWizard(tasks, desk_settings())
        if os.environ.get(SMOKE_ENV) == "setup":
            QTimer.singleShot(0, wizard, lambda w=wizard: _smoke_report(w))
        wizard.exec()
        return wizard.choice
    finally:
        tasks.wait()


def run(url: str, demo: bool, prepare: Prepare | None) -> int:
    """Start the desk application; returns the process exit code."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("boxoffice").setLevel(logging.INFO)
    logfile.setup()
    app = application(desk_settings())
    crash = CrashHandler()
    crash.install()
    tasks = TaskRunner()
    server = safe_url(url)
    try:
        label = (
            _("Preparing the demo database…")
            if prepare
            else _("Connecting to {server}…").format(server=server)
        )
        db: Database = wait_for(tasks, open_database, url, prepare, label=label, parent=None)
        from boxoffice.services.settings.locale import apply_locale_settings  # once connected

        wait_for(tasks, apply_locale_settings, db, label=label, parent=None)  # currency, language
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


def check_keys(window: Any, db: Database, tasks: TaskRunner) -> None:
    """On a worker: a desk whose keys differ from the server's refuses to sell or scan."""

    from boxoffice.services.common import desk_keys  # after sign-in: not on the start-up path

    def checked(result: KeyCheck) -> None:
        if not result.ok:
            log.error(
                "key set differs from the server's: desk %s, server %s", result.local, result.server
            )
            window.refuse_sales(result.message())

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            raise exc
        window.refuse_sales(
            _("This desk cannot check its keys: {message}").format(message=exc.message)
        )

    tasks.run(desk_keys.check_this_desk, db, on_done=checked, on_error=failed)


def _smoke_report(dialog: QWidget) -> None:
    """Report that *dialog* (the sign-in window) is showing, then close it."""
    print(f"boxoffice: {dialog.objectName()} shown: {dialog.isVisible()}", flush=True)
    dialog.close()


def _log_sweep_error(exc: BaseException) -> None:
    log.warning("Pending card authorisations not swept: %s", exc)


def _session_loop(
    app: QApplication, db: Database, tasks: TaskRunner, server: str, desk: str, demo: bool
) -> int:
    """Sign in, work, sign out, sign in again ... until the clerk quits."""
    from boxoffice.gui.sign_in import SignInDialog, warm_up

    settings = desk_settings()
    while True:
        dialog = SignInDialog(db, tasks, server, desk, demo)
        if os.environ.get(SMOKE_ENV) == "sign-in":
            QTimer.singleShot(0, dialog, lambda d=dialog: _smoke_report(d))
        QTimer.singleShot(0, dialog, lambda: warm_up(tasks))  # once the window is up
        if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.actor is None:
            return 0
        # The desk's screens are imported once someone signed in: the sign-in window comes
        # first, the first time in about half the time (bench/startup.py).
        from boxoffice.gui.main_window import MainWindow
        from boxoffice.gui.manager.staff.demo_warning import check_published_demo_accounts
        from boxoffice.services.sales import pending_auths

        desk = dialog.desk.text().strip() or desk
        ctx = AppContext(db, dialog.actor, tasks, MessageBridge(), settings)
        window = MainWindow(ctx, server)
        window.show()
        window.start_outbox_pump()
        check_keys(window, db, tasks)
        # Card authorisations of sales that never got saved (a crash at commit) are voided.
        tasks.run(pending_auths.sweep, db, dialog.actor, on_error=_log_sweep_error)
        if not demo:  # the laptop demo database is meant to keep its published passwords
            check_published_demo_accounts(ctx)
        code = app.exec()
        tasks.wait()
        again = window.signed_out_requested
        window.deleteLater()
        if not again:
            return int(code)
