"""Signed ticket codes: what the QR code on a ticket says, and how it is checked.

A code spells, in a typeable base32 alphabet, the bytes::

    version (1 byte) | key tag (3 bytes) | ticket id | event id | event_seat id (0 = GA)
    | code generation   -- four unsigned LEB128 varints
    | HMAC-SHA256(key, DOMAIN + everything before)[:10]

followed by one check character (Luhn mod 32). The alphabet (:data:`ALPHABET`, Crockford's
idea taken one step further) has digits and upper-case letters but no I, L, O or S, so a person
typing the printed code cannot mix up 1/I/L, 0/O or 5/S: those letters are read as the digits.
Upper-case letters and digits only keep the QR code in its compact alphanumeric mode and let
a scanner that "types" the code need no shift tricks; decoding ignores case, spaces and dashes.
The check character tells a typing slip ("check the typing") from a code that is well formed
but not signed by us ("not a ticket of this box office"). HMAC (not Ed25519) keeps the code
short: the 64-byte Ed25519 signature alone would double it. Every desk holds the ticket key
file, so it verifies offline first; the database then decides (status, generation).

Codes printed before this alphabet (RFC 4648 base32, no check character) still verify: they
always begin with ``A`` (the version byte's first five bits), the new ones with ``0``.

The key tag is the first 3 bytes of SHA-256 of the key id, so after a key rotation codes signed
with an older key still verify. Reissuing a ticket bumps ``ticket.code_generation``: the old code
keeps a valid signature but names a stale generation, and check-in rejects it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import BoxOfficeError, Conflict, NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import TicketStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit

VERSION = 1
SEASON_VERSION = 2  # a season card: package sale | package | layout seat | card generation
TAG_BYTES = 3
MAC_BYTES = 10  # 80 bits: far beyond guessing at the speed of a door scanner
DOMAIN = b"boxoffice/ticket-code/v1\x00"
MAX_ID = 2**63 - 1

ALPHABET = "0123456789ABCDEFGHJKMNPQRTUVWXYZ"
"""32 symbols without I, L, O, S: each of those is typed for a digit and read as that digit."""
LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5"})
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
LEGACY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648: codes printed before

TYPO = "Code not recognised — check the typing."
NOT_OURS = "This is not a ticket of this box office: its signature does not match."


class InvalidCode(BoxOfficeError):
    """The text is not a ticket code signed with one of our keys (mistyped, forged, damaged)."""


@dataclass(frozen=True)
class TicketClaim:
    """What a correctly signed code asserts; the database still has the last word."""

    ticket_id: int
    event_id: int
    event_seat_id: int  # 0 for general admission
    generation: int
    key_id: str


@dataclass(frozen=True)
class SeasonClaim:
    """What a signed season card asserts: one package sale, valid for each of its events."""

    package_sale_id: int
    package_id: int
    seat_id: int  # the layout seat, the same every night
    generation: int
    key_id: str


SEASON_CARD = "This is a season card: choose the event at this door to check it in."


@dataclass(frozen=True)
class ReissuedTicket:
    ticket_id: int
    reference: str
    generation: int
    code: str


def key_tag(key_id: str) -> bytes:
    return hashlib.sha256(key_id.encode()).digest()[:TAG_BYTES]


def _varint(value: int) -> bytes:
    if not 0 <= value <= MAX_ID:
        raise ValueError(f"cannot encode {value} in a ticket code")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise InvalidCode(_("This is not a ticket code (it is damaged or incomplete)."))
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            # Refuse non-minimal encodings: one claim must have exactly one code.
            if byte == 0 and shift > 7:
                raise InvalidCode(_("This is not a ticket code (it is damaged or incomplete)."))
            return value, pos


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, DOMAIN + body, hashlib.sha256).digest()[:MAC_BYTES]


def ticket_code(
    ticket_id: int,
    event_id: int,
    event_seat_id: int | None,
    generation: int,
    keys: keyring.KeySet | None = None,
) -> str:
    """The signed code for a ticket, with the active ticket key."""
    keys = keys or keyring.load("ticket")
    body = (
        bytes([VERSION])
        + key_tag(keys.active)
        + _varint(ticket_id)
        + _varint(event_id)
        + _varint(event_seat_id or 0)
        + _varint(generation)
    )
    return spell(body + _mac(keys.key(keys.active), body))


def season_code(
    package_sale_id: int,
    package_id: int,
    seat_id: int,
    generation: int = 0,
    keys: keyring.KeySet | None = None,
) -> str:
    """The signed code of a season card. Its own version byte (covered by the MAC) keeps a
    card from ever reading as a ticket claim and vice versa."""
    keys = keys or keyring.load("ticket")
    body = (
        bytes([SEASON_VERSION])
        + key_tag(keys.active)
        + _varint(package_sale_id)
        + _varint(package_id)
        + _varint(seat_id)
        + _varint(generation)
    )
    return spell(body + _mac(keys.key(keys.active), body))


def _bits(raw: bytes) -> str:
    """*raw* as base32 symbol values: big-endian 5-bit groups, the last one zero-padded."""
    number, width = int.from_bytes(raw, "big"), len(raw) * 8
    count = -(-width // 5)
    number <<= count * 5 - width
    return "".join(ALPHABET[(number >> (5 * (count - 1 - i))) & 31] for i in range(count))


def _luhn(symbols: str, factor_first: int) -> int:
    """Luhn mod 32 sum of *symbols* read right to left, the rightmost weighted *factor_first*."""
    total, factor = 0, factor_first
    for ch in reversed(symbols):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return total % 32


def check_character(payload: str) -> str:
    """The Luhn mod 32 check symbol: catches every single slip and swapped neighbours."""
    return ALPHABET[-_luhn(payload, 2) % 32]


def spell(raw: bytes) -> str:
    """The printed spelling of *raw*: base32 in :data:`ALPHABET`, then the check character."""
    payload = _bits(raw)
    return payload + check_character(payload)


def normalise(text: str) -> str:
    """What a scanner or a paste gave us, reduced to the code's characters."""
    return "".join(ch for ch in text.upper() if ch not in " -\t\r\n")


