"""``boxoffice voucher issue|show``: gift vouchers for back-office scripts."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import format_money
from boxoffice.i18n import _
from boxoffice.i18n.formats import date_text, stamp_text
from boxoffice.services.sales import vouchers


def register(sub: Any) -> None:
    voucher = sub.add_parser("voucher", help=_("gift vouchers"))
    vsub = voucher.add_subparsers(dest="voucher_command", metavar="ACTION", required=True)
    issue = vsub.add_parser("issue", help=_("issue a voucher (prints its number and code)"))
    issue.add_argument("value", help=_("what it is worth, e.g. 50.00"))
    issue.add_argument("--expires", metavar="YYYY-MM-DD", help=_("last day it can be used (UTC)"))
    issue.add_argument("--recipient", default="", help=_("who it is for (printed on it)"))
    issue.set_defaults(handler=issue_voucher)
    show = vsub.add_parser("show", help=_("balance and movements of a voucher"))
    show.add_argument("voucher", help=_("its number (V-XXXX-XXXX) or its code"))
    show.set_defaults(handler=show_voucher)
    report = vsub.add_parser("report", help=_("issued, redeemed and outstanding"))
    report.add_argument("--since", metavar="YYYY-MM-DD", help=_("first day (UTC) of the period"))
    report.add_argument("--until", metavar="YYYY-MM-DD", help=_("day after the period (UTC)"))
    report.set_defaults(handler=voucher_report)


def _expiry(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        day = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("{text!r} is not a date (YYYY-MM-DD).").format(text=text)) from None
    return day.replace(hour=23, minute=59, second=59, tzinfo=UTC)


def issue_voucher(args: argparse.Namespace) -> int:
    info = vouchers.issue_voucher(
        open_database(args),
        SYSTEM,
        args.value,
        expires_at=_expiry(args.expires),
        recipient=args.recipient,
    )
    print(
        _("Voucher {number} worth {amount}").format(
            number=info.number, amount=format_money(info.value)
        )
    )
    print(_("Code {code}").format(code=info.code))
    return 0


def show_voucher(args: argparse.Namespace) -> int:
    info = vouchers.voucher_info(open_database(args), SYSTEM, args.voucher)
    until = (
        _(", valid until {expires_at}").format(expires_at=date_text(info.expires_at))
        if info.expires_at
        else ""
    )
    print(
        _("Voucher {number}: {amount} of {amount2}{until}").format(
            number=info.number,
            amount=format_money(info.balance),
            amount2=format_money(info.value),
            until=until,
        )
    )
    for m in info.movements:
        booking = f"  {m.booking_reference}" if m.booking_reference else ""
        when = stamp_text(m.at)
        print(f"  {when}  {m.kind.value:<7} {format_money(m.amount):>10}{booking}")
    return 0


def _day(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError(_("{text!r} is not a date (YYYY-MM-DD).").format(text=text)) from None


def voucher_report(args: argparse.Namespace) -> int:
    r = vouchers.voucher_report(open_database(args), SYSTEM, _day(args.since), _day(args.until))
    print(
        _("issued       {issued_count:>6}  {amount:>12}").format(
            issued_count=r.issued_count, amount=format_money(r.issued)
        )
    )
    print(_("redeemed             {amount:>12}").format(amount=format_money(r.redeemed)))
    print(
        _("outstanding          {amount:>12}  (usable now)").format(
            amount=format_money(r.outstanding)
        )
    )
    print(_("expired unspent      {amount:>12}").format(amount=format_money(r.expired_unspent)))
    print(
        _("refunds onto         {amount:>12}  (back onto vouchers, new or old)").format(
            amount=format_money(r.credited)
        )
    )
    return 0
