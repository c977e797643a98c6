"""``boxoffice keys init|list|rotate|reencrypt-cards|retire-card-key|purge-orphaned-cards``,
``export|import|fingerprint``: the key file's keys and their hand-over to another desk.

Rotating makes a new key active; old keys stay so that old cards, ticket codes and the SMTP
password still read. To retire a card key: rotate, re-encrypt the cards, then retire the old id.
Every desk must get the new key set before it sells again: ``keys export FILE`` on this desk,
``keys import FILE`` on each other desk (the server keeps the set's fingerprint; a desk whose
keys differ refuses to sell or scan).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from boxoffice import keyring
from boxoffice.cli.common import open_database, valid_text
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import BoxOfficeError, ValidationError
from boxoffice.i18n import _
from boxoffice.security import key_transfer
from boxoffice.services.common import desk_keys
from boxoffice.services.sales import card_keys


def register(sub: Any) -> None:
    keys = sub.add_parser("keys", help=_("rotate encryption and signing keys, re-encrypt cards"))
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)

    init = ksub.add_parser(
        "init", help=_("create the key file (once, on the first desk; copy it to the others)")
    )
    init.set_defaults(handler=init_keys)

    listing = ksub.add_parser(
        "list", help=_("key ids per purpose, and the cards each card key seals")
    )
    listing.set_defaults(handler=list_keys)

    rotate = ksub.add_parser("rotate", help=_("make a new key active (old keys keep reading)"))
    rotate.add_argument("purpose", choices=keyring.PURPOSES)
    rotate.set_defaults(handler=rotate_key)

    recrypt = ksub.add_parser(
        "reencrypt-cards", help=_("seal every saved card again under the active card key")
    )
    recrypt.set_defaults(handler=reencrypt)

    retire = ksub.add_parser(
        "retire-card-key", help=_("remove an old card key once no saved card uses it")
    )
    retire.add_argument("key_id", metavar="KEY_ID")
    retire.set_defaults(handler=retire_card_key)

    export = ksub.add_parser(
        "export", help=_("write the key set to a passphrase-protected file for another desk")
    )
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument(
        "--passphrase-stdin", action="store_true", help=_("read the passphrase from standard input")
    )
    export.set_defaults(handler=export_keys)

    imp = ksub.add_parser(
        "import", help=_("make the key set in FILE (from keys export) this desk's")
    )
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument(
        "--passphrase-stdin", action="store_true", help=_("read the passphrase from standard input")
    )
    imp.set_defaults(handler=import_keys)

    fp = ksub.add_parser("fingerprint", help=_("this desk's key fingerprint and the server's"))
    fp.set_defaults(handler=show_fingerprint)
    purge = ksub.add_parser(
        "purge-orphaned-cards",
        help=_("delete the saved cards whose key is missing from the key file (never decryptable)"),
    )
    purge.add_argument("--yes", action="store_true", help=_("really delete them"))
    purge.set_defaults(handler=purge_orphans)


def init_keys(args: argparse.Namespace) -> int:
    path = keyring.key_file()
    if keyring.create(path):
        print(
            _(
                "Key file {path} is ready (mode 0600). Back it up apart from the database and"
            ).format(path=path)
        )
        print(_("copy it to every desk (key_file / BOXOFFICE_KEY_FILE); never create another one."))
    else:
        print(_("Key file {path} already has every key; nothing changed.").format(path=path))
    return 0


def list_keys(args: argparse.Namespace) -> int:
    print(_("Key file: {key_file}").format(key_file=keyring.key_file()))
    for purpose in keyring.PURPOSES:
        if purpose == "card":
            continue
        keys = keyring.load(purpose)
        others = sorted(k for k in keys.keys if k != keys.active)
        print(
            f"{purpose}: active {keys.active}" + (f"; older {', '.join(others)}" if others else "")
        )
    db = open_database(args)
    print(_("card:"))
    for use in card_keys.key_use(db, SYSTEM):
        state = "missing" if use.missing else "active" if use.active else "older"
        print(
            _("  {key_id:<16} {state:<7} {cards} saved card{value}").format(
                key_id=use.key_id, state=state, cards=use.cards, value="s" if use.cards != 1 else ""
            )
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
    print(_("New active {purpose} key: {new}.").format(purpose=args.purpose, new=new))
    _record_on_server(args)
    print(
        _("Run 'boxoffice keys export FILE' and 'boxoffice keys import FILE' on every other desk.")
    )
    if args.purpose == "card":
        print(_("Then run 'boxoffice keys reencrypt-cards' to move the saved cards to it."))
    return 0


def reencrypt(args: argparse.Namespace) -> int:
    db = open_database(args)
    count = card_keys.reencrypt_cards(db, SYSTEM)
    active = keyring.load("card").active
    print(
        _("Re-encrypted {count} saved card{value} under {active}.").format(
            count=count, value="s" if count != 1 else "", active=active
        )
    )
    orphans = sum(use.cards for use in card_keys.key_use(db, SYSTEM) if use.missing)
    if orphans:
        print(_orphans_hint(orphans))
    return 0


def purge_orphans(args: argparse.Namespace) -> int:
    db = open_database(args)
    orphans = sum(use.cards for use in card_keys.key_use(db, SYSTEM) if use.missing)
    if not orphans:
        print(_("No saved card is sealed with a missing key."))
        return 0
    if not args.yes:
        print(
            _("{orphans_hint} Nothing removed without --yes.").format(
                orphans_hint=_orphans_hint(orphans)
            )
        )
        return 1
    purged = card_keys.purge_orphaned_cards(db, SYSTEM)
    print(
        _("Removed {purged} saved card{value} that could not be decrypted.").format(
            purged=purged, value="s" if purged != 1 else ""
        )
    )
    return 0


def retire_card_key(args: argparse.Namespace) -> int:
    db = open_database(args)
    card_keys.retire_card_key(db, SYSTEM, args.key_id)
    print(
        _("Card key {key_id} removed from {key_file}.").format(
            key_id=args.key_id, key_file=keyring.key_file()
        )
    )
    return 0


def _read_passphrase(from_stdin: bool, twice: bool) -> str:
    if from_stdin:
        phrase = sys.stdin.readline().rstrip("\n")
    elif not sys.stdin.isatty():
        raise ValidationError(_("No terminal to ask for the passphrase; use --passphrase-stdin."))
    else:
        phrase = getpass.getpass("Passphrase: ")
        if twice and getpass.getpass("Repeat passphrase: ") != phrase:
            raise ValidationError(_("The two passphrases differ; nothing was written."))
    return valid_text(phrase, _("The passphrase"))


def _record_on_server(args: argparse.Namespace) -> None:
    """Tell the server this desk's key set is the one every desk must have."""
    local = keyring.fingerprint()
    try:
        db = open_database(args)
        db.run(lambda s: desk_keys.record_fingerprint(s, local))
    except BoxOfficeError as exc:
        print(
            _("The server was not told the new fingerprint {local}: {message}").format(
                local=local, message=exc.message
            )
        )
        return
    print(_("The server now expects key fingerprint {local} on every desk.").format(local=local))


