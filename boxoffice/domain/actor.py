"""The acting user every service call carries."""

from __future__ import annotations

from dataclasses import dataclass

from boxoffice.domain.errors import PermissionDenied
from boxoffice.domain.roles import PERMISSIONS, Permission, Role
from boxoffice.i18n import _


@dataclass(frozen=True)
class Actor:
    """Who is doing this: a signed-in staff user at a desk (or the CLI/system)."""

    user_id: int | None
    username: str
    role: Role
    desk: str = ""

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless this actor's role grants *permission*."""
        if not self.can(permission):
            raise PermissionDenied(
                _("{username} ({value}) is not allowed to {replace}.").format(
                    username=self.username,
                    value=self.role.value,
                    replace=permission.value.replace("_", " "),
                )
            )


# The command line run by the machine's administrator (db reset, user add): full rights, no row.
SYSTEM = Actor(user_id=None, username="system", role=Role.ADMIN, desk="cli")
