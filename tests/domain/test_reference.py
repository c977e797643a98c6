"""Booking references: typeable (no look-alikes in new ones), forgiving on input."""

from __future__ import annotations

import random

from boxoffice.domain.reference import (
    ALPHABET,
    new_reference,
    normalise_reference,
    reference_spellings,
)


def test_new_references_have_no_look_alike_letters() -> None:
    rand = random.Random(7)
    refs = [new_reference(rand) for _ in range(2000)]
    assert not set("".join(refs)) & set("ILOSU")
    assert set("".join(refs)) - {"-"} == set(ALPHABET)


def test_typing_slips_are_forgiven() -> None:
    assert normalise_reference(" 7kq4 mxo1 ") == "7KQ4-MX01"
    assert normalise_reference("7KQ4-MXIL") == "7KQ4-MX11"
    # S is read as 5 for new references, but older ones with an S are still found.
    assert reference_spellings("a5s4-mx2p") == ("A5S4-MX2P", "A554-MX2P", "ASS4-MX2P")
    assert reference_spellings("7KQ4-MX2P") == ("7KQ4-MX2P",)
