"""Staff roles and the permissions each one grants."""

from __future__ import annotations

from enum import StrEnum

from boxoffice.i18n import _


class Role(StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(StrEnum):
    SELL = "sell"  # browse, hold, checkout, customers, reprint
    CHECK_IN = "check_in"
    CANCEL_OWN = "cancel_own"  # cancel/exchange bookings (clerk: refunds audited)
    MANAGE_EVENTS = "manage_events"
    MANAGE_VENUES = "manage_venues"
    VIEW_REPORTS = "view_reports"
    MANAGE_BOOKINGS = "manage_bookings"  # search all bookings, resend, cancel any
    MANAGE_STAFF = "manage_staff"
    MANAGE_SETTINGS = "manage_settings"
    GIVE_COMPLIMENTARY = "give_complimentary"  # free tickets (a reason required, audited)
    USE_TILL = "use_till"  # open and close this desk's till, pay in/out, open the drawer by hand
    MANAGE_TILLS = "manage_tills"  # till settings, every desk's sessions
    RELEASE_HOLDS = "release_holds"  # release named holds (not kills) to sale, or sell from them


_CLERK = frozenset(
    {Permission.SELL, Permission.CHECK_IN, Permission.CANCEL_OWN, Permission.USE_TILL}
)
_MANAGER = _CLERK | {
    Permission.MANAGE_EVENTS,
    Permission.MANAGE_VENUES,
    Permission.VIEW_REPORTS,
    Permission.MANAGE_BOOKINGS,
    Permission.GIVE_COMPLIMENTARY,
    Permission.MANAGE_TILLS,
    Permission.RELEASE_HOLDS,
}
_ADMIN = _MANAGER | {Permission.MANAGE_STAFF, Permission.MANAGE_SETTINGS}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK,
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(_ADMIN),
}


def parse_role(text: str) -> Role:
    """Return the Role named by *text* (case-insensitive) or raise ValidationError."""
    from boxoffice.domain.errors import ValidationError

    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError(
            _("Unknown role {text!r}; choose one of: {choices}.").format(text=text, choices=choices)
        ) from None
