"""The issue's "done when", headless: a German desk (de_CH, CHF) sells, prints a German ticket and
receipt, and mails a French customer in French, prices in CHF written by each locale.

Real database (SQLite and MariaDB), real SMTP server (aiosmtpd), real PDF read back by pdftotext.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.tender import CashTender
from boxoffice.i18n import current_language, in_language, use_language
from boxoffice.i18n.formats import currency, use_currency
from boxoffice.services.mail.sender import send_due
from boxoffice.services.people.customers import create_customer
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.settings.locale import apply_locale_settings, set_currency
from boxoffice.services.tickets.layout import Text
from boxoffice.services.tickets.pdf import booking_document, booking_pdf
from tests.services.sales_support import make_seated_event, make_staff
from tests.smtp_server import SmtpServer, configure_mail

D = Decimal
# CLDR writes spaces in money as no-break (U+00A0) or narrow no-break (U+202F) spaces.
_SPACES = str.maketrans({"\xa0": " ", "\u202f": " "})


def plain(text: str) -> str:
    return text.translate(_SPACES)


@pytest.fixture(autouse=True)
def _english_euro_after() -> Iterator[None]:
    yield
    use_language("en")
    use_currency("EUR")


def pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return plain(out.stdout)


def text_of(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None
    return plain(str(body.get_content()))


def test_a_german_desk_sells_prints_german_and_mails_a_french_customer_in_french(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    staff = make_staff(db)
    set_currency(db, SYSTEM, "chf")
    configure_mail(db, smtp_server)
    # What the desk does at start (gui/app.py): its language from the config, the currency of
    # the installation from the database.
    applied = apply_locale_settings(db, "de_CH")
    assert (applied.currency, currency(), current_language()) == ("CHF", "CHF", "de_CH")
    title = "Die Möwe"
    ev = make_seated_event(db, title, tiers=(("Parkett", "12.50", 2), ("Rang", "30.00", 99)))

    # A walk-in sale: ticket and receipt in the desk's German, CHF as Swiss German writes it.
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    walk_in = checkout.checkout(
        db, staff.clerk, hold.hold_id, [CashTender(D("12.50"), D("20.00"))], "german-desk-1"
    )
    document = booking_document(db, staff.clerk, walk_in.reference, "a4")
    assert document.title == f"Tickets {walk_in.reference}"
    receipt = plain(
        "\n".join(
            item.text
            for page in document.pages
            if page.kind == "receipt"
            for item in page.items
            if isinstance(item, Text)
        )
    )
    for german in ("Quittung", "Buchung", "Summe", "Bar", "Gegeben", "Rückgeld", "Netto bezahlt"):
        assert german in receipt, german
    assert "CHF 12.50" in receipt and "CHF 20.00" in receipt and "CHF 7.50" in receipt
    ticket = pdf_text(booking_pdf(db, staff.clerk, walk_in.reference), tmp_path, "de.pdf")
    for german in ("DATUM UND UHRZEIT", "REIHE", "PLATZ", "PREIS", "Gut zu wissen", "Quittung"):
        assert german in ticket, german
    assert "CHF 12.50" in ticket
    assert "Receipt" not in ticket and "Good to know" not in ticket
    assert "€" not in ticket

    # A French customer's sale at the same German desk: their mail and its PDF in French.
    amelie = create_customer(db, staff.clerk, "Amélie Roux", "amelie@example.com", language="fr")
    assert amelie.language == "fr"
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A2"))
    sold = checkout.checkout(
        db,
        staff.clerk,
        hold.hold_id,
        [CashTender(D("12.50"), D("12.50"))],
        "german-desk-2",
        customer_id=amelie.id,
    )
    report = send_due(db, SYSTEM)
    assert (report.sent, report.failed) == (1, 0)
    [msg] = smtp_server.messages
    assert msg["To"] == "amelie@example.com"
    assert msg["Subject"].startswith(f"Vos billets pour {title}, ")
    assert msg["Subject"].endswith(f"({sold.reference})")
    body = text_of(msg)
    assert "Bonjour Amélie Roux," in body
    assert "Merci pour votre réservation." in body
    assert "Total payé : 12,50 CHF" in body  # French order and decimal comma, still francs
    assert "Cordialement," in body
    assert "Thank you" not in body and "Vielen Dank" not in body
    [attachment] = [part for part in msg.iter_attachments()]
    payload = attachment.get_content()
    assert isinstance(payload, bytes)
    french = pdf_text(payload, tmp_path, "fr.pdf")
    assert "Reçu" in french and "Bon à savoir" in french and "12,50 CHF" in french
    assert "Quittung" not in french

    # The desk itself is still German after making the customer's documents.
    assert current_language() == "de_CH"
    with in_language(None):
        assert current_language() == "de_CH"