def export_keys(args: argparse.Namespace) -> int:
    phrase = key_transfer.check_passphrase(_read_passphrase(args.passphrase_stdin, twice=True))
    fingerprint = key_transfer.export_keys(args.file, phrase)
    print(
        _("Key set {fingerprint} written to {file} (mode 0600).").format(
            fingerprint=fingerprint, file=args.file
        )
    )
    print(_("Carry it to the new desk and run 'boxoffice keys import FILE' there; then delete it."))
    return 0


def import_keys(args: argparse.Namespace) -> int:
    key_transfer.read_export(args.file)  # a clear error before asking for the passphrase
    phrase = _read_passphrase(args.passphrase_stdin, twice=False)
    fingerprint, backup = key_transfer.import_keys(args.file, phrase)
    print(
        _("Key set {fingerprint} is now this desk's ({key_file}).").format(
            fingerprint=fingerprint, key_file=keyring.key_file()
        )
    )
    if backup is not None:
        print(_("The previous keys were kept in {backup}.").format(backup=backup))
    return show_fingerprint(args)


def show_fingerprint(args: argparse.Namespace) -> int:
    local = keyring.fingerprint()
    print(_("This desk: {local}").format(local=local))
    try:
        db = open_database(args)
        server = db.run(desk_keys.server_fingerprint)
    except BoxOfficeError as exc:
        print(_("Server: unknown ({message})").format(message=exc.message))
        return 1
    if server is None:
        print(_("Server: none recorded yet (the first desk to start records its own)"))
        return 0
    print(
        _("Server:    {server} ({value})").format(
            server=server, value="match" if server == local else "DIFFERENT: import the key set"
        )
    )
    return 0 if server == local else 1
