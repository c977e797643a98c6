"""``boxoffice user add NAME --role ROLE`` (the password is prompted, never an argument)."""

from __future__ import annotations

import argparse
from typing import Any

from boxoffice.cli.common import open_database, read_new_password
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.roles import Role, parse_role
from boxoffice.services.people import staff


def register(sub: Any) -> None:
    user = sub.add_parser("user", help="manage staff accounts")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = usub.add_parser("add", help="create a staff account (asks for the password)")
    add.add_argument("name", help="user name used to sign in")
    add.add_argument("--role", required=True, help="|".join(r.value for r in Role))
    add.add_argument("--full-name", default="", help="name shown in the app")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    add.set_defaults(handler=add_user)


def add_user(args: argparse.Namespace) -> int:
    role = parse_role(args.role)
    db = open_database(args)
    password = read_new_password(args.password_stdin)
    info = staff.add_user(db, SYSTEM, args.name, role, password, args.full_name)
    print(f"Created {info.role.value} {info.username!r}.")
    return 0
