"""``boxoffice customer export|erase|merge|retention|language``: customer data rights (GDPR),
and the language a customer's tickets and mails are written in.

``customer retention`` is the cron entry point: it anonymises customers inactive for the
period set with ``--set-years`` (nothing while none is set), prints how many and exits 0.
Erase and merge ask for confirmation on a terminal; scripts pass ``--yes``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from boxoffice import config
from boxoffice.cli.common import confirm, open_database
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.i18n import LANGUAGES, _
from boxoffice.services.people.customers import get_customer, update_customer
from boxoffice.services.people.data_rights import (
    apply_retention,
    erase_customer,
    export_customer_to,
    merge_customers,
    set_retention_years,
)


def _actor() -> Actor:
    return replace(SYSTEM, desk=str(config.get("desk"))[:64])


def register(sub: Any) -> None:
    customer = sub.add_parser("customer", help="customer data rights: export, erase, merge")
    csub = customer.add_subparsers(dest="customer_command", metavar="ACTION", required=True)

    export = csub.add_parser("export", help="write everything held about a customer (JSON+PDF)")
    export.add_argument("id", type=int, help="customer id")
    export.add_argument("--out", type=Path, default=Path("."), help="folder (default: here)")
    export.set_defaults(handler=export_files)

    erase = csub.add_parser(
        "erase", help="anonymise a customer on request (bookings and payments are kept)"
    )
    erase.add_argument("id", type=int, help="customer id")
    erase.add_argument("--reason", required=True, help='why, e.g. "customer\'s request"')
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=run_erase)

    merge = csub.add_parser("merge", help="merge a duplicate customer into the one to keep")
    merge.add_argument("duplicate", type=int, help="id of the duplicate (it is removed)")
    merge.add_argument("keep", type=int, help="id of the customer to keep")
    merge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    merge.set_defaults(handler=run_merge)

    retention = csub.add_parser(
        "retention", help="anonymise customers inactive for N years (run it from cron)"
    )
    retention.add_argument("--years", type=int, help="this period instead of the setting")
    retention.add_argument("--dry-run", action="store_true", help="only list who would be")
    retention.add_argument("--set-years", type=int, metavar="N", help="store the period")
    retention.add_argument("--clear", action="store_true", help="remove the stored period")
    retention.set_defaults(handler=run_retention)

    language = csub.add_parser(
        "language", help="show or set the language of a customer's tickets, receipts and mails"
    )
    language.add_argument("id", type=int, help="customer id")
    language.add_argument(
        "code",
        nargs="?",
        metavar="CODE",
        help=f"{', '.join(LANGUAGES)} (or a region: de_CH, fr_CH); '' = the desk's language",
    )
    language.set_defaults(handler=run_language)


def export_files(args: argparse.Namespace) -> int:
    db = open_database(args)
    json_path, pdf_path = export_customer_to(db, _actor(), args.id, args.out)
    print(_("Wrote {json_path} and {pdf_path}.").format(json_path=json_path, pdf_path=pdf_path))
    return 0


def run_language(args: argparse.Namespace) -> int:
    db = open_database(args)
    if args.code is None:
        who = get_customer(db, _actor(), args.id)
    else:
        who = update_customer(db, _actor(), args.id, language=args.code)
    shown = who.language or _("the desk's language")
    print(
        _("Customer {id} ({name}) gets documents in: {language}").format(
            id=who.id, name=who.name, language=shown
        )
    )
    return 0


def run_erase(args: argparse.Namespace) -> int:
    db = open_database(args)
    who = get_customer(db, _actor(), args.id)
    question = _(
        "Erase customer {id} ({name})? Their name, e-mail, phone, saved cards and "
        "e-mails are removed for good; bookings and payments stay, anonymous."
    ).format(id=who.id, name=who.name)
    if not args.yes and not confirm(question):
        print(_("Nothing was erased (pass --yes to run without a question)."))
        return 1
    done = erase_customer(db, _actor(), args.id, args.reason)
    if done.already:
        print(_("Customer {id} was already erased.").format(id=args.id))
        return 0
    print(
        _(
            "Erased customer {id}: {bookings_kept} booking(s) kept "
            "anonymous, {cards_removed} saved card(s) and {mails_removed} "
            "e-mail(s) removed."
        ).format(
            id=args.id,
            bookings_kept=done.bookings_kept,
            cards_removed=done.cards_removed,
            mails_removed=done.mails_removed,
        )
    )
    return 0


def run_merge(args: argparse.Namespace) -> int:
    db = open_database(args)
    dup, keep = get_customer(db, _actor(), args.duplicate), get_customer(db, _actor(), args.keep)
    question = _(
        "Merge customer {id} ({name}) into {keep_id} ({keep_name})? Bookings, saved "
        "cards and consent move to {keep_id}; customer {id} is removed."
    ).format(id=dup.id, name=dup.name, keep_id=keep.id, keep_name=keep.name)
    if not args.yes and not confirm(question):
        print(_("Nothing was merged (pass --yes to run without a question)."))
        return 1
    done = merge_customers(db, _actor(), args.duplicate, args.keep)
    print(
        _(
            "Merged customer {removed_id} into {id}: {bookings_moved} "
            "booking(s) and {cards_moved} saved card(s) moved."
        ).format(
            removed_id=done.removed_id,
            id=done.kept.id,
            bookings_moved=done.bookings_moved,
            cards_moved=done.cards_moved,
        )
    )
    return 0


def run_retention(args: argparse.Namespace) -> int:
    db = open_database(args)
    if args.set_years is not None or args.clear:
        years = set_retention_years(db, _actor(), None if args.clear else args.set_years)
        print("No retention period is set." if years is None else f"Retention: {years} years.")
        return 0
    run = apply_retention(db, _actor(), years=args.years, dry_run=args.dry_run)
    verb = _("Would anonymise") if run.dry_run else _("Anonymised")
    print(
        _("{verb} {count} customer(s) inactive since {cutoff:%Y-%m-%d} ({years} years).").format(
            verb=verb, count=len(run.customer_ids), cutoff=run.cutoff, years=run.years
        )
    )
    if run.dry_run and run.customer_ids:
        print("Ids: " + ", ".join(str(i) for i in run.customer_ids))
    return 0