def _typed(text: str) -> bytes:
    """The bytes a (new) code spells, look-alike letters read as digits; TYPO if it cannot be."""
    symbols = text.translate(LOOKALIKES)
    if len(symbols) < 2 or any(ch not in _VALUE for ch in symbols) or _luhn(symbols, 1):
        raise InvalidCode(TYPO)
    payload = symbols[:-1]
    count = len(payload) * 5 // 8
    number = 0
    for ch in payload:
        number = number << 5 | _VALUE[ch]
    spare = len(payload) * 5 - count * 8
    # The last symbol carries unused bits; a code has exactly one spelling (zeros there).
    if number & ((1 << spare) - 1) or -(-count * 8 // 5) != len(payload):
        raise InvalidCode(TYPO)
    return (number >> spare).to_bytes(count, "big")


def _legacy(text: str) -> bytes | None:
    """The bytes of a code printed in RFC 4648 base32 (0 typed for O forgiven), else None."""
    text = text.replace("0", "O")
    if any(ch not in LEGACY_ALPHABET for ch in text):
        return None
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        return None
    # Base32's last character carries unused bits: accept only the one canonical spelling.
    return raw if base64.b32encode(raw).decode("ascii").rstrip("=") == text else None


def decode(code: str, keys: keyring.KeySet | None = None) -> TicketClaim:
    """A ticket's claim; a season card (valid only with the door's event chosen) raises
    :class:`InvalidCode` with :data:`SEASON_CARD` here, see :func:`decode_any`."""
    claim = decode_any(code, keys)
    if isinstance(claim, SeasonClaim):
        raise InvalidCode(SEASON_CARD)
    return claim


def decode_any(code: str, keys: keyring.KeySet | None = None) -> TicketClaim | SeasonClaim:
    """Check the signature of *code* and return its claim, or raise :class:`InvalidCode`.

    What cannot be a code says "check the typing"; a well-formed code whose signature is not
    ours says it is not a ticket of this box office (never "forged": it is mostly a slip)."""
    text = normalise(code)
    if not text:
        raise InvalidCode(_("No ticket code was given."))
    if text.startswith("A"):
        legacy = _legacy(text)
        # A new code whose first character slipped to A is never well formed as an old one:
        # its second character (4-7, the version's low bits) reads as 28-31 in RFC 4648, so the
        # version byte comes out 7. It gets TYPO here, never "not ours".
        if legacy is None or not _well_formed(legacy):
            raise InvalidCode(TYPO)
        return _claim(legacy, keys)
    return _claim(_typed(text), keys)


def _well_formed(raw: bytes) -> bool:
    """Long enough for a claim and of our code version."""
    return len(raw) >= 1 + TAG_BYTES + 4 + MAC_BYTES and raw[0] in (VERSION, SEASON_VERSION)


def _claim(raw: bytes, keys: keyring.KeySet | None) -> TicketClaim | SeasonClaim:
    if not _well_formed(raw):
        raise InvalidCode(_("This is not a ticket code of this box office."))
    body, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
    keys = keys or keyring.load("ticket")
    tag = body[1 : 1 + TAG_BYTES]
    signer = next(
        (
            kid
            for kid, key in keys.keys.items()
            if hmac.compare_digest(key_tag(kid), tag) and hmac.compare_digest(_mac(key, body), mac)
        ),
        None,
    )
    if signer is None:
        raise InvalidCode(NOT_OURS)
    pos = 1 + TAG_BYTES
    fields = []
    for _n in range(4):
        value, pos = _read_varint(body, pos)
        fields.append(value)
    if pos != len(body):
        raise InvalidCode(_("This is not a ticket code (it is damaged or incomplete)."))
    first, second, third, generation = fields
    if raw[0] == SEASON_VERSION:
        return SeasonClaim(first, second, third, generation, signer)
    ticket_id, event_id, seat_id = first, second, third
    return TicketClaim(ticket_id, event_id, seat_id, generation, signer)


def code_for(ticket: Ticket, keys: keyring.KeySet | None = None) -> str:
    """The current code of an ORM ticket (inside a service's transaction)."""
    return ticket_code(
        ticket.id, ticket.event_id, ticket.event_seat_id, ticket.code_generation, keys
    )


def reissue_ticket(db: Database, actor: Actor, ticket_id: int) -> ReissuedTicket:
    """Give a valid ticket a new code; the old one is rejected from now on. Audited."""
    actor.require(Permission.SELL)
    keys = keyring.load("ticket")

    def work(s: Session) -> ReissuedTicket:
        changed = (
            s.connection()
            .execute(
                update(Ticket)
                .where(Ticket.id == ticket_id, Ticket.status == TicketStatus.VALID.value)
                .values(code_generation=Ticket.code_generation + 1)
            )
            .rowcount
        )
        row = s.execute(
            select(Ticket, Booking.reference)
            .join(Booking, Booking.id == Ticket.booking_id)
            .where(Ticket.id == ticket_id)
        ).one_or_none()
        if row is None:
            raise NotFound(_("There is no ticket {ticket_id}.").format(ticket_id=ticket_id))
        ticket, reference = row
        if changed != 1:
            raise Conflict(
                _("Ticket {ticket_id} is {status}; only valid tickets are reissued.").format(
                    ticket_id=ticket_id, status=ticket.status
                )
            )
        s.refresh(ticket)
        audit.record(
            s,
            actor,
            "ticket.reissue",
            "ticket",
            ticket.id,
            reference=reference,
            generation=ticket.code_generation,
        )
        return ReissuedTicket(ticket.id, reference, ticket.code_generation, code_for(ticket, keys))

    return db.run(work)


def load_keys() -> keyring.KeySet:
    """The ticket key set (loaded once per document or batch, not per ticket)."""
    return keyring.load("ticket")
