"""CHECK constraints shared by the models, written in SQL that MySQL 8, MariaDB and SQLite share.

MySQL 8.0.16+ and MariaDB 10.2+ enforce CHECK constraints (older MySQL parsed and ignored them);
SQLite always has. Each constraint gets a short name; the naming convention in ``base`` turns it
into ``ck_<table>_<name>``, which ``db.refusals`` maps to a message for the user.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


def one_of(column: str, values: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """*column* holds one of the enum's values (a status, a role, a method)."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_known")


def not_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} >= 0", name=f"{column}_not_negative")


def money(column: str, *, nullable: bool = False) -> CheckConstraint:
    """A money column is never negative and always whole cents.

    MySQL's DECIMAL(10,2) already rounds to cents; SQLite stores what it is given, so the
    ROUND comparison is what refuses 12.345 there.
    """
    rule = f"{column} >= 0 AND ROUND({column}, 2) = {column}"
    if nullable:
        rule = f"{column} IS NULL OR ({rule})"
    return CheckConstraint(rule, name=f"{column}_cents")
