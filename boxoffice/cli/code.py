"""``boxoffice code add|list|disable``: discount codes for back-office scripts."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.discount import DiscountApplies, DiscountKind
from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _, ngettext
from boxoffice.i18n.formats import stamp_text
from boxoffice.services.sales import discount_codes as dc


def register(sub: Any) -> None:
    code = sub.add_parser("code", help=_("discount codes"))
    csub = code.add_subparsers(dest="code_command", metavar="ACTION", required=True)
    add = csub.add_parser("add", help=_("create a discount code"))
    add.add_argument("code", help=_("the code customers give, e.g. SPRING10"))
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--percent", metavar="P", help=_("percentage off (0-100]"))
    what.add_argument("--amount", metavar="A", help=_("amount off"))
    add.add_argument(
        "--per", choices=("ticket", "order"), default="ticket", help=_("default ticket")
    )
    add.add_argument(
        "--event",
        type=int,
        action="append",
        default=[],
        metavar="ID",
        help=_("only for this event (repeatable; default: every event)"),
    )
    add.add_argument(
        "--tier",
        type=int,
        action="append",
        default=[],
        metavar="ID",
        help=_("only for this price tier (repeatable; default: every tier)"),
    )
    add.add_argument("--from", dest="valid_from", metavar="YYYY-MM-DD[THH:MM]", help=_("UTC"))
    add.add_argument("--until", dest="valid_until", metavar="YYYY-MM-DD[THH:MM]", help=_("UTC"))
    add.add_argument("--limit", type=int, metavar="N", help=_("total uses"))
    add.add_argument("--per-customer", type=int, metavar="N", help=_("uses per customer"))
    add.add_argument(
        "--keep-use-on-cancel",
        action="store_true",
        help=_("a cancelled booking does not give its use of the code back"),
    )
    add.add_argument("--description", default="", help=_("a note for the staff"))
    add.set_defaults(handler=add_code)
    lst = csub.add_parser("list", help=_("every code with its uses"))
    lst.set_defaults(handler=list_codes)
    off = csub.add_parser("disable", help=_("stop a code being used"))
    off.add_argument("code")
    off.set_defaults(handler=disable_code)


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError(
            _("{text!r} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM).").format(text=text)
        ) from None


def _number(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("{text!r} is not a number.").format(text=text)) from None


def add_code(args: argparse.Namespace) -> int:
    kind = DiscountKind.PERCENT if args.percent is not None else DiscountKind.FIXED
    spec = dc.CodeSpec(
        code=args.code,
        kind=kind,
        value=_number(args.percent if args.percent is not None else args.amount),
        applies_to=DiscountApplies(args.per),
        event_ids=tuple(args.event),
        tier_ids=tuple(args.tier),
        valid_from=_when(args.valid_from),
        valid_until=_when(args.valid_until),
        use_limit=args.limit,
        per_customer_limit=args.per_customer,
        cancel_returns_use=not args.keep_use_on_cancel,
        description=args.description,
    )
    info = dc.create_code(open_database(args), SYSTEM, spec)
    print(_("Created {code}: {amount_text}.").format(code=info.code, amount_text=info.amount_text))
    return 0


def _limits(c: dc.CodeInfo) -> str:
    used = f"{c.uses}/{c.use_limit}" if c.use_limit is not None else str(c.uses)
    if c.per_customer_limit is not None:
        used += _(" ({limit}/customer)").format(limit=c.per_customer_limit)
    return used


def list_codes(args: argparse.Namespace) -> int:
    codes = dc.list_codes(open_database(args), SYSTEM)
    if not codes:
        print(_("No discount codes yet."))
        return 0
    head = (_("Code"), _("Discount"), _("Used"), _("Valid until (UTC)"), _("State"))
    rows = [
        (
            c.code,
            c.amount_text,
            _limits(c),
            stamp_text(c.valid_until) if c.valid_until else "-",
            _("active") if c.active else _("disabled"),
        )
        for c in codes
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def disable_code(args: argparse.Namespace) -> int:
    info = dc.disable_code(open_database(args), SYSTEM, args.code)
    used = ngettext(
        "Disabled {code} (used {uses} time).", "Disabled {code} (used {uses} times).", info.uses
    )
    print(used.format(code=info.code, uses=info.uses))
    return 0
