"""Staff accounts service: add, list, roles, disable/enable, password reset — each audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog
from boxoffice.domain.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PasswordChangeRequired,
    PermissionDenied,
    ValidationError,
)
from boxoffice.domain.roles import Role
from boxoffice.services.people import auth, staff
from tests.services.reports.test_reports_support import Demo, demo_ids


@pytest.fixture
def demo(demo_db: Database) -> Demo:
    return demo_ids(demo_db)


def _audit(db: Database, action: str) -> list[dict[str, object]]:
    with db.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == action)).all()
        return [json.loads(r.detail) if r.detail else {} for r in rows]


def test_add_list_and_sign_in(demo_db: Database, demo: Demo) -> None:
    info = staff.add_user(demo_db, demo.admin, "jsmith", Role.CLERK, "correct horse", "Jo Smith")
    assert (info.username, info.full_name, info.role, info.status) == (
        "jsmith",
        "Jo Smith",
        Role.CLERK,
        "active",
    )
    users = staff.list_users(demo_db, demo.admin)
    assert [u.username for u in users] == ["admin", "clerk", "clerk2", "jsmith", "manager"]
    # The admin chose the password: the first sign-in must replace it.
    with pytest.raises(PasswordChangeRequired):
        auth.sign_in(demo_db, "jsmith", "correct horse", "d")
    changed = auth.change_password_and_sign_in(demo_db, "jsmith", "correct horse", "own horse", "d")
    assert changed.role == Role.CLERK
    assert auth.sign_in(demo_db, "jsmith", "own horse", "d").role == Role.CLERK
    signed = next(u for u in staff.list_users(demo_db, demo.admin) if u.username == "jsmith")
    assert signed.last_login_at is not None
    assert _audit(demo_db, "staff.add")[-1] == {"role": "clerk", "username": "jsmith"}


@pytest.mark.parametrize(
    ("name", "password", "error", "text"),
    [
        ("a", "long enough", ValidationError, "2–64 characters"),
        ("with space", "long enough", ValidationError, "no spaces"),
        ("newbie", "short", ValidationError, "at least 8"),
        ("clerk", "long enough", Conflict, "already a user"),
    ],
)
def test_bad_accounts_are_refused(
    demo_db: Database, demo: Demo, name: str, password: str, error: type, text: str
) -> None:
    with pytest.raises(error, match=text):
        staff.add_user(demo_db, demo.admin, name, Role.CLERK, password)


def test_role_change_is_audited_with_reason(demo_db: Database, demo: Demo) -> None:
    clerk2 = demo.clerk2.user_id or 0
    info = staff.set_role(demo_db, demo.admin, clerk2, Role.MANAGER, "covers the weekend")
    assert info.role == Role.MANAGER
    assert _audit(demo_db, "staff.role")[-1] == {
        "old": "clerk",
        "new": "manager",
        "reason": "covers the weekend",
    }
    assert auth.sign_in(demo_db, "clerk2", "clerk2-demo", "d").role == Role.MANAGER
    with pytest.raises(ValidationError, match="own admin role"):
        staff.set_role(demo_db, demo.admin, demo.admin.user_id or 0, Role.CLERK)


def test_disable_and_enable(demo_db: Database, demo: Demo) -> None:
    clerk = demo.clerk.user_id or 0
    assert staff.set_active(demo_db, demo.admin, clerk, False, "left").status == "disabled"
    with pytest.raises(AuthenticationFailed):
        auth.sign_in(demo_db, "clerk", "clerk-demo", "d")
    assert _audit(demo_db, "staff.disable")[-1] == {"reason": "left"}
    assert staff.set_active(demo_db, demo.admin, clerk, True).status == "active"
    assert auth.sign_in(demo_db, "clerk", "clerk-demo", "d").username == "clerk"
    with pytest.raises(ValidationError, match="own account"):
        staff.set_active(demo_db, demo.admin, demo.admin.user_id or 0, False)


def test_password_reset_unlocks(demo_db: Database, demo: Demo) -> None:
    for _ in range(12):  # lock the account with wrong passwords
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(demo_db, "clerk2", "wrong password", "d")
    locked = next(u for u in staff.list_users(demo_db, demo.admin) if u.username == "clerk2")
    assert locked.status == "locked"
    info = staff.reset_password(demo_db, demo.admin, locked.id, "brand new pass")
    assert info.status == "active" and info.must_change_password
    with pytest.raises(PasswordChangeRequired):
        auth.sign_in(demo_db, "clerk2", "brand new pass", "d")
    auth.change_password_and_sign_in(demo_db, "clerk2", "brand new pass", "mine alone 7", "d")
    assert auth.sign_in(demo_db, "clerk2", "mine alone 7", "d").username == "clerk2"
    assert "brand new pass" not in json.dumps(_audit(demo_db, "staff.password_reset"))
    with pytest.raises(ValidationError):
        staff.reset_password(demo_db, demo.admin, locked.id, "short")


def test_only_admins_manage_staff(demo_db: Database, demo: Demo) -> None:
    with pytest.raises(PermissionDenied):
        staff.list_users(demo_db, demo.manager)
    with pytest.raises(PermissionDenied):
        staff.set_active(demo_db, demo.manager, demo.clerk.user_id or 0, False)
    with pytest.raises(NotFound):
        staff.set_role(demo_db, demo.admin, 999_999, Role.CLERK)


def test_admin_can_force_a_password_change(demo_db: Database, demo: Demo) -> None:
    clerk_id = demo.clerk.user_id or 0
    info = staff.require_password_change(demo_db, demo.admin, clerk_id, "left on a sticky note")
    assert info.must_change_password
    with pytest.raises(PasswordChangeRequired):
        auth.sign_in(demo_db, "clerk", "clerk-demo", "d")
    with pytest.raises(ValidationError, match="published demo"):
        auth.change_password_and_sign_in(demo_db, "clerk", "clerk-demo", "clerk-demo", "d")
    auth.change_password_and_sign_in(demo_db, "clerk", "clerk-demo", "Fresh-Start-41", "d")
    staff.require_password_change(demo_db, demo.admin, clerk_id)
    with pytest.raises(ValidationError, match="differ"):
        auth.change_password_and_sign_in(demo_db, "clerk", "Fresh-Start-41", "Fresh-Start-41", "d")
    with pytest.raises(AuthenticationFailed):  # the old password must be right
        auth.change_password_and_sign_in(demo_db, "clerk", "wrong-one", "Fresh-Start-43", "d")
    auth.change_password_and_sign_in(demo_db, "clerk", "Fresh-Start-41", "Fresh-Start-42", "d")
    assert _audit(demo_db, "staff.password_change_forced")[0] == {"reason": "left on a sticky note"}
    with pytest.raises(PermissionDenied):
        staff.require_password_change(demo_db, demo.manager, clerk_id)
