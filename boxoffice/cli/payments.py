"""``boxoffice payments void-pending``: void card authorisations of sales that were never saved."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.i18n import _
from boxoffice.services.sales import pending_auths


def register(sub: Any) -> None:
    payments = sub.add_parser("payments", help=_("card authorisations this desk left open"))
    psub = payments.add_subparsers(dest="payments_command", metavar="ACTION", required=True)
    void = psub.add_parser(
        "void-pending",
        help=_("void this desk's card authorisations whose sale was never saved (cron-safe)"),
    )
    void.add_argument(
        "--older-than",
        type=int,
        default=None,
        metavar="MINUTES",
        help=_("only notes at least this old (default: the hold length plus 5 minutes)"),
    )
    void.set_defaults(handler=void_pending)


def void_pending(args: argparse.Namespace) -> int:
    db = open_database(args)
    older = None if args.older_than is None else timedelta(minutes=max(0, args.older_than))
    result = pending_auths.sweep(db, SYSTEM, older)
    print(
        _(
            "Voided {count} card authorisation{value} of unsaved sales; "
            "{settled} saved sale{value2} confirmed."
        ).format(
            count=len(result.voided),
            value="s" if len(result.voided) != 1 else "",
            settled=result.settled,
            value2="s" if result.settled != 1 else "",
        )
    )
    return 0
