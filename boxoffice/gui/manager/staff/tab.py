"""The Staff tab (admins): every account, and what an admin can change about it.

Destructive changes (disable, another role) are confirmed in place with an optional reason
that goes to the audit log; new accounts and password resets type the password twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.roles import Role
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.staff.forms import ROLE_TITLES, AddUserForm, PasswordForm, role_box
from boxoffice.gui.widgets.confirm_bar import ConfirmBar
from boxoffice.gui.widgets.list_table import list_table
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import N_, _
from boxoffice.services.people import staff
from boxoffice.services.people.staff import StaffInfo

COLUMNS: tuple[Column[StaffInfo], ...] = (
    Column(N_("User name"), lambda u: u.username),
    Column(N_("Full name"), lambda u: u.full_name),
    Column(N_("Role"), lambda u: u.role.value),
    Column(N_("Status"), lambda u: u.status, muted=lambda u: u.status != "active"),
    Column(N_("New password"), lambda u: _("at next sign-in") if u.must_change_password else ""),
    Column(
        N_("Last sign-in"),
        lambda u: (
            when_text(u.last_login_at.astimezone(), weekday=False) if u.last_login_at else "never"
        ),
    ),
)


class StaffTab(QWidget):
    """Signals: ``changed(object)`` with the StaffInfo after each successful change."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffTab")
        self.ctx = ctx
        self.users = RecordModel(COLUMNS)
        self.table = list_table("staffTable", self.users, stretch=1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.add_button = QPushButton(_("Add user…"))
        self.add_button.setObjectName("addUserButton")
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.open_add)
        self.count = QLabel()
        self.count.setObjectName("subtle")
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.add_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(top)
        left_column.addWidget(self.table, 1)

        self.name = QLabel(_("Select an account"))
        self.name.setObjectName("panelTitle")
        self.login = QLabel()
        self.login.setObjectName("subtle")
        self.state = QLabel()
        self.state.setObjectName("staffStatus")
        self.role = role_box("staffRole")
        self.role_button = QPushButton(_("Change role"))
        self.role_button.setObjectName("changeRole")
        self.role_button.clicked.connect(self.ask_role)
        self.active_button = QPushButton(_("Disable account"))
        self.active_button.setObjectName("toggleActive")
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button = QPushButton(_("Reset password…"))
        self.password_button.setObjectName("resetPasswordButton")
        self.password_button.clicked.connect(self.open_password)
        self.force_button = QPushButton(_("Require new password"))
        self.force_button.setObjectName("forcePasswordChange")
        self.force_button.setToolTip(_("They must choose a new password at their next sign-in."))
        self.force_button.clicked.connect(self.ask_force_change)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role, 1)
        role_row.addWidget(self.role_button)
        actions = QHBoxLayout()
        actions.addWidget(self.password_button)
        actions.addWidget(self.force_button)
        actions.addStretch(1)
        actions.addWidget(self.active_button)
        card = QFrame()
        card.setObjectName("staffCard")
        card_column = QVBoxLayout(card)
        card_column.addWidget(self.name)
        card_column.addWidget(self.login)
        card_column.addWidget(self.state)
        card_column.addSpacing(6)
        card_column.addWidget(QLabel(_("Role")))
        card_column.addLayout(role_row)
        card_column.addSpacing(6)
        card_column.addLayout(actions)
        self.confirm = ConfirmBar()
        self.add_form = AddUserForm()
        self.add_form.submitted.connect(self.add_user)
        self.password_form = PasswordForm()
        self.password_form.submitted.connect(self.reset_password)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(card)
        right_column.addWidget(self.confirm)
        right_column.addWidget(self.password_form)
        right_column.addWidget(self.add_form)
        right_column.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(split)
        self._select_id: int | None = None
        self._show(None)
        self.reload()

    # -- loading ----------------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        self.ctx.services.run(
            staff.list_users,
            on_done=self._loaded,
            on_error=self.ctx.messages.report,
        )

    def _loaded(self, users: list[StaffInfo]) -> None:
        current = self.selected()
        keep = self._select_id or (current.id if current is not None else None)
        self.users.set_records(users)
        active = sum(1 for u in users if u.active)
        self.count.setText(
            _("{count} accounts · {active} active").format(count=len(users), active=active)
        )
        row = next((i for i, u in enumerate(users) if u.id == keep), 0 if users else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.users.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show(self.selected())

    def selected(self) -> StaffInfo | None:
        return self.users.record(self.table.currentIndex().row())

    def select_user(self, username: str) -> None:
        row = next((i for i, u in enumerate(self.users.records) if u.username == username), -1)
        if row >= 0:
            self.table.selectRow(row)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.confirm.dismiss()
        self.password_form.close_form()
        self._show(self.users.record(current.row()))

    def _show(self, user: StaffInfo | None) -> None:
        has = user is not None
        me = has and user is not None and user.id == self.ctx.actor.user_id
        for widget in (self.role, self.role_button, self.active_button, self.password_button):
            widget.setEnabled(has)
        self.force_button.setEnabled(has and user is not None and not user.must_change_password)
        if user is None:
            self.name.setText(_("Select an account"))
            self.login.clear()
            self.state.clear()
            return
        self.name.setText(user.full_name or user.username)
        when = (
            when_text(user.last_login_at.astimezone(), weekday=False)
            if user.last_login_at
            else "never"
        )
        self.login.setText(
            _("{username} · last signed in {when}").format(username=user.username, when=when)
        )
        self.state.setText(
            {
                "active": _("Active — can sign in"),
                "disabled": _("Disabled — cannot sign in"),
                "locked": _("Locked after failed sign-ins — reset the password to unlock"),
            }[user.status]
        )
        self.state.setProperty("level", user.status)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.role.setCurrentIndex(self.role.findData(user.role.value))
        self.active_button.setText(_("Enable account") if not user.active else _("Disable account"))
        self.active_button.setProperty("role", "danger" if user.active else "")
        self.active_button.style().unpolish(self.active_button)
        self.active_button.style().polish(self.active_button)
        # The services refuse these too; the buttons say so first.
        self.active_button.setEnabled(not (me and user.active))
        self.active_button.setToolTip(_("You cannot disable your own account.") if me else "")

    # -- actions ----------------------------------------------------------------------------------
    @Slot()
    def open_add(self) -> None:
        self.confirm.dismiss()
        self.password_form.close_form()
        self.add_form.open_form()

    @Slot(str, str, str, str)
    def add_user(self, username: str, full_name: str, role: str, password: str) -> None:
        self._write(
            staff.add_user,
            username,
            Role(role),
            password,
            full_name,
            done=_("Account {username} created.").format(username=username),
            form=self.add_form,
        )

    @Slot()
    def ask_role(self) -> None:
        user = self.selected()
        new = Role(str(self.role.currentData()))
        if user is None or new == user.role:
            return
        user_id = user.id
        self.confirm.ask(
            _(
                "Change <b>{username}</b> from {lower} to {lower2}? What they can do changes at "
                "their next sign-in."
            ).format(
                username=user.username,
                lower=_(ROLE_TITLES[user.role]).split(" —")[0].lower(),
                lower2=_(ROLE_TITLES[new]).split(" —")[0].lower(),
            ),
            _("Change role"),
            lambda reason: self._write(
                staff.set_role,
                user_id,
                new,
                reason,
                done=_("{username} is now {role}.").format(username=user.username, role=new.value),
            ),
        )

    @Slot()
    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        user_id = user.id
        if not user.active:
            self._write(
                staff.set_active,
                user_id,
                True,
                done=_("{username} can sign in again.").format(username=user.username),
            )
            return
        self.confirm.ask(
            _(
                "Disable <b>{username}</b>? They can no longer sign in; their sales and history "
                "stay."
            ).format(username=user.username),
            _("Disable account"),
            lambda reason: self._write(
                staff.set_active,
                user_id,
                False,
                reason,
                done=_("{username} is disabled.").format(username=user.username),
            ),
        )

    @Slot()
    def ask_force_change(self) -> None:
        user = self.selected()
        if user is None or user.must_change_password:
            return
        user_id = user.id
        self.confirm.ask(
            _(
                "Make <b>{username}</b> choose a new password at their next sign-in? Their "
                "present password still signs them in once, to set the new one."
            ).format(username=user.username),
            _("Require new password"),
            lambda reason: self._write(
                staff.require_password_change,
                user_id,
                reason,
                done=_("{username} must choose a new password at the next sign-in.").format(
                    username=user.username
                ),
            ),
        )

    @Slot()
    def open_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.confirm.dismiss()
        self.add_form.close_form()
        self.password_form.open_for(user.username)

    @Slot(str)
    def reset_password(self, password: str) -> None:
        user = self.selected()
        if user is None:
            return
        self._write(
            staff.reset_password,
            user.id,
            password,
            done=_("New password set for {username}.").format(username=user.username),
            form=self.password_form,
        )

    def _write(
        self, use_case: Callable[..., StaffInfo], *args: Any, done: str, form: Any = None
    ) -> None:
        """Run one staff change (``use_case(*args)``) on the writer; say *done* once it is."""

        def finished(info: StaffInfo) -> None:
            if form is not None:
                form.close_form()
            self._select_id = info.id
            self.ctx.messages.info.emit(done)
            self.changed.emit(info)
            self.reload()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, BoxOfficeError):
                raise exc
            if form is not None:
                form.show_error(exc.message)  # beside the fields the admin is typing in
            else:
                self.ctx.messages.report(exc)
                self._show(self.selected())

        self.ctx.services.run_write(use_case, *args, on_done=finished, on_error=failed)
