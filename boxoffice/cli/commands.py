"""The subcommand modules, in --help order. Each has ``register(subparsers)``."""

from __future__ import annotations

from boxoffice.cli import db, user

MODULES = [db, user]
