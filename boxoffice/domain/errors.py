"""Expected errors: each carries a message fit to show a clerk as it is.

Anything that is not a :class:`BoxOfficeError` is a bug and goes to the crash handler.
"""

from __future__ import annotations


class BoxOfficeError(Exception):
    """An expected failure with a user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(BoxOfficeError):
    """Input that breaks a rule (empty name, negative price, end before start...)."""


class NotFound(BoxOfficeError):
    """A referenced record does not exist (or is not visible to this user)."""


class PermissionDenied(BoxOfficeError):
    """The acting user's role does not allow this action."""


class AuthenticationFailed(BoxOfficeError):
    """Wrong user name or password."""


class AccountLocked(AuthenticationFailed):
    """Too many failed sign-ins; the account is locked for a while."""


class PasswordChangeRequired(BoxOfficeError):
    """The password was right but must be replaced before the account may sign in."""


class SeatUnavailable(BoxOfficeError):
    """One or more seats were taken by another desk (or are blocked)."""

    def __init__(self, message: str, seat_ids: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.seat_ids = seat_ids


class SoldOut(BoxOfficeError):
    """Not enough capacity left."""


class HoldExpired(BoxOfficeError):
    """The selection's hold ran out before payment finished."""


class SalesClosed(BoxOfficeError):
    """The event is past, cancelled, or outside its sales window."""


class PaymentDeclined(BoxOfficeError):
    """The card gateway declined the payment."""


class PaymentError(BoxOfficeError):
    """Tender does not cover the total, bad card data, and similar."""


class Conflict(BoxOfficeError):
    """The record changed under us (concurrent edit, already used, already cancelled)."""


class DatabaseUnavailable(BoxOfficeError):
    """The database server cannot be reached or refused our credentials."""


class ConfigurationError(BoxOfficeError):
    """A setting or key file is missing or malformed."""
