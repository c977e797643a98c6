"""``boxoffice keys init|list|rotate|reencrypt-cards|retire-card-key|purge-orphaned-cards``.

The key file's keys.

Rotating makes a new key active; old keys stay so that old cards, ticket codes and the SMTP
password still read. To retire a card key: rotate, re-encrypt the cards, then retire the old id.
Every desk must get the new key file before it sells with the new key (copy it, mode 0600).
"""

from __future__ import annotations

import argparse
from typing import Any

from boxoffice import keyring
from boxoffice.cli.common import open_database
from boxoffice.domain.actor import SYSTEM
from boxoffice.services.sales import card_keys


def register(sub: Any) -> None:
    keys = sub.add_parser("keys", help="rotate encryption and signing keys, re-encrypt cards")
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)

    init = ksub.add_parser(
        "init", help="create the key file (once, on the first desk; copy it to the others)"
    )
    init.set_defaults(handler=init_keys)

    listing = ksub.add_parser("list", help="key ids per purpose, and the cards each card key seals")
    listing.set_defaults(handler=list_keys)

    rotate = ksub.add_parser("rotate", help="make a new key active (old keys keep reading)")
    rotate.add_argument("purpose", choices=keyring.PURPOSES)
    rotate.set_defaults(handler=rotate_key)

    recrypt = ksub.add_parser(
        "reencrypt-cards", help="seal every saved card again under the active card key"
    )
    recrypt.set_defaults(handler=reencrypt)

    retire = ksub.add_parser(
        "retire-card-key", help="remove an old card key once no saved card uses it"
    )
    retire.add_argument("key_id", metavar="KEY_ID")
    retire.set_defaults(handler=retire_card_key)

    purge = ksub.add_parser(
        "purge-orphaned-cards",
        help="delete the saved cards whose key is missing from the key file (never decryptable)",
    )
    purge.add_argument("--yes", action="store_true", help="really delete them")
    purge.set_defaults(handler=purge_orphans)


def init_keys(args: argparse.Namespace) -> int:
    path = keyring.key_file()
    if keyring.create(path):
        print(f"Key file {path} is ready (mode 0600). Back it up apart from the database and")
        print("copy it to every desk (key_file / BOXOFFICE_KEY_FILE); never create another one.")
    else:
        print(f"Key file {path} already has every key; nothing changed.")
    return 0


def list_keys(args: argparse.Namespace) -> int:
    print(f"Key file: {keyring.key_file()}")
    for purpose in keyring.PURPOSES:
        if purpose == "card":
            continue
        keys = keyring.load(purpose)
        others = sorted(k for k in keys.keys if k != keys.active)
        print(
            f"{purpose}: active {keys.active}" + (f"; older {', '.join(others)}" if others else "")
        )
    db = open_database(args)
    print("card:")
    for use in card_keys.key_use(db, SYSTEM):
        state = "missing" if use.missing else "active" if use.active else "older"
        print(
            f"  {use.key_id:<16} {state:<7} {use.cards} saved card{'s' if use.cards != 1 else ''}"
        )
    orphans = sum(use.cards for use in card_keys.key_use(db, SYSTEM) if use.missing)
    if orphans:
        print(_orphans_hint(orphans))
    return 0


def _orphans_hint(orphans: int) -> str:
    return (
        f"{orphans} saved card{'s are' if orphans != 1 else ' is'} sealed with a key that is "
        "missing from the key file and can never be decrypted; remove them with "
        "'boxoffice keys purge-orphaned-cards --yes' (customers give the card again)."
    )


def rotate_key(args: argparse.Namespace) -> int:
    new = keyring.rotate(args.purpose)
    print(f"New active {args.purpose} key: {new}. Copy {keyring.key_file()} to every desk.")
    if args.purpose == "card":
        print("Then run 'boxoffice keys reencrypt-cards' to move the saved cards to it.")
    return 0


def reencrypt(args: argparse.Namespace) -> int:
    db = open_database(args)
    count = card_keys.reencrypt_cards(db, SYSTEM)
    active = keyring.load("card").active
    print(f"Re-encrypted {count} saved card{'s' if count != 1 else ''} under {active}.")
    orphans = sum(use.cards for use in card_keys.key_use(db, SYSTEM) if use.missing)
    if orphans:
        print(_orphans_hint(orphans))
    return 0


def purge_orphans(args: argparse.Namespace) -> int:
    db = open_database(args)
    orphans = sum(use.cards for use in card_keys.key_use(db, SYSTEM) if use.missing)
    if not orphans:
        print("No saved card is sealed with a missing key.")
        return 0
    if not args.yes:
        print(f"{_orphans_hint(orphans)} Nothing removed without --yes.")
        return 1
    purged = card_keys.purge_orphaned_cards(db, SYSTEM)
    print(f"Removed {purged} saved card{'s' if purged != 1 else ''} that could not be decrypted.")
    return 0


def retire_card_key(args: argparse.Namespace) -> int:
    db = open_database(args)
    card_keys.retire_card_key(db, SYSTEM, args.key_id)
    print(f"Card key {args.key_id} removed from {keyring.key_file()}.")
    return 0
