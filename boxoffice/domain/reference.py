"""Short human booking references: 8 characters a clerk can read over the phone."""

from __future__ import annotations

import random
import secrets

# Crockford-style alphabet without I, L, O, U and S, so nothing is confused with 1, 0, V or 5.
# References made before S was dropped keep it: lookups try the spelling with S as well.
ALPHABET = "0123456789ABCDEFGHJKMNPQRTVWXYZ"


def new_reference(rand: random.Random | None = None) -> str:
    """Random reference like ``7KQ4-MX2P`` (39 bits; uniqueness is enforced by the database)."""
    chooser = rand.choice if rand is not None else secrets.choice
    raw = "".join(chooser(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_reference(text: str) -> str:
    """Accept what a clerk types: lower case, spaces, O for 0, missing dash."""
    cleaned = text.strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) == 8:
        return f"{cleaned[:4]}-{cleaned[4:]}"
    return cleaned


def reference_spellings(text: str) -> tuple[str, ...]:
    """What a typed reference may stand for: as typed (normalised), with S read as 5 (new
    references have no S), and with 5 read as S (older ones may have it); distinct, in order."""
    ref = normalise_reference(text)
    return tuple(dict.fromkeys((ref, ref.replace("S", "5"), ref.replace("5", "S"))))
