"""``boxoffice booking list``: the newest bookings, as references or a table."""

from __future__ import annotations

import argparse
from typing import Any

from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.money import format_money
from boxoffice.i18n import _
from boxoffice.services.bookings.manage import BookingSummary
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.tickets.data import recent_bookings


def register(sub: Any) -> None:
    booking = sub.add_parser("booking", help=_("look at bookings"))
    bsub = booking.add_subparsers(dest="booking_command", metavar="ACTION", required=True)
    lst = bsub.add_parser("list", help=_("the newest bookings first"))
    lst.add_argument("--limit", type=int, default=20, metavar="N", help=_("how many (default 20)"))
    lst.add_argument(
        "--format",
        choices=("table", "ref"),
        default="table",
        help=_("'ref' prints one booking reference per line (for scripts)"),
    )
    lst.set_defaults(handler=list_bookings)


def table(rows: list[BookingSummary]) -> list[str]:
    """Aligned text columns with a header line."""
    head = ("Reference", "Status", "Booked", "Event", "Starts", "Customer", "Tickets", "Total")
    body = [
        (
            r.reference,
            r.status,
            format_stamp(r.created_at),
            r.event_title,
            format_stamp(r.starts_at),
            r.customer_name or "-",
            str(r.sold),
            format_money(r.total),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    right = {6, 7}  # numbers line up on the right

    def fmt(line: tuple[str, ...]) -> str:
        cells = (
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        return "  ".join(cells).rstrip()

    return [fmt(head), *(fmt(line) for line in body)]


def list_bookings(args: argparse.Namespace) -> int:
    db = open_database(args)
    rows = recent_bookings(db, SYSTEM, args.limit)
    if args.format == "ref":
        for r in rows:
            print(r.reference)
    elif rows:
        print("\n".join(table(rows)))
    else:
        print(_("No bookings yet."))
    return 0
