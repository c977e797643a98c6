"""The season card: one signed QR, admitted once at each event of the package, printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Role
from boxoffice.services import packages
from boxoffice.services.tickets import checkin
from boxoffice.services.tickets.checkin import Outcome
from boxoffice.services.tickets.codes import (
    SEASON_CARD,
    InvalidCode,
    SeasonClaim,
    decode,
    decode_any,
    season_code,
)
from tests.printing.support import qr_codes_in_pdf
from tests.services.packages.test_changes import _sold
from tests.smtp_server import SmtpServer, configure_mail

DOOR = Actor(user_id=None, username="door", role=Role.CLERK, desk="door-1")


def _card_code(db: Database, reference: str, tmp_path: Path, clerk: Actor) -> str:
    """The code as a scanner reads it off the printed card (PDF rasterised, zbar)."""
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(packages.season_card_pdf(db, clerk, reference))
    pages = qr_codes_in_pdf(pdf)
    assert len(pages) == 1 and len(pages[0]) == 1
    return pages[0][0]


def test_the_printed_card_admits_once_at_each_event_of_the_package(
    db: Database, tmp_path: Path
) -> None:
    staff, season, sale = _sold(db, nights=3, in_package=2)
    first, second, other = season.event_ids
    code = _card_code(db, sale.reference, tmp_path, staff.clerk)
    claim = decode_any(code)
    assert isinstance(claim, SeasonClaim) and claim.package_sale_id == sale.sale_id
    assert claim.seat_id == season.seats["A1"]

    looked = checkin.verify_code(db, DOOR, code, first)
    assert looked.outcome is Outcome.VALID  # verifying admits nobody
    admitted = checkin.check_in(db, DOOR, code, first)
    assert admitted.outcome is Outcome.ADMITTED, admitted.message
    assert admitted.reference and admitted.event_id == first
    assert "row A, seat 1" in admitted.seat_label
    again = checkin.check_in(db, DOOR, code, first)
    assert again.outcome is Outcome.ALREADY_USED
    assert checkin.check_in(db, DOOR, code, second).outcome is Outcome.ADMITTED
    assert checkin.check_in(db, DOOR, code, second).outcome is Outcome.ALREADY_USED
    wrong = checkin.check_in(db, DOOR, code, other)
    assert wrong.outcome is Outcome.WRONG_EVENT and sale.reference in wrong.message
    # Without the door's event the card cannot say which night it is.
    unchosen = checkin.check_in(db, DOOR, code)
    assert unchosen.outcome is Outcome.WRONG_EVENT and unchosen.message == SEASON_CARD
    used = db.run(
        lambda s: s.scalars(
            select(Ticket.event_id).where(Ticket.status == "used").order_by(Ticket.event_id)
        ).all()
    )
    assert used == [first, second]
    audited = db.run(
        lambda s: s.scalars(
            select(AuditLog.action).where(AuditLog.action.like("ticket.check_in%"))
        ).all()
    )
    assert sorted(audited).count("ticket.check_in") == 2


def test_a_cancelled_night_refuses_the_card_and_an_exchanged_night_follows_it(
    db: Database,
) -> None:
    staff, season, sale = _sold(db, nights=3, in_package=2)
    first, second, spare = season.event_ids
    code = season_code(sale.sale_id, *_package_and_seat(db, sale.sale_id))
    packages.exchange_night(db, staff.clerk, sale.reference, first, spare)
    # The exchanged-away night's ticket is cancelled: the card says so at that door.
    assert checkin.check_in(db, DOOR, code, first).outcome is Outcome.CANCELLED
    assert checkin.check_in(db, DOOR, code, spare).outcome is Outcome.ADMITTED
    packages.cancel_package(db, staff.clerk, sale.reference, [second])
    assert checkin.check_in(db, DOOR, code, second).outcome is Outcome.CANCELLED


def _package_and_seat(db: Database, sale_id: int) -> tuple[int, int]:
    from boxoffice.db.models import PackageSale

    sale = db.run(lambda s: s.get_one(PackageSale, sale_id))
    return sale.package_id, sale.seat_id


def test_a_card_that_does_not_match_the_sale_or_is_tampered_is_refused(db: Database) -> None:
    _staff, season, sale = _sold(db, nights=2, in_package=2)
    package_id, seat_id = _package_and_seat(db, sale.sale_id)
    first = season.event_ids[0]
    other_seat = season.seats["A2"]
    signed_wrong = season_code(sale.sale_id, package_id, other_seat)
    assert checkin.check_in(db, DOOR, signed_wrong, first).outcome is Outcome.UNKNOWN
    code = season_code(sale.sale_id, package_id, seat_id)
    tampered = code[:-3] + ("0" if code[-3] != "0" else "1") + code[-2:]
    assert checkin.check_in(db, DOOR, tampered, first).outcome is Outcome.FORGED
    # A ticket-only reader (door station offline verdicts) is told what the code is.
    with pytest.raises(InvalidCode) as refused:
        decode(code)
    assert refused.value.message == SEASON_CARD


def test_the_card_lists_the_nights(db: Database) -> None:
    staff, _season, sale = _sold(db, nights=3, in_package=3)
    doc = packages.season_card(db, staff.clerk, sale.reference.lower())
    texts = [getattr(item, "text", "") for item in doc.pages[0].items]
    assert "Season card" in texts and any("row A, seat 1" in t for t in texts)
    assert sum("Night" in t or "Hamlet" in t for t in texts) == 3
    with pytest.raises(NotFound):
        packages.season_card(db, staff.clerk, "NOSUCH")


def test_a_door_station_online_admits_the_card_once_per_event(db: Database) -> None:
    from boxoffice.services.door import scans

    _staff, season, sale = _sold(db, nights=3, in_package=2)
    first, second, other = season.event_ids
    code = season_code(sale.sale_id, *_package_and_seat(db, sale.sale_id))

    def scan(scan_id: str, event_id: int) -> tuple[Outcome, int | None]:
        req = scans.ScanRequest(scan_id, "north-1", "North", event_id, code)
        result, recorded = scans.scan_online(db, DOOR, req)
        return result.outcome, recorded.ticket_id

    admitted, ticket = scan("s1", first)
    assert admitted is Outcome.ADMITTED and ticket is not None
    assert scan("s2", first) == (Outcome.ALREADY_USED, ticket)
    assert scan("s3", second)[0] is Outcome.ADMITTED
    assert scan("s4", other) == (Outcome.WRONG_EVENT, None)


def test_a_customer_is_mailed_one_confirmation_with_the_season_card(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    from decimal import Decimal

    from boxoffice.domain.actor import SYSTEM
    from boxoffice.domain.tender import CashTender
    from boxoffice.services.mail.sender import send_due
    from boxoffice.services.people.customers import create_customer
    from tests.services.packages.support import make_season
    from tests.services.sales_support import make_staff

    configure_mail(db, smtp_server)
    staff = make_staff(db)
    season = make_season(db, nights=3)
    pid = packages.create_package(db, staff.manager, "Gold", season.event_ids, {"Front": "90"})
    ada = create_customer(db, staff.clerk, "Ada Lovelace", "ada@example.org")
    walk_in = packages.sell_package(
        db, staff.clerk, pid, season.seats["A2"], [CashTender(Decimal(90), Decimal(90))], "w"
    )
    sale = packages.sell_package(
        db,
        staff.clerk,
        pid,
        season.seats["A1"],
        [CashTender(Decimal(90), Decimal(90))],
        "mail",
        customer_id=ada.id,
    )
    report = send_due(db, SYSTEM)
    assert (report.sent, report.failed) == (1, 0)  # one mail, not one per event; none to walk-ins
    [msg] = smtp_server.messages
    assert msg["To"] == "ada@example.org"
    assert "Gold" in msg["Subject"] and sale.reference in msg["Subject"]
    body = msg.get_body(("plain",))
    assert body is not None and "Ada Lovelace" in body.get_content()
    attachment = next(p for p in msg.iter_attachments())
    assert attachment.get_filename() == f"season-card-{sale.reference}.pdf"
    path = tmp_path / "mailed.pdf"
    path.write_bytes(attachment.get_content())
    [[code]] = qr_codes_in_pdf(path)
    claim = decode_any(code)
    assert isinstance(claim, SeasonClaim) and claim.package_sale_id == sale.sale_id
    assert walk_in.sale_id != sale.sale_id
    for event_id in season.event_ids:
        assert checkin.check_in(db, DOOR, code, event_id).outcome is Outcome.ADMITTED
