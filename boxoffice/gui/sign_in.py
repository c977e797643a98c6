"""The sign-in dialog: user name, password, which desk and which server, clear errors.

The fields are the Designer form ``ui/sign_in.ui``. An account that must change its password
(created or reset by an admin, a demo account on a shared server) is asked for a new one, typed
twice, before it signs in. The password check (bcrypt) runs on a worker thread, so the dialog
stays responsive.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import AuthenticationFailed, BoxOfficeError, PasswordChangeRequired
from boxoffice.gui.forms import fill, form_spec
from boxoffice.gui.tasks import TaskRunner

# The password check (services.people.auth, with the ORM models under it) is imported when the
# clerk signs in, not with this window: the sign-in window shows first. ``app`` imports it on a
# worker meanwhile (warm_up), so the click seldom waits for it.
AUTH = "boxoffice.services.people.auth"


def warm_up(tasks: TaskRunner) -> None:
    """Import the password check on a worker while the clerk types."""
    tasks.run(importlib.import_module, AUTH, on_error=lambda _exc: None)


DEMO_ACCOUNTS = (
    ("clerk", "clerk-demo", "sells and checks in"),
    ("manager", "manager-demo", "also events, reports, all bookings"),
    ("admin", "admin-demo", "also staff and settings"),
)

FORM = form_spec(
    "sign_in",
    username=QLineEdit,
    password=QLineEdit,
    newPassword=QLineEdit,
    newPasswordLabel=QLabel,
    repeatPassword=QLineEdit,
    repeatPasswordLabel=QLabel,
    desk=QLineEdit,
    serverLabel=QLabel,
    errorText=QLabel,
    demoHint=QLabel,
    buttons=QDialogButtonBox,
)


class SignInDialog(QDialog):
    """Asks for credentials; on success ``actor`` is set and the dialog accepts.

    Signals: ``signed_in(Actor)`` after a successful sign-in.
    """

    signed_in = Signal(object)

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        server: str,
        desk: str,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        # Qt adds " — Box office" (the display name) on Linux and Windows: not said twice.
        self.setWindowTitle("Sign in")
        self._db = db
        self._tasks = tasks
        self._busy = False
        self.actor: Actor | None = None

        form = fill(self, FORM)
        self.username = form.get(QLineEdit, "username")
        self.password = form.get(QLineEdit, "password")
        # Shown only when the account must choose a new password before it may sign in.
        self.new_password = form.get(QLineEdit, "newPassword")
        self.repeat_password = form.get(QLineEdit, "repeatPassword")
        self._change_rows = (
            self.new_password,
            form.get(QLabel, "newPasswordLabel"),
            self.repeat_password,
            form.get(QLabel, "repeatPasswordLabel"),
        )
        self._old_password: str | None = None  # kept only while a change is asked for
        self.desk = form.get(QLineEdit, "desk")
        self.desk.setText(desk)
        self.server = form.get(QLabel, "serverLabel")
        self.server.setText(server)
        self.error = form.get(QLabel, "errorText")
        self.error.hide()
        self.hint = form.get(QLabel, "demoHint")
        if demo:
            rows = "".join(
                f"<tr><td><b>{u}</b></td><td>&nbsp;{p}&nbsp;</td><td>{what}</td></tr>"
                for u, p, what in DEMO_ACCOUNTS
            )
            self.hint.setText(f"<b>Demo database.</b> Accounts:<table>{rows}</table>")
        else:
            self.hint.hide()

        buttons = form.get(QDialogButtonBox, "buttons")
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setProperty("role", "primary")  # before the box polishes it
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)
        self._show_change_fields(False)
        self.username.setFocus()

    def _show_change_fields(self, shown: bool) -> None:
        for widget in self._change_rows:
            widget.setVisible(shown)
        self.username.setReadOnly(shown)
        self.password.setEnabled(not shown)

    @Slot()
    def submit(self) -> None:
        """Check the credentials off the GUI thread; the result arrives in a callback."""
        if self._busy:
            return
        username = self.username.text().strip()
        password = self.password.text()
        desk = self.desk.text().strip() or "desk"
        if not username or not password:
            self._show_error("Enter your user name and password.")
            (self.username if not username else self.password).setFocus()
            return
        if self._old_password is not None:
            self._submit_change(username, desk)
            return
        from boxoffice.services.people import auth

        self._set_busy(True)
        self._tasks.run_write(
            auth.sign_in,
            self._db,
            username,
            password,
            desk,
            on_done=self._on_signed_in,
            on_error=self._on_failed,
        )

    def _submit_change(self, username: str, desk: str) -> None:
        """Send the new password (typed twice) with the old one that proved right."""
        new = self.new_password.text()
        if not new or new != self.repeat_password.text():
            self._show_error("Type the same new password in both fields.")
            self.repeat_password.clear()
            self.new_password.setFocus()
            return
        assert self._old_password is not None
        from boxoffice.services.people import auth

        self._set_busy(True)
        self._tasks.run_write(
            auth.change_password_and_sign_in,
            self._db,
            username,
            self._old_password,
            new,
            desk,
            on_done=self._on_signed_in,
            on_error=self._on_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText("Signing in…" if busy else "Sign in")

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _on_signed_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self._old_password = None
        self.error.hide()
        self.signed_in.emit(actor)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self._show_error(exc.message)
        if isinstance(exc, PasswordChangeRequired):
            self._old_password = self.password.text()
            self._show_change_fields(True)
            self.new_password.setFocus()
            return
        if self._old_password is not None and not isinstance(exc, AuthenticationFailed):
            # The new password broke the policy: ask for another, keep the old one.
            self.new_password.clear()
            self.repeat_password.clear()
            self.new_password.setFocus()
            return
        self._old_password = None
        self._show_change_fields(False)
        self.password.clear()
        self.password.setFocus()
