"""Password hashing with bcrypt; plain passwords never leave this module."""

from __future__ import annotations

import secrets
from functools import cache

import bcrypt

from boxoffice.domain.errors import ValidationError

MIN_LENGTH = 8
_ROUNDS = 12


def check_strength(password: str) -> None:
    """Raise ValidationError for a password that is too short or too long for bcrypt."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"A password needs at least {MIN_LENGTH} characters.")
    if len(password.encode()) > 72:
        raise ValidationError("A password can be at most 72 bytes long.")


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
