"""``boxoffice waitlist sweep``: the cron entry point of waiting lists.

Offers are made by whatever frees seats, so the sweep only catches what no desk touched: offers
that ran out and seats whose desk hold ran out. It prints the counts and exits 0.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from boxoffice import config
from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.i18n import _, ngettext
from boxoffice.services import waitlist


def register(sub: Any) -> None:
    wl = sub.add_parser("waitlist", help=_("waiting lists: offer seats that came back (cron)"))
    wsub = wl.add_subparsers(dest="waitlist_command", metavar="ACTION", required=True)
    sweep = wsub.add_parser(
        "sweep", help=_("expire offers that ran out and offer free seats to the next customers")
    )
    sweep.set_defaults(handler=sweep_waitlists)


def sweep_waitlists(args: argparse.Namespace) -> int:
    db = open_database(args)
    result = waitlist.sweep(db, replace(SYSTEM, desk=str(config.get("desk"))[:64]))
    events = ngettext("{count} event looked at", "{count} events looked at", result.events)
    offers = ngettext("{count} offer made", "{count} offers made", result.offers)
    print(
        _("waiting lists: {events}, {offers}").format(
            events=events.format(count=result.events), offers=offers.format(count=result.offers)
        )
    )
    return 0
