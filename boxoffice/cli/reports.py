"""``boxoffice reports summarise``: keep the per-day report summaries filled (cron).

Reports summarise the closed days they need themselves; a nightly run means the first report of
the morning does not. ``--verify`` recomputes every summarised day and repairs any that differ
from the base tables (exit 1 when one did).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from boxoffice import config
from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.i18n import _, ngettext
from boxoffice.services.reports import summaries


def _local_offset() -> int:
    offset = datetime.now(UTC).astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def register(sub: Any) -> None:
    reports = sub.add_parser("reports", help=_("sales report summaries (cron)"))
    rsub = reports.add_subparsers(dest="reports_command", metavar="ACTION", required=True)
    run = rsub.add_parser(
        "summarise", help=_("summarise the closed days for the reports (no desk waits for it)")
    )
    run.add_argument(
        "--utc-offset",
        type=int,
        action="append",
        metavar="MINUTES",
        help=_("the zone's offset from UTC in minutes, repeatable (default: this computer's now)"),
    )
    run.add_argument(
        "--days", type=int, default=400, help=_("closed days back (default 400, at most 3660)")
    )
    run.add_argument(
        "--verify",
        action="store_true",
        help=_("recompute every summarised day and repair any that differ (exit 1 if one did)"),
    )
    run.set_defaults(handler=summarise)


def summarise(args: argparse.Namespace) -> int:
    db = open_database(args)
    actor = replace(SYSTEM, desk=str(config.get("desk"))[:64])
    offsets = args.utc_offset or [_local_offset()]
    if any(abs(o) > 14 * 60 for o in offsets):
        print(_("A UTC offset is at most 840 minutes (14 hours) either way."))
        return 2
    for done in summaries.summarise(db, actor, offsets, min(max(1, args.days), 3660)):
        print(
            ngettext(
                "{zone}: {count} day summarised, {first} to {last} kept",
                "{zone}: {count} days summarised, {first} to {last} kept",
                done.summarised,
            ).format(
                zone=done.utc_offset_minutes,
                count=done.summarised,
                first=done.first_day,
                last=done.last_day,
            )
        )
    if not args.verify:
        return 0
    repaired = 0
    for offset in offsets:
        checked = summaries.verify(db, actor, offset)
        repaired += len(checked.repaired)
        days = ", ".join(str(d) for d in checked.repaired) or _("none")
        print(
            ngettext(
                "{zone}: {count} day verified; repaired: {days}",
                "{zone}: {count} days verified; repaired: {days}",
                checked.days,
            ).format(zone=offset, count=checked.days, days=days)
        )
    return 1 if repaired else 0
