"""Ticket codes: round trip, typing slips and look-alikes, forgery, key rotation, reissue."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Ticket
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.errors import Conflict, NotFound
from boxoffice.domain.roles import Role
from boxoffice.services.tickets import checkin, codes
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import (
    InvalidCode,
    decode,
    normalise,
    reissue_ticket,
    ticket_code,
)
from tests.printing.support import pick

KEYS = keyring.KeySet(active="k1-test", keys={"k1-test": b"\x01" * 32})
OTHER = keyring.KeySet(active="k1-test", keys={"k1-test": b"\x02" * 32})
ALPHABET = codes.ALPHABET
ids = st.integers(min_value=1, max_value=2**40)

CLERK = Actor(user_id=None, username="door", role=Role.CLERK, desk="door-1")


@given(ids, ids, st.integers(min_value=0, max_value=2**40), st.integers(1, 10_000))
def test_round_trip(ticket: int, event: int, seat: int, generation: int) -> None:
    code = ticket_code(ticket, event, seat, generation, KEYS)
    claim = decode(code, KEYS)
    assert (claim.ticket_id, claim.event_id, claim.event_seat_id, claim.generation) == (
        ticket,
        event,
        seat,
        generation,
    )
    assert claim.key_id == "k1-test"
    assert set(code) <= set(ALPHABET)


def test_codes_are_short_and_typeable() -> None:
    # A million tickets into the system, a 5,000-seat arena, a few reissues.
    code = ticket_code(1_250_000, 40_000, 2_000_000, 3, KEYS)
    assert len(code) <= 40
    assert code == code.upper() and code.isalnum()
    assert not set(code) & set("ILOS"), "look-alikes of 1, 0 and 5 are never printed"


def test_scanner_variations_are_accepted() -> None:
    code = ticket_code(17, 3, 250, 1, KEYS)
    grouped = " ".join(code[i : i + 5] for i in range(0, len(code), 5))
    for variant in (code.lower(), grouped, f"  {code}\r\n", "-".join(code)):
        assert decode(variant, KEYS).ticket_id == 17
    assert normalise(grouped) == code


@given(st.data())
def test_any_single_character_change_is_rejected(data: st.DataObject) -> None:
    code = ticket_code(17, 3, 250, 1, KEYS)
    i = data.draw(st.integers(0, len(code) - 1))
    other = data.draw(st.sampled_from(ALPHABET).filter(lambda ch: ch != code[i]))
    with pytest.raises(InvalidCode) as slip:
        decode(code[:i] + other + code[i + 1 :], KEYS)
    # A slip of the hand is never called a forgery: the check character catches it.
    assert str(slip.value) == codes.TYPO


def test_swapped_neighbours_ask_to_check_the_typing() -> None:
    code = ticket_code(17, 3, 250, 1, KEYS)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            with pytest.raises(InvalidCode, match="check the typing"):
                decode(swapped, KEYS)


def test_look_alike_letters_are_read_as_the_digits() -> None:
    code = ticket_code(1_250_000, 40_000, 2_000_000, 3, KEYS)
    assert {"0", "1", "5"} & set(code), "choose ids whose code has a 0, 1 or 5"
    typed = code.replace("0", "O").replace("5", "S")
    typed = "".join(("I", "l")[i % 2] if ch == "1" else ch for i, ch in enumerate(typed))
    assert decode(typed, KEYS).ticket_id == 1_250_000
    assert decode(typed.lower(), KEYS).event_seat_id == 2_000_000


def test_codes_printed_in_the_old_alphabet_still_verify() -> None:
    """Tickets printed before the typeable alphabet: RFC 4648 base32, no check character."""
    raw = codes._typed(ticket_code(17, 3, 250, 1, KEYS))
    legacy = base64.b32encode(raw).decode().rstrip("=")
    assert legacy.startswith("A") and set(legacy) <= set(codes.LEGACY_ALPHABET)
    assert decode(legacy, KEYS).ticket_id == 17
    assert decode(" ".join(legacy[i : i + 5] for i in range(0, len(legacy), 5)).lower(), KEYS)
    if "O" in legacy:
        assert decode(legacy.replace("O", "0"), KEYS).ticket_id == 17
    with pytest.raises(InvalidCode, match="signature"):
        decode(base64.b32encode(raw[:4] + bytes([18]) + raw[5:]).decode().rstrip("="), KEYS)
    with pytest.raises(InvalidCode, match="check the typing"):
        decode(legacy[:-1] + "9", KEYS)


@given(st.binary(max_size=40))
def test_random_bytes_are_rejected(raw: bytes) -> None:
    with pytest.raises(InvalidCode):
        decode(codes.spell(raw), KEYS)
    with pytest.raises(InvalidCode):
        decode(base64.b32encode(raw).decode(), KEYS)


def test_tampered_claim_with_recomputed_layout_is_rejected() -> None:
    """Swapping in another ticket id (check character recomputed) must fail on the signature."""
    good = codes._typed(ticket_code(17, 3, 250, 1, KEYS))
    forged = good[:4] + bytes([18]) + good[5:]
    with pytest.raises(InvalidCode, match="not a ticket of this box office"):
        decode(codes.spell(forged), KEYS)


def test_code_signed_with_another_key_is_not_ours() -> None:
    with pytest.raises(InvalidCode, match="not a ticket of this box office"):
        decode(ticket_code(17, 3, 250, 1, OTHER), KEYS)
    for junk in ("", "hello world", "https://example.com/ticket/17", "0189"):
        with pytest.raises(InvalidCode):
            decode(junk, KEYS)


def test_old_codes_verify_after_key_rotation(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    before = ticket_code(5, 6, 0, 1, keyring.load("ticket", path))
    new_id = keyring.rotate("ticket", path)
    keys = keyring.load("ticket", path)
    after = ticket_code(5, 6, 0, 1, keys)
    assert before != after
    assert decode(before, keys).key_id != new_id
    assert decode(after, keys).key_id == new_id
    # Removing the old key (it leaked) makes its codes invalid.
    data = json.loads(path.read_text())
    data["ticket"]["keys"] = {new_id: data["ticket"]["keys"][new_id]}
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidCode):
        decode(before, keyring.load("ticket", path))


def test_reissue_voids_the_old_code(demo_db: Database) -> None:
    booking = pick(demo_db, min_tickets=2)
    ticket = booking.tickets[0]
    old = ticket.code
    issued = reissue_ticket(demo_db, CLERK, ticket.id)
    assert issued.generation == ticket.generation + 1
    assert issued.reference == booking.reference
    assert issued.code != old

    replayed = checkin.check_in(demo_db, CLERK, old)
    assert replayed.outcome is Outcome.REPLACED and not replayed.ok
    assert "reissued" in replayed.message
    assert checkin.check_in(demo_db, CLERK, issued.code).outcome is Outcome.ADMITTED
    # The stale code stays void even after the ticket was used.
    assert checkin.check_in(demo_db, CLERK, old).outcome is Outcome.REPLACED
    with demo_db.session() as s:
        actions = s.scalars(
            select(AuditLog.action).where(
                AuditLog.entity == "ticket", AuditLog.entity_id == ticket.id
            )
        ).all()
        assert s.get(Ticket, ticket.id).code_generation == ticket.generation + 1  # type: ignore[union-attr]
    assert "ticket.reissue" in actions


def test_reissue_refuses_cancelled_and_unknown_tickets(demo_db: Database) -> None:
    cancelled = pick(demo_db, status="cancelled").tickets[0]
    with pytest.raises(Conflict, match="cancelled"):
        reissue_ticket(demo_db, SYSTEM, cancelled.id)
    with pytest.raises(NotFound):
        reissue_ticket(demo_db, SYSTEM, 10**9)


# --- The wire format's edges: each of these was a surviving mutant of codes.py -------------------


def _signed(body: bytes, keys: keyring.KeySet = KEYS) -> str:
    """Spell *body* as a code with a valid signature, as an attacker holding a key could not."""
    return codes.spell(body + codes._mac(keys.key(keys.active), body))


def _head(version: int = codes.VERSION) -> bytes:
    return bytes([version]) + codes.key_tag(KEYS.active)


def test_a_correctly_signed_code_of_another_version_is_refused() -> None:
    fields = b"".join(codes._varint(n) for n in (17, 3, 250, 1))
    assert decode(_signed(_head() + fields), KEYS).ticket_id == 17
    for version in (0, 3, 255):
        with pytest.raises(InvalidCode, match="not a ticket code of this box office"):
            decode(_signed(_head(version) + fields), KEYS)
    # Version 2 is a season card: the same fields read as sale, package, seat, generation.
    season = _signed(_head(codes.SEASON_VERSION) + fields)
    with pytest.raises(InvalidCode) as refused:
        decode(season, KEYS)
    assert refused.value.message == codes.SEASON_CARD
    assert codes.decode_any(season, KEYS) == codes.SeasonClaim(17, 3, 250, 1, KEYS.active)


@pytest.mark.parametrize(
    "fields",
    [
        bytes([17, 3, 2, 0x81]),  # the fourth varint runs off the end
        bytes([17, 3, 0x81, 0x01, 0x80]),  # the last varint promises another byte
        bytes([17, 3, 2]) + bytes([0xFF] * 10) + b"\x01",  # more than 63 bits
    ],
)
def test_truncated_or_overlong_varints_are_damaged_codes(fields: bytes) -> None:
    with pytest.raises(InvalidCode, match="damaged or incomplete"):
        decode(_signed(_head() + fields), KEYS)


def test_non_minimal_varints_are_refused() -> None:
    """5 spelled as 0x85 0x00 would give one ticket two valid codes."""
    minimal = _head() + bytes([5, 3, 2, 1])
    assert decode(_signed(minimal), KEYS).ticket_id == 5
    for padded in (bytes([0x85, 0x00, 3, 2, 1]), bytes([5, 3, 2, 0x81, 0x80, 0x00])):
        with pytest.raises(InvalidCode, match="damaged or incomplete"):
            decode(_signed(_head() + padded), KEYS)
    # A single zero byte is the minimal spelling of 0 (general admission has seat 0).
    assert decode(_signed(_head() + bytes([5, 3, 0, 1])), KEYS).event_seat_id == 0


def test_trailing_bytes_after_the_claim_are_refused() -> None:
    for extra in (b"\x00", b"\x07", b"\x01\x02"):
        with pytest.raises(InvalidCode, match="damaged or incomplete"):
            decode(_signed(_head() + bytes([5, 3, 2, 1]) + extra), KEYS)


def test_only_the_canonical_base32_spelling_is_accepted() -> None:
    code = ticket_code(17, 3, 250, 1, KEYS)
    payload = code[:-1]
    spare = len(payload) * 5 - len(codes._typed(code)) * 8  # unused low bits of the last symbol
    assert spare > 0, "choose ids so that the last symbol has unused bits"
    last = ALPHABET.index(payload[-1])
    for flip in range(1, 2**spare):
        other = payload[:-1] + ALPHABET[last ^ flip]
        with pytest.raises(InvalidCode, match="check the typing"):
            decode(other + codes.check_character(other), KEYS)


def test_the_id_range_is_exactly_what_the_database_holds() -> None:
    top = codes.MAX_ID
    claim = decode(ticket_code(top, top, top, top, KEYS), KEYS)
    assert (claim.ticket_id, claim.event_id, claim.event_seat_id, claim.generation) == (
        top,
        top,
        top,
        top,
    )
    assert decode(ticket_code(1, 1, None, 0, KEYS), KEYS).event_seat_id == 0
    for bad in (top + 1, -1):
        with pytest.raises(ValueError, match=f"cannot encode {bad}"):
            ticket_code(bad, 1, 0, 1, KEYS)
    assert [codes._varint(n) for n in (0, 127, 128, 16383, 16384)] == [
        b"\x00",
        b"\x7f",
        b"\x80\x01",
        b"\xff\x7f",
        b"\x80\x80\x01",
    ]


def test_messages_for_what_a_door_scanner_reads() -> None:
    with pytest.raises(InvalidCode) as empty:
        decode(" - ", KEYS)
    assert str(empty.value) == "No ticket code was given."
    for junk in ("0189", "not a ticket at all", "https://example.com/t/17", "AB=C"):
        with pytest.raises(InvalidCode) as chars:
            decode(junk, KEYS)
        assert str(chars.value) == "Code not recognised — check the typing."
    with pytest.raises(InvalidCode) as short:
        decode(codes.spell(_head() + b"\x01\x01\x01"), KEYS)
    assert str(short.value) == "This is not a ticket code of this box office."
    with pytest.raises(InvalidCode) as forged:
        decode(ticket_code(17, 3, 250, 1, OTHER), KEYS)
    assert str(forged.value) == (
        "This is not a ticket of this box office: its signature does not match."
    )


def test_the_shortest_well_formed_code_is_accepted() -> None:
    """One byte per field: exactly the minimum length the decoder admits."""
    assert decode(_signed(_head() + bytes([1, 1, 0, 0])), KEYS).generation == 0


def test_reissue_audits_reference_and_new_generation(demo_db: Database) -> None:
    booking = pick(demo_db, min_tickets=1)
    ticket = booking.tickets[0]
    issued = reissue_ticket(demo_db, CLERK, ticket.id)
    with demo_db.session() as s:
        row = s.scalars(
            select(AuditLog)
            .where(AuditLog.action == "ticket.reissue", AuditLog.entity_id == ticket.id)
            .order_by(AuditLog.id.desc())
        ).first()
    assert row is not None
    assert row.entity == "ticket" and row.desk == "door-1"
    assert json.loads(row.detail) == {
        "generation": issued.generation,
        "reference": booking.reference,
    }
    assert decode(issued.code).generation == issued.generation


def test_load_keys_is_the_ticket_key_set() -> None:
    """A document or batch loads the keys once: they must be the ticket keys, the ones a door
    verifies with (not the card or mail keys of the same file)."""
    keys = codes.load_keys()
    assert keys.active == keyring.load("ticket").active
    assert keys.keys == keyring.load("ticket").keys
    assert keys.keys != keyring.load("card").keys
    assert codes.decode(codes.ticket_code(5, 6, 7, 0, keys)).ticket_id == 5


def test_a_slip_in_the_first_character_is_a_typo_not_a_foreign_code() -> None:
    """New codes begin with 0; an A there reads as an old-style code at first sight, but one
    that is no code of ours: still a typing slip (hypothesis found it)."""
    for ticket in range(1, 400):  # key tags and ids vary what an A in front reads as
        code = ticket_code(ticket, 3, 250, 1, KEYS)
        assert code[0] != "A"
        with pytest.raises(InvalidCode) as slip:
            decode("A" + code[1:], KEYS)
        assert str(slip.value) == codes.TYPO


def _legacy_of(ticket: int) -> str:
    return base64.b32encode(codes._typed(ticket_code(ticket, 3, 250, 1, KEYS))).decode().rstrip("=")


def test_old_codes_forgive_a_zero_typed_for_o_and_keep_every_letter() -> None:
    with_o = next(t for t in range(1, 500) if "O" in _legacy_of(t))
    legacy = _legacy_of(with_o)
    assert decode(legacy.replace("O", "0"), KEYS).ticket_id == with_o
    ends_x = next(t for t in range(1, 5000) if _legacy_of(t).endswith("X"))
    assert decode(_legacy_of(ends_x), KEYS).ticket_id == ends_x


def test_an_old_code_in_a_non_canonical_spelling_is_a_typo() -> None:
    """Base32's last character carries unused bits: only the spelling with them zero is ours."""
    for ticket in range(1, 60):
        legacy = _legacy_of(ticket)
        last = codes.LEGACY_ALPHABET.index(legacy[-1])
        spare = {2: 3, 4: 4, 5: 1, 7: 2}.get(len(legacy) % 8, 0)  # unused low bits
        if not spare:
            continue
        other = legacy[:-1] + codes.LEGACY_ALPHABET[last | 1]
        assert other != legacy
        with pytest.raises(InvalidCode) as raised:
            decode(other, KEYS)
        assert str(raised.value) == codes.TYPO
        return
    pytest.fail("no old code with spare bits found")
