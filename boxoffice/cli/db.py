"""``boxoffice db upgrade|reset|status|check|backup|restore|currency``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from boxoffice import keyring
from boxoffice.cli.common import confirm, database_url, open_database
from boxoffice.db import backup, migrate
from boxoffice.db.engine import safe_url
from boxoffice.domain.actor import SYSTEM
from boxoffice.i18n import _
from boxoffice.services.demo import DEMO_STAFF, demo_password, load_demo
from boxoffice.services.integrity import check_database
from boxoffice.services.settings.locale import get_currency, set_currency


def register(sub: Any) -> None:
    db = sub.add_parser("db", help=_("create, upgrade or reset the database schema"))
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help=_("create or migrate the schema to the latest version"))
    up.set_defaults(handler=upgrade)
    reset = dbsub.add_parser("reset", help=_("DELETE ALL DATA and recreate the schema"))
    reset.add_argument(
        "--demo", dest="load_demo", action="store_true", help=_("load the demo data afterwards")
    )
    reset.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    reset.set_defaults(handler=reset_db)
    status = dbsub.add_parser("status", help=_("show the database and its schema version"))
    status.set_defaults(handler=show_status)
    check = dbsub.add_parser(
        "check", help=_("report every inconsistent row (exit 1 if any: for cron and monitoring)")
    )
    check.set_defaults(handler=check_db)
    save = dbsub.add_parser(
        "backup", help=_("write a consistent copy of the database to FILE (desks may keep selling)")
    )
    save.add_argument("file", metavar="FILE", type=Path)
    save.add_argument("--force", action="store_true", help=_("overwrite FILE if it exists"))
    save.set_defaults(handler=backup_db)
    load = dbsub.add_parser(
        "restore",
        help=_("load a backup FILE into the configured database (which must be empty)"),
        description=_(
            "Load a backup made by 'boxoffice db backup' into the configured database. "
            "Stop the desks first. An empty database is required unless --force is given."
        ),
    )
    load.add_argument("file", metavar="FILE", type=Path)
    load.add_argument(
        "--force",
        action="store_true",
        help=_("REPLACE the data of a non-empty database with the backup"),
    )
    load.set_defaults(handler=restore_db)
    money = dbsub.add_parser(
        "currency",
        help=_(
            "show or set the installation's currency (ISO 4217 with two decimals: EUR, CHF ...)"
        ),
        description=_(
            "Every desk sells and prints prices in this currency. Set it once at set-up: "
            "amounts already stored are not converted."
        ),
    )
    money.add_argument("code", nargs="?", metavar="CODE", help=_("e.g. EUR, GBP, USD, CHF"))
    money.set_defaults(handler=currency_db)


def upgrade(args: argparse.Namespace) -> int:
    db = open_database(args, require_schema=False)
    migrate.upgrade(db.engine)
    print(
        _("Schema of {safe_url} is at version {head_revision}.").format(
            safe_url=safe_url(db.engine.url), head_revision=migrate.head_revision()
        )
    )
    return 0


def reset_db(args: argparse.Namespace) -> int:
    where = safe_url(database_url(args))
    if not args.yes and not confirm(
        _("Delete ALL data in {where} and start again?").format(where=where)
    ):
        print(_("Nothing was changed."))
        return 1
    db = open_database(args, require_schema=False)
    migrate.drop_all(db.engine)
    migrate.upgrade(db.engine)
    if args.load_demo:
        db.run(lambda s: load_demo(s))
        users = ", ".join(f"{name} / {demo_password(name)}" for name, _r, _k in DEMO_STAFF)
        print(_("Demo data loaded. Sign in as: {users}").format(users=users))
    print(_("Database {where} reset.").format(where=where))
    return 0


def show_status(args: argparse.Namespace) -> int:
    db = open_database(args, require_schema=False)
    current = migrate.current_revision(db.engine)
    head = migrate.head_revision()
    state = _("up to date") if current == head else _("needs upgrade to {head}").format(head=head)
    print(
        _("{safe_url}: schema {value} ({state})").format(
            safe_url=safe_url(db.engine.url), value=current or "none", state=state
        )
    )
    return 0


def _card_key_ids() -> frozenset[str] | None:
    """The card key ids of the key file, read without creating anything; None if no file."""
    path = keyring.key_file()
    if not path.exists():
        return None
    return frozenset(keyring.load(keyring.PURPOSES[0], path).keys)


def check_db(args: argparse.Namespace) -> int:
    db = open_database(args)
    report = check_database(db, SYSTEM, _card_key_ids())
    print(_("Checked {safe_url}:").format(safe_url=safe_url(db.engine.url)))
    for line in report.lines():
        print(line)
    return 0 if report.clean else 1


def backup_db(args: argparse.Namespace) -> int:
    # Any schema version: the moment before 'db upgrade' is when a backup matters most.
    db = open_database(args, require_schema=False)
    try:
        result = backup.backup(db.engine, args.file, force=args.force)
    finally:
        db.dispose()
    print(
        _("Backed up {source} to {path} ({size:,} bytes).").format(
            source=result.source, path=result.path, size=result.size
        )
    )
    print(_("Keep the key file (boxoffice keys export) with it: cards and tickets need both."))
    return 0


def currency_db(args: argparse.Namespace) -> int:
    db = open_database(args)
    if args.code is None:
        print(_("The installation's currency is {code}.").format(code=get_currency(db, SYSTEM)))
        return 0
    code = set_currency(db, SYSTEM, args.code)
    print(
        _("The installation's currency is now {code}; desks use it when they next start.").format(
            code=code
        )
    )
    return 0


def restore_db(args: argparse.Namespace) -> int:
    backup.kind_of(args.file)  # a missing or foreign file is reported before connecting
    db = open_database(args, require_schema=False)
    try:
        result = backup.restore(db.engine, args.file, force=args.force)
    finally:
        db.dispose()
    replaced = " Its previous data was replaced." if result.replaced_data else ""
    print(
        _("Restored {file} into {target}.{replaced}").format(
            file=args.file, target=result.target, replaced=replaced
        )
    )
    if result.needs_upgrade:
        print(
            _(
                "The backup's schema is {value}: run 'boxoffice db upgrade' before the desks start."
            ).format(value=result.revision or "none")
        )
    return 0
