"""The sign-in dialog: user name, password, which desk and which server, clear errors.

The fields are the Designer form ``ui/sign_in.ui``. The password check (bcrypt) runs on a
worker thread, so the dialog stays responsive.
"""

from __future__ import annotations

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
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.forms import fill, form_spec
from boxoffice.gui.tasks import TaskRunner
from boxoffice.services.people import auth

DEMO_ACCOUNTS = (
    ("clerk", "clerk-demo", "sells and checks in"),
    ("manager", "manager-demo", "also events, reports, all bookings"),
    ("admin", "admin-demo", "also staff and settings"),
)

FORM = form_spec(
    "sign_in",
    username=QLineEdit,
    password=QLineEdit,
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
        self.setWindowTitle("Box office — sign in")
        self._db = db
        self._tasks = tasks
        self._busy = False
        self.actor: Actor | None = None

        form = fill(self, FORM)
        self.username = form.get(QLineEdit, "username")
        self.password = form.get(QLineEdit, "password")
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
        self.username.setFocus()

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
        self.error.hide()
        self.signed_in.emit(actor)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self._show_error(exc.message)
        self.password.clear()
        self.password.setFocus()
