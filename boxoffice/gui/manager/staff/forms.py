"""Inline forms of the staff tab: a new account, and a new password (each typed twice).

The fields are the Designer forms ``ui/staff_form.ui`` and ``ui/password_pair.ui``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.roles import Role
from boxoffice.gui.forms import fill, form_spec, load_form
from boxoffice.i18n import N_, _
from boxoffice.services.people.passwords import MIN_LENGTH

ROLE_TITLES = {
    Role.CLERK: N_("Clerk — sells, checks in"),
    Role.MANAGER: N_("Manager — events, reports, all bookings"),
    Role.ADMIN: N_("Admin — also staff and settings"),
}


STAFF_FORM = form_spec(
    "staff_form", newUsername=QLineEdit, newFullName=QLineEdit, newRole=QComboBox
)
PASSWORD_FORM = form_spec("password_pair", password=QLineEdit, passwordAgain=QLineEdit)


def role_box(name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    fill_roles(box)
    return box


def fill_roles(box: QComboBox) -> None:
    for role in Role:
        box.addItem(_(ROLE_TITLES[role]), role.value)


class PasswordPair(QWidget):
    """Password and repeat; :meth:`problem` says what is wrong before anything is sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = fill(self, PASSWORD_FORM)
        self.first = form.get(QLineEdit, "password")
        self.first.setPlaceholderText(
            _("at least {MIN_LENGTH} characters").format(MIN_LENGTH=MIN_LENGTH)
        )
        self.second = form.get(QLineEdit, "passwordAgain")

    def problem(self) -> str:
        if len(self.first.text()) < MIN_LENGTH:
            return _("A password needs at least {MIN_LENGTH} characters.").format(
                MIN_LENGTH=MIN_LENGTH
            )
        if self.first.text() != self.second.text():
            return _("The two passwords differ.")
        return ""

    def password(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()


class _Form(QGroupBox):
    """A titled inline form with an error line and Cancel / action buttons."""

    cancelled = Signal()

    def __init__(self, title: str, action: str, name: str) -> None:
        super().__init__(title)
        self.setObjectName(name)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.close_form)
        self.ok_button = QPushButton(action)
        self.ok_button.setObjectName(f"{name}Ok")
        self.ok_button.setProperty("role", "primary")
        self.body = QVBoxLayout(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        self.buttons = buttons
        self.hide()

    def finish_layout(self) -> None:
        self.body.addWidget(self.error)
        self.body.addLayout(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.ok_button.setEnabled(True)

    @Slot()
    def close_form(self) -> None:
        self.show_error("")
        self.hide()
        self.cancelled.emit()


class AddUserForm(_Form):
    """Signals: ``submitted(str, str, str, str)`` user name, full name, role, password."""

    submitted = Signal(str, str, str, str)

    def __init__(self) -> None:
        super().__init__(_("New staff account"), _("Create account"), "addUser")
        form = load_form(STAFF_FORM, self)
        self.username = form.get(QLineEdit, "newUsername")
        self.full_name = form.get(QLineEdit, "newFullName")
        self.role = form.get(QComboBox, "newRole")
        fill_roles(self.role)
        self.passwords = PasswordPair()
        self.body.addWidget(form.root)
        self.body.addWidget(self.passwords)
        self.finish_layout()
        self.ok_button.clicked.connect(self.submit)
        self.passwords.second.returnPressed.connect(self.submit)

    def open_form(self) -> None:
        self.username.clear()
        self.full_name.clear()
        self.role.setCurrentIndex(0)
        self.passwords.clear()
        self.show_error("")
        self.show()
        self.username.setFocus()

    @Slot()
    def submit(self) -> None:
        if not self.username.text().strip():
            self.show_error(_("Enter a user name."))
            return
        problem = self.passwords.problem()
        if problem:
            self.show_error(problem)
            return
        self.ok_button.setEnabled(False)
        self.submitted.emit(
            self.username.text().strip(),
            self.full_name.text().strip(),
            str(self.role.currentData()),
            self.passwords.password(),
        )


class PasswordForm(_Form):
    """Signals: ``submitted(str)`` with the new password."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__(_("Reset password"), _("Set password"), "resetPassword")
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.passwords = PasswordPair()
        self.body.addWidget(self.who)
        self.body.addWidget(self.passwords)
        self.finish_layout()
        self.ok_button.clicked.connect(self.submit)
        self.passwords.second.returnPressed.connect(self.submit)

    def open_for(self, username: str) -> None:
        self.setTitle(_("Reset the password of {username}").format(username=username))
        self.who.setText(
            _("The account is unlocked too. Tell the user the new password in person.")
        )
        self.passwords.clear()
        self.show_error("")
        self.show()
        self.passwords.first.setFocus()

    @Slot()
    def submit(self) -> None:
        problem = self.passwords.problem()
        if problem:
            self.show_error(problem)
            return
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.passwords.password())
