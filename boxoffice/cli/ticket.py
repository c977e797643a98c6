"""``boxoffice ticket pdf|verify|codes|reissue``: ticket documents and codes from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _
from boxoffice.services.common.desk_keys import require_this_desk
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.codes import reissue_ticket, ticket_code
from boxoffice.services.tickets.data import get_booking_print
from boxoffice.services.tickets.layout import STOCKS, group_code
from boxoffice.services.tickets.pdf import booking_document, render_pdf

EXIT_INVALID = 1


def register(sub: Any) -> None:
    ticket = sub.add_parser("ticket", help=_("ticket PDFs, codes and verification"))
    tsub = ticket.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)

    pdf = tsub.add_parser("pdf", help=_("write a booking's tickets and receipt as a PDF"))
    pdf.add_argument("reference", metavar="REF", help=_("booking reference, e.g. 7KQ4-MX2P"))
    pdf.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("PDF file ('-' = stdout)")
    )
    pdf.add_argument(
        "--stock",
        choices=sorted(STOCKS),
        default="a4",
        help="paper: " + "; ".join(f"{k} = {s.label}" for k, s in STOCKS.items()),
    )
    pdf.set_defaults(handler=write_pdf)

    verify = tsub.add_parser(
        "verify", help=_("check a ticket code without admitting it (exit 0 valid, 1 not)")
    )
    verify.add_argument("code", metavar="CODE", nargs="+", help=_("the text of the QR code"))
    verify.add_argument("--event", type=int, metavar="ID", help=_("the door's event id"))
    verify.set_defaults(handler=verify_code)

    codes = tsub.add_parser("codes", help=_("list a booking's tickets with their current codes"))
    codes.add_argument("reference", metavar="REF")
    codes.set_defaults(handler=list_codes)

    reissue = tsub.add_parser(
        "reissue", help=_("give a ticket a new code (the old one stops working)")
    )
    reissue.add_argument("ticket_id", type=int, metavar="TICKET_ID")
    reissue.set_defaults(handler=reissue_code)


def _unwritable(path: Path) -> str:
    """Why *path* cannot take the PDF ("" if it looks fine). Checked before the document is
    made, because making it writes an audit row."""
    try:
        if path.is_dir():
            return "it is a folder"
        if not path.parent.is_dir():
            return f"there is no folder {path.parent}"
    except OSError as exc:  # e.g. a name too long for the file system
        return exc.strerror or str(exc)
    return ""


def write_pdf(args: argparse.Namespace) -> int:
    db = open_database(args)
    require_this_desk(db)  # codes signed or read with other keys would fail at every door
    problem = "" if args.output == "-" else _unwritable(Path(args.output))
    if problem:
        raise ValidationError(
            _("Cannot write {output}: {problem}.").format(output=args.output, problem=problem)
        )
    document = booking_document(db, SYSTEM, args.reference, args.stock, purpose="pdf")
    data = render_pdf(document)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(args.output)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValidationError(
            _("Cannot write {path}: {value}.").format(path=path, value=exc.strerror or exc)
        ) from None
    pages = len(document.pages)
    print(
        _("Wrote {title} ({label}, {pages} pages) to {path}.").format(
            title=document.title, label=document.stock.label, pages=pages, path=path
        )
    )
    return 0


def verify_code(args: argparse.Namespace) -> int:
    db = open_database(args)
    require_this_desk(db)
    result = checkin.verify_code(db, SYSTEM, "".join(args.code), args.event)
    verdict = "VALID" if result.ok else "NOT VALID"
    print(f"{verdict}: {result.message}")
    if result.ticket_id is not None:
        print(
            _(
                "  ticket {ticket_id} · booking {reference} · {event_title} · {seat_label} · {tier}"
            ).format(
                ticket_id=result.ticket_id,
                reference=result.reference,
                event_title=result.event_title,
                seat_label=result.seat_label,
                tier=result.tier,
            )
        )
    return 0 if result.ok else EXIT_INVALID


def list_codes(args: argparse.Namespace) -> int:
    db = open_database(args)
    require_this_desk(db)
    booking = get_booking_print(db, SYSTEM, args.reference)
    print(f"{booking.reference} · {booking.event_title} · {booking.status}")
    for t in booking.tickets:
        code = (
            group_code(ticket_code(t.id, booking.event_id, t.event_seat_id, t.generation))
            if t.valid
            else "-"
        )
        used = f" at {format_stamp(t.checked_in_at)}" if t.checked_in_at else ""
        print(f"  {t.id:>8}  {t.seat_label:<28}  {t.status}{used:<10}  {code}")
    return 0


def reissue_code(args: argparse.Namespace) -> int:
    db = open_database(args)
    require_this_desk(db)
    issued = reissue_ticket(db, SYSTEM, args.ticket_id)
    print(
        _(
            "Ticket {ticket_id} of {reference} now has code generation "
            "{generation}; reprint it. New code:"
        ).format(
            ticket_id=issued.ticket_id, reference=issued.reference, generation=issued.generation
        )
    )
    print(issued.code)
    return 0
