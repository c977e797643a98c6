"""Address validation and header text: clear refusals, and nothing that can break a header."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.errors import ValidationError
from boxoffice.services.mail.address import (
    body_text,
    header_text,
    is_valid_address,
    validate_address,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alice@example.com", "alice@example.com"),
        ("  Bob.Smith+tickets@Example.CO.uk ", "Bob.Smith+tickets@example.co.uk"),
        ("o'neil@mail.example.org", "o'neil@mail.example.org"),
        ("user@bücher.example", "user@xn--bcher-kva.example"),
    ],
)
def test_valid_addresses_are_cleaned(text: str, expected: str) -> None:
    assert validate_address(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("alice", "exactly one @"),
        ("alice@@example.com", "exactly one @"),
        ("a@b@example.com", "exactly one @"),
        ("@example.com", "before and a domain after"),
        ("alice@", "before and a domain after"),
        ("alice smith@example.com", "contains spaces"),
        ("alice@example.com\r\nBcc: victim@example.com", "line break"),
        ("alice@example.com\nBcc: x@y.com", "line break"),
        (".alice@example.com", "before the @"),
        ("al..ice@example.com", "before the @"),
        ("alice@localhost", "not a valid domain"),
        ("alice@-example.com", "not a valid domain"),
        ("alice@exa_mple.com", "not a valid domain"),
        ("alice@10.0.0.1", "not an IP address"),
        ("Alice <alice@example.com>", "contains spaces"),
        ("<alice@example.com>", "before the @"),
        ("a" * 65 + "@example.com", "before the @"),
    ],
)
def test_invalid_addresses_say_why(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_address(text)
    assert not is_valid_address(text)


def test_the_label_names_the_field() -> None:
    with pytest.raises(ValidationError, match=r"^Your friend's address is empty"):
        validate_address(" ", "Your friend's address")


@given(st.text())
def test_whatever_is_accepted_is_one_safe_header_value(text: str) -> None:
    try:
        addr = validate_address(text)
    except ValidationError:
        return
    assert "\r" not in addr and "\n" not in addr and " " not in addr
    msg = EmailMessage(policy=default_policy)
    msg["To"] = addr
    rendered = msg.as_string()
    assert rendered.count("\n") == 2  # the one header line and the blank line after it
    assert msg["To"].addresses[0].addr_spec == addr


_LOCAL = st.from_regex(r"[a-z0-9]{1,10}([._+-][a-z0-9]{1,10}){0,2}", fullmatch=True)
_DOMAIN = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,5})?\.[a-z]{2,6}", fullmatch=True)


@given(_LOCAL, _DOMAIN)
def test_ordinary_addresses_are_accepted_unchanged(local: str, domain: str) -> None:
    addr = f"{local}@{domain}"
    assert validate_address(addr) == addr


@given(st.text())
def test_header_text_is_always_one_line(text: str) -> None:
    line = header_text(text)
    assert "\r" not in line and "\n" not in line
    assert len(line) <= 200
    msg = EmailMessage(policy=default_policy)
    msg["Subject"] = line  # the email package refuses CR/LF itself; this must never raise
    assert msg["Subject"] == line


def test_header_text_keeps_words_and_drops_injection() -> None:
    assert header_text("Hamlet\r\nBcc: everyone@example.com") == "Hamlet Bcc: everyone@example.com"
    assert header_text("  Nutcracker \t –  live ") == "Nutcracker – live"
    assert header_text("x" * 300).endswith("…")


def test_body_text_keeps_line_breaks_but_limits_length() -> None:
    assert body_text("Hi!\r\nSee you\x00 there\r") == "Hi!\nSee you there"
    with pytest.raises(ValidationError, match="too long"):
        body_text("x" * 2001)
