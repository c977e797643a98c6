"""Staff tab (admins): list, add with the password twice, roles and disabling confirmed first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from boxoffice.domain.errors import AuthenticationFailed, PasswordChangeRequired
from boxoffice.domain.roles import Role
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.staff import StaffTab
from boxoffice.services.people import auth, staff
from tests.gui.conftest import MessageLog

pytestmark = pytest.mark.gui


@pytest.fixture
def admin_ctx(make_ctx: Callable[..., AppContext]) -> AppContext:
    return make_ctx("admin")


@pytest.fixture
def log(admin_ctx: AppContext) -> MessageLog:
    messages = MessageLog()
    messages.attach(admin_ctx.messages)
    return messages


@pytest.fixture
def tab(qtbot: QtBot, admin_ctx: AppContext) -> StaffTab:
    widget = StaffTab(admin_ctx)
    qtbot.addWidget(widget)
    return widget


def _user(ctx: AppContext, username: str) -> staff.StaffInfo:
    return next(u for u in staff.list_users(ctx.db, ctx.actor) if u.username == username)


def test_lists_every_account(
    tab: StaffTab, admin_ctx: AppContext, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(tab.users, force_py=True)
    assert [u.username for u in tab.users.records] == ["admin", "clerk", "clerk2", "manager"]
    assert tab.count.text() == "4 accounts · 4 active"
    assert tab.users.index(0, 5).data() != "never"  # the admin signed in for this test
    tab.select_user("admin")
    assert not tab.active_button.isEnabled()  # not yourself
    tab.select_user("clerk")
    assert tab.active_button.isEnabled() and tab.active_button.text() == "Disable account"
    assert tab.name.text() == "Carla Clerk"


def test_add_user_needs_the_same_password_twice(
    tab: StaffTab, admin_ctx: AppContext, log: MessageLog
) -> None:
    form = tab.add_form
    tab.add_button.click()
    assert form.isVisibleTo(tab)
    form.username.setText("jsmith")
    form.full_name.setText("Jo Smith")
    form.role.setCurrentIndex(form.role.findData("manager"))
    form.passwords.first.setText("correct horse")
    form.passwords.second.setText("correct hoarse")
    form.ok_button.click()
    assert form.error.text() == "The two passwords differ."
    assert "jsmith" not in [u.username for u in tab.users.records]
    form.passwords.first.setText("short")
    form.passwords.second.setText("short")
    form.ok_button.click()
    assert form.error.text() == "A password needs at least 8 characters."
    form.passwords.first.setText("correct horse")
    form.passwords.second.setText("correct horse")
    form.ok_button.click()
    assert not form.isVisibleTo(tab)
    assert log.infos == ["Account jsmith created."]
    assert tab.selected() is not None and tab.selected().username == "jsmith"  # type: ignore[union-attr]
    with pytest.raises(PasswordChangeRequired):  # right, but chosen by the admin
        auth.sign_in(admin_ctx.db, "jsmith", "correct horse", "d")


def test_service_errors_show_beside_the_form(tab: StaffTab, log: MessageLog) -> None:
    form = tab.add_form
    tab.open_add()
    form.username.setText("clerk")  # taken
    form.passwords.first.setText("long enough")
    form.passwords.second.setText("long enough")
    form.ok_button.click()
    assert form.isVisibleTo(tab) and "already a user called 'clerk'" in form.error.text()
    assert form.ok_button.isEnabled() and log.errors == []


def test_disabling_asks_first_and_keeps_the_reason(
    tab: StaffTab, admin_ctx: AppContext, log: MessageLog
) -> None:
    tab.select_user("clerk2")
    tab.active_button.click()
    assert tab.confirm.isVisibleTo(tab) and "Disable <b>clerk2</b>" in tab.confirm.question.text()
    assert _user(admin_ctx, "clerk2").active  # nothing happened yet
    tab.confirm.no.click()
    assert _user(admin_ctx, "clerk2").active
    tab.active_button.click()
    tab.confirm.reason.setText("left the company")
    tab.confirm.yes.click()
    assert _user(admin_ctx, "clerk2").status == "disabled"
    assert log.infos == ["clerk2 is disabled."]
    assert tab.active_button.text() == "Enable account"
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(admin_ctx.db, "clerk2", "clerk2-demo", "d")
    tab.active_button.click()  # enabling is not destructive: no question
    assert _user(admin_ctx, "clerk2").active and not tab.confirm.isVisibleTo(tab)


def test_role_change_is_confirmed(tab: StaffTab, admin_ctx: AppContext) -> None:
    tab.select_user("clerk")
    tab.role.setCurrentIndex(tab.role.findData("manager"))
    tab.role_button.click()
    assert "from clerk to manager" in tab.confirm.question.text()
    assert _user(admin_ctx, "clerk").role == Role.CLERK
    tab.confirm.yes.click()
    assert _user(admin_ctx, "clerk").role == Role.MANAGER
    assert tab.selected() is not None and tab.selected().role == Role.MANAGER  # type: ignore[union-attr]


def test_demoting_yourself_is_refused(tab: StaffTab, log: MessageLog) -> None:
    tab.select_user("admin")
    tab.role.setCurrentIndex(tab.role.findData("clerk"))
    tab.role_button.click()
    tab.confirm.yes.click()
    assert log.errors == ["You cannot remove your own admin role."]
    assert tab.role.currentData() == "admin"  # the card shows the truth again


def test_password_reset(tab: StaffTab, admin_ctx: AppContext, log: MessageLog) -> None:
    tab.select_user("clerk")
    tab.password_button.click()
    form = tab.password_form
    assert form.isVisibleTo(tab) and form.title() == "Reset the password of clerk"
    form.passwords.first.setText("new password 1")
    form.passwords.second.setText("new password 1")
    form.ok_button.click()
    assert log.infos == ["New password set for clerk."] and not form.isVisibleTo(tab)
    with pytest.raises(PasswordChangeRequired):  # right, but chosen by the admin
        auth.sign_in(admin_ctx.db, "clerk", "new password 1", "d")


def test_a_manager_cannot_list_staff(qtbot: QtBot, manager_ctx: AppContext) -> None:
    messages = MessageLog()
    messages.attach(manager_ctx.messages)
    widget = StaffTab(manager_ctx)
    qtbot.addWidget(widget)
    assert widget.users.records == [] and "not allowed" in messages.errors[0]


def test_admin_requires_a_new_password(
    tab: StaffTab, admin_ctx: AppContext, log: MessageLog
) -> None:
    tab.select_user("clerk2")
    assert tab.force_button.isEnabled()
    tab.force_button.click()
    assert "Make <b>clerk2</b> choose a new password" in tab.confirm.question.text()
    assert not _user(admin_ctx, "clerk2").must_change_password  # nothing happened yet
    tab.confirm.reason.setText("shared at the desk")
    tab.confirm.yes.click()
    assert _user(admin_ctx, "clerk2").must_change_password
    assert log.infos == ["clerk2 must choose a new password at the next sign-in."]
    assert not tab.force_button.isEnabled()  # already asked for
    row = [u.username for u in tab.users.records].index("clerk2")
    assert tab.users.index(row, 4).data() == "at next sign-in"
    with pytest.raises(PasswordChangeRequired):  # the old password still proves who they are
        auth.sign_in(admin_ctx.db, "clerk2", "clerk2-demo", "d")
