"""Password hashing with bcrypt and the password policy; plain passwords never leave this module.

The policy (SECURITY.md): at least MIN_LENGTH characters, at most 72 bytes (bcrypt's limit), not
the user name (alone or followed by digits or symbols only), not one of the common and breached
passwords shipped in ``common_passwords.txt``, and not a demo account's published password.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

import bcrypt

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

MIN_LENGTH = 8
_ROUNDS = 12
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common and breached passwords, lower-cased."""
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def is_published_demo_password(password: str) -> bool:
    """``<name>-demo``: the pattern of the demo accounts' passwords printed in the README."""
    return password.lower().endswith("-demo") and len(password) <= 64 + len("-demo")


def check_strength(password: str, username: str = "") -> None:
    """Raise ValidationError, saying why, for a password the policy refuses."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            _("A password needs at least {MIN_LENGTH} characters.").format(MIN_LENGTH=MIN_LENGTH)
        )
    if len(password.encode()) > 72:
        raise ValidationError(_("A password can be at most 72 bytes long."))
    lowered = password.lower()
    name = username.strip().lower()
    if name and lowered.startswith(name) and not any(c.isalpha() for c in lowered[len(name) :]):
        raise ValidationError(_("A password must not be the user name (with or without digits)."))
    if lowered in common_passwords():
        raise ValidationError(
            _("This password is on the list of common or breached passwords; choose another.")
        )
    if is_published_demo_password(password):
        raise ValidationError(
            _("Passwords ending in -demo are the published demo passwords; choose another.")
        )


def hash_password(password: str, rounds: int = _ROUNDS) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:72], password_hash.encode())
    except ValueError:  # malformed hash in the database
        return False


@cache
def dummy_hash() -> str:
    """A real hash to check against when the user does not exist, so timing reveals nothing."""
    return hash_password(secrets.token_hex(16))
