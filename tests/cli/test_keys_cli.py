"""`boxoffice keys`: rotate the card key, re-encrypt the saved cards, retire the old key."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice import keyring
from boxoffice.cli import main
from boxoffice.db.models import AuditLog, SavedCard
from boxoffice.security import cardcrypt
from boxoffice.services.sales import saved_cards as cards
from tests.services.payment_helpers import PAN, World, world

__all__ = ["world"]

MASTERCARD = "5555555555554444"


def _cards(w: World) -> list[tuple[int, int, str, bytes]]:
    return w.db.run(
        lambda s: [
            tuple(r)
            for r in s.execute(
                select(
                    SavedCard.id, SavedCard.customer_id, SavedCard.key_id, SavedCard.pan_ciphertext
                ).order_by(SavedCard.id)
            )
        ]
    )


def _save(w: World, customer: int, number: str) -> None:
    cards.add_card(w.db, w.clerk, customer, number, exp_month=4, exp_year=2031, cardholder="A B")


def test_rotate_reencrypt_retire(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = ["--database-url", db_url, "keys"]
    _save(world, world.customer_id, PAN)
    _save(world, world.other_customer_id, MASTERCARD)
    old = keyring.load("card").active
    before = _cards(world)
    assert {key for _id, _c, key, _blob in before} == {old}

    assert main([*cli, "rotate", "card"]) == 0
    new = keyring.load("card").active
    assert new != old and new in capsys.readouterr().out
    assert main([*cli, "list"]) == 0
    listing = capsys.readouterr().out
    assert f"{new:<16} active  0 saved cards" in listing
    assert f"{old:<16} older   2 saved cards" in listing

    # Still in use: refused with a message, the key stays.
    assert main([*cli, "retire-card-key", old]) == 1
    assert "2 saved cards are still sealed" in capsys.readouterr().err
    assert old in keyring.load("card").keys

    assert main([*cli, "reencrypt-cards"]) == 0
    assert f"Re-encrypted 2 saved cards under {new}" in capsys.readouterr().out
    after = _cards(world)
    for (card_id, customer, _k, blob), (card_id2, customer2, key, blob2) in zip(
        before, after, strict=True
    ):
        assert (card_id, customer) == (card_id2, customer2)
        assert key == new and blob2 != blob
        assert cardcrypt.decrypt_pan(blob2, key, customer) in (PAN, MASTERCARD)
    assert main([*cli, "reencrypt-cards"]) == 0  # nothing left to do
    assert "Re-encrypted 0 saved cards" in capsys.readouterr().out

    assert main([*cli, "retire-card-key", new]) == 1  # the active key never
    assert "active card key" in capsys.readouterr().err
    assert main([*cli, "retire-card-key", old]) == 0
    assert old not in keyring.load("card").keys
    # The cards still pay: they are under the new key.
    assert [c.last4 for c in cards.list_cards(world.db, world.clerk, world.customer_id)] == ["4242"]
    assert cardcrypt.decrypt_pan(after[0][3], new, after[0][1]) == PAN
    actions = world.db.run(lambda s: list(s.scalars(select(AuditLog.action))))
    assert "cards.reencrypt" in actions and "cards.retire_key" in actions


def test_unknown_key_and_purpose_are_messages(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", db_url, "keys", "retire-card-key", "k9-nope"]) == 1
    assert "no card key 'k9-nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--database-url", db_url, "keys", "rotate", "gpg"])
    assert exc.value.code == 2


def test_a_key_file_that_cannot_be_written_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(blocker / "keys.json"))
    assert main(["keys", "rotate", "ticket"]) == 1
    err = capsys.readouterr().err
    assert "Cannot write the key file" in err and "Traceback" not in err


def test_reencryption_walks_every_batch(world: World) -> None:
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.services.sales import card_keys

    _save(world, world.customer_id, PAN)
    _save(world, world.customer_id, MASTERCARD)
    _save(world, world.other_customer_id, PAN)
    new = keyring.rotate("card")
    assert card_keys.reencrypt_cards(world.db, SYSTEM, batch=1) == 3
    assert {key for _id, _c, key, _blob in _cards(world)} == {new}
    assert card_keys.reencrypt_cards(world.db, SYSTEM, batch=1) == 0


def test_keys_init_creates_the_key_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk" / "keys.json"
    monkeypatch.setenv("BOXOFFICE_KEY_FILE", str(path))
    assert main(["keys", "rotate", "card"]) == 1  # a desk never creates keys by itself
    assert "boxoffice keys init" in capsys.readouterr().err
    assert not path.exists()
    assert main(["keys", "init"]) == 0
    assert "is ready" in capsys.readouterr().out
    first = path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    assert main(["keys", "init"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert path.read_bytes() == first


def test_orphaned_cards_are_skipped_reported_and_purged(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A card sealed under a key that left the key file (issue 13.3) blocks nothing."""
    cli = ["--database-url", db_url, "keys"]
    _save(world, world.customer_id, PAN)
    lost = keyring.load("card").active
    keyring.rotate("card")
    keyring.retire("card", lost)  # the key is gone (lost in a bad copy of the file)
    _save(world, world.other_customer_id, MASTERCARD)
    newest = keyring.rotate("card")
    capsys.readouterr()

    assert main([*cli, "reencrypt-cards"]) == 0
    out = capsys.readouterr().out
    assert "Re-encrypted 1 saved card under" in out and "purge-orphaned-cards" in out
    assert sorted(key for _id, _c, key, _blob in _cards(world)) == sorted([lost, newest])

    assert main([*cli, "list"]) == 0
    listed = capsys.readouterr().out
    assert any(lost in line and "missing" in line for line in listed.splitlines())

    assert main([*cli, "retire-card-key", lost]) == 1
    assert "purge-orphaned-cards" in capsys.readouterr().err

    assert main([*cli, "purge-orphaned-cards"]) == 1  # asks for --yes
    assert len(_cards(world)) == 2
    assert main([*cli, "purge-orphaned-cards", "--yes"]) == 0
    assert "Removed 1 saved card" in capsys.readouterr().out
    assert [key for _id, _c, key, _blob in _cards(world)] == [newest]
    audit = world.db.run(
        lambda s: s.scalar(select(AuditLog.id).where(AuditLog.action == "cards.purge_orphans"))
    )
    assert audit is not None
