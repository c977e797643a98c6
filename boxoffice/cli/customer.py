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
from boxoffice.i18n import LANGUAGES, _, ngettext
from boxoffice.i18n.formats import date_text
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
    customer = sub.add_parser("customer", help=_("customer data rights: export, erase, merge"))
    csub = customer.add_subparsers(dest="customer_command", metavar="ACTION", required=True)

    export = csub.add_parser("export", help=_("write everything held about a customer (JSON+PDF)"))
    export.add_argument("id", type=int, help=_("customer id"))
    export.add_argument("--out", type=Path, default=Path("."), help=_("folder (default: here)"))
    export.set_defaults(handler=export_files)

    erase = csub.add_parser(
        "erase", help=_("anonymise a customer on request (bookings and payments are kept)")
    )
    erase.add_argument("id", type=int, help=_("customer id"))
    erase.add_argument("--reason", required=True, help=_('why, e.g. "customer\'s request"'))
    erase.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    erase.set_defaults(handler=run_erase)

    merge = csub.add_parser("merge", help=_("merge a duplicate customer into the one to keep"))
    merge.add_argument("duplicate", type=int, help=_("id of the duplicate (it is removed)"))
    merge.add_argument("keep", type=int, help=_("id of the customer to keep"))
    merge.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    merge.set_defaults(handler=run_merge)

    retention = csub.add_parser(
        "retention", help=_("anonymise customers inactive for N years (run it from cron)")
    )
    retention.add_argument("--years", type=int, help=_("this period instead of the setting"))
    retention.add_argument("--dry-run", action="store_true", help=_("only list who would be"))
    retention.add_argument("--set-years", type=int, metavar="N", help=_("store the period"))
    retention.add_argument("--clear", action="store_true", help=_("remove the stored period"))
    retention.set_defaults(handler=run_retention)

    language = csub.add_parser(
        "language", help=_("show or set the language of a customer's tickets, receipts and mails")
    )
    language.add_argument("id", type=int, help=_("customer id"))
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
    bookings = ngettext("{count} booking", "{count} bookings", done.bookings_kept)
    cards = ngettext("{count} saved card", "{count} saved cards", done.cards_removed)
    mails = ngettext("{count} e-mail", "{count} e-mails", done.mails_removed)
    print(
        _("Erased customer {id}: {bookings} kept anonymous, {cards} and {mails} removed.").format(
            id=args.id,
            bookings=bookings.format(count=done.bookings_kept),
            cards=cards.format(count=done.cards_removed),
            mails=mails.format(count=done.mails_removed),
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
    bookings = ngettext("{count} booking", "{count} bookings", done.bookings_moved)
    cards = ngettext("{count} saved card", "{count} saved cards", done.cards_moved)
    print(
        _("Merged customer {removed_id} into {id}: {bookings} and {cards} moved.").format(
            removed_id=done.removed_id,
            id=done.kept.id,
            bookings=bookings.format(count=done.bookings_moved),
            cards=cards.format(count=done.cards_moved),
        )
    )
    return 0


def run_retention(args: argparse.Namespace) -> int:
    db = open_database(args)
    if args.set_years is not None or args.clear:
        years = set_retention_years(db, _actor(), None if args.clear else args.set_years)
        print(
            _("No retention period is set.")
            if years is None
            else ngettext("Retention: {years} year.", "Retention: {years} years.", years).format(
                years=years
            )
        )
        return 0
    run = apply_retention(db, _actor(), years=args.years, dry_run=args.dry_run)
    count = len(run.customer_ids)
    if run.dry_run:
        text = ngettext(
            "Would anonymise {count} customer inactive since {cutoff} ({years} years).",
            "Would anonymise {count} customers inactive since {cutoff} ({years} years).",
            count,
        )
    else:
        text = ngettext(
            "Anonymised {count} customer inactive since {cutoff} ({years} years).",
            "Anonymised {count} customers inactive since {cutoff} ({years} years).",
            count,
        )
    print(text.format(count=count, cutoff=date_text(run.cutoff), years=run.years))
    if run.dry_run and run.customer_ids:
        print(_("Ids: {ids}").format(ids=", ".join(str(i) for i in run.customer_ids)))
    return 0
