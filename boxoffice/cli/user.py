"""``boxoffice user add NAME --role ROLE`` (the password is prompted, never an argument).

On a database with no admin yet, ``--role admin`` creates the first admin (its own password);
any other account created here must change its password at first sign-in.
"""

from __future__ import annotations

import argparse
from typing import Any

from boxoffice.cli.common import open_database, read_new_password
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.roles import Role, parse_role
from boxoffice.i18n import _
from boxoffice.services.people import staff
from boxoffice.services.people.first_admin import create_first_admin, has_admin


def register(sub: Any) -> None:
    user = sub.add_parser("user", help=_("manage staff accounts"))
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = usub.add_parser("add", help=_("create a staff account (asks for the password)"))
    add.add_argument("name", help=_("user name used to sign in"))
    add.add_argument("--role", required=True, help="|".join(r.value for r in Role))
    add.add_argument("--full-name", default="", help=_("name shown in the app"))
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from the first line of standard input"),
    )
    add.set_defaults(handler=add_user)


def add_user(args: argparse.Namespace) -> int:
    role = parse_role(args.role)
    db = open_database(args)
    password = read_new_password(args.password_stdin)
    if role is Role.ADMIN and not db.run(has_admin):
        # The first admin of a new installation chose this password: no change is forced.
        info = db.run(lambda s: create_first_admin(s, args.name, password))
        print(_("Created the first admin {username!r}.").format(username=info.username))
        return 0
    info = staff.add_user(db, SYSTEM, args.name, role, password, args.full_name)
    forced = _("it must change its password at first sign-in")
    print(
        _("Created {value} {username!r}; {forced}.").format(
            value=info.role.value, username=info.username, forced=forced
        )
    )
    return 0
