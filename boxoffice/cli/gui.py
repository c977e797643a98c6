"""Starting the desk application from the command line."""

from __future__ import annotations

import argparse
import sys
from types import ModuleType
from typing import Any

from boxoffice import keyring
from boxoffice.cli.common import database_url
from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import check_connection
from boxoffice.i18n import _
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


CANNOT_OPEN_WINDOW = 3  # exit code: the machine lacks what Qt needs to open a window


def gui_app() -> ModuleType | None:
    """``boxoffice.gui.app`` (Qt is imported only when the GUI starts), or None after saying
    on stderr which system packages Qt is missing: checked before any QApplication exists,
    since Qt aborts the process when its platform plugin cannot load."""
    from boxoffice import desktop_libs

    problem = desktop_libs.problem()
    if not problem:
        try:
            from boxoffice.gui import app  # a plain import: the bundle builder must see it
        except ImportError as exc:
            problem = desktop_libs.import_error_advice(exc)
        else:
            return app
    print(_("boxoffice: {problem}").format(problem=problem), file=sys.stderr)
    return None


def run_gui(args: argparse.Namespace) -> int:
    from boxoffice import config

    app = gui_app()
    if app is None:
        return CANNOT_OPEN_WINDOW
    if not args.demo_database and not args.database_url and not config.is_configured():
        choice = app.run_setup()  # first run: no config file, no URL given
        if not choice:
            return 0
        args.demo_database = choice == "demo"
    url = database_url(args)
    return int(
        app.run(
            url, demo=bool(args.demo_database), prepare=prepare_demo if args.demo_database else None
        )
    )


def register(sub: Any) -> None:
    setup = sub.add_parser(
        "setup", help=_("open the desk set-up (server, account, keys, printer) again")
    )
    setup.set_defaults(handler=setup_desk)


def setup_desk(args: argparse.Namespace) -> int:
    app = gui_app()
    if app is None:
        return CANNOT_OPEN_WINDOW
    choice = app.run_setup()
    if choice == "server":
        print(_("This desk is set up. Start it with 'boxoffice'."))
    return 0 if choice else 1
