"""The MIME messages the sender builds, for any text staff or customers could type."""

from __future__ import annotations

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP, default

from hypothesis import given, settings
from hypothesis import strategies as st

from boxoffice.domain.clock import utcnow
from boxoffice.services.mail.outbox import OutboxItem
from boxoffice.services.mail.sender import build_message, message_id
from boxoffice.services.mail.settings import SmtpConfig, SmtpSecurity

CONFIG = SmtpConfig("localhost", 25, SmtpSecurity.NONE, "", "", "box@example.com", "Box Office")
EXPECTED = {"From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "X-Boxoffice-Outbox",
            "Content-Type", "MIME-Version"}  # fmt: skip


def item(subject: str, text: str, html: str, name: str = "tickets.pdf") -> OutboxItem:
    return OutboxItem(7, "share", "k7", "friend@example.com", subject, text, html, None, name,
                      None, 0)  # fmt: skip


def parse(msg: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(msg.as_bytes(policy=SMTP), policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@settings(max_examples=150, deadline=None)
@given(subject=st.text(), from_name=st.text(), text=st.text(), html=st.text(), name=st.text())
def test_no_text_adds_a_header_or_breaks_the_structure(
    subject: str, from_name: str, text: str, html: str, name: str
) -> None:
    config = SmtpConfig("localhost", 25, SmtpSecurity.NONE, "", "", "box@example.com", from_name)
    pdf = b"%PDF-1.4\n%%EOF\n"
    msg = parse(build_message(item(subject, text, html or "<p>x</p>", name), config, utcnow(), pdf))
    assert set(msg.keys()) == EXPECTED
    assert msg["To"] == "friend@example.com"
    assert msg["From"].addresses[0].addr_spec == "box@example.com"
    assert "\n" not in str(msg["Subject"]) and "\r" not in str(msg["Subject"])
    alternative, attachment = msg.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    assert attachment.get_content() == pdf
    body = alternative.get_body(("plain",))
    assert body is not None


def test_promotions_carry_one_click_unsubscribe() -> None:
    url = "https://tickets.example.com/u?t=abc"
    msg = parse(build_message(item("Coming up", "t", ""), CONFIG, utcnow(), None, url))
    assert msg["List-Unsubscribe"] == f"<{url}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg.get_content_type() == "text/plain"  # no HTML stored: a single part


def test_the_message_id_is_stable_per_row() -> None:
    """A copy re-sent after a lost acknowledgement can be recognised by the receiver."""
    assert message_id(7, "k7", "box@example.com") == message_id(7, "k7", "box@example.com")
    assert message_id(7, "k7", "box@example.com") != message_id(8, "k8", "box@example.com")
    assert message_id(7, "k7", "box@example.com").endswith("@example.com>")
