"""Helpers shared by the subcommands: opening the database, asking questions."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from boxoffice import config
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import check_connection
from boxoffice.domain.errors import DatabaseUnavailable, ValidationError
from boxoffice.i18n import _


def demo_url() -> str:
    return f"sqlite:///{Path(config.data_dir()) / 'demo.sqlite3'}"


def database_url(args: argparse.Namespace) -> str:
    if getattr(args, "database_url", None):
        return str(args.database_url)
    if getattr(args, "demo_database", False):
        return demo_url()
    return config.database_url()


def open_database(args: argparse.Namespace, *, require_schema: bool = True) -> Database:
    """Connect (clear message if the server is down) and check the schema is current."""
    db = Database(database_url(args))
    check_connection(db.engine)
    if require_schema and migrate.needs_upgrade(db.engine):
        raise DatabaseUnavailable(
            _("The database schema is missing or out of date. Run 'boxoffice db upgrade' first.")
        )
    if require_schema:
        # Imported here: a plain desk start imports this module but no service (test_desk_start).
        from boxoffice.services.settings.locale import apply_locale_settings

        apply_locale_settings(db)  # the installation's currency for what this command prints
    return db


def confirm(question: str) -> bool:
    """Ask yes/no on the terminal; anything but y/yes is no (and no terminal means no)."""
    if not sys.stdin.isatty():
        return False
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes")


def valid_text(text: str, what: str) -> str:
    """*text*, unless it holds bytes that are not UTF-8 (Python passes those on as lone
    surrogates, which no database or hash can encode)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(_("{what} is not valid UTF-8 text.").format(what=what)) from None
    return text


def read_new_password(from_stdin: bool) -> str:
    """Prompt twice without echo, or read one line from stdin (for scripts)."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise ValidationError(_("No password on standard input."))
        return valid_text(password, _("The password"))
    if not sys.stdin.isatty():
        raise ValidationError(_("No terminal to ask for a password; use --password-stdin."))
    first = getpass.getpass(_("New password: "))
    second = getpass.getpass(_("Repeat password: "))
    if first != second:
        raise ValidationError(_("The two passwords differ; nothing was changed."))
    return valid_text(first, _("The password"))
