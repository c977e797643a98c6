"""Starting the desk application from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from boxoffice import keyring
from boxoffice.cli.common import database_url
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import check_connection
from boxoffice.services.demo import load_demo


def prepare_demo(url: str) -> Database:
    """Open the demo database, creating the schema, demo data and key file on first use."""
    keyring.create()  # the demo desk is its own first desk
    db = Database(url)
    check_connection(db.engine)
    if migrate.current_revision(db.engine) is None:
        migrate.upgrade(db.engine)
        db.run(lambda s: load_demo(s))
    elif migrate.needs_upgrade(db.engine):
        migrate.upgrade(db.engine)
    return db


def run_gui(args: argparse.Namespace) -> int:
    from boxoffice import config

    if not args.demo_database and not args.database_url and not config.is_configured():
        from boxoffice.gui.app import run_setup  # first run: no config file, no URL given

        choice = run_setup()
        if not choice:
            return 0
        args.demo_database = choice == "demo"
    url = database_url(args)
    from boxoffice.gui.app import run  # Qt is imported only when the GUI starts

    return int(
        run(
            url, demo=bool(args.demo_database), prepare=prepare_demo if args.demo_database else None
        )
    )


def register(sub: Any) -> None:
    setup = sub.add_parser(
        "setup", help="open the desk set-up (server, account, keys, printer) again"
    )
    setup.set_defaults(handler=setup_desk)


def setup_desk(args: argparse.Namespace) -> int:
    from boxoffice.gui.app import run_setup

    choice = run_setup()
    if choice == "server":
        print("This desk is set up. Start it with 'boxoffice'.")
    return 0 if choice else 1
