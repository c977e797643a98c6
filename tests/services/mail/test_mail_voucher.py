"""Mailing a gift voucher: its number, code, balance and expiry in the message, its PDF (with
the QR code) attached, delivered through a real SMTP server; idempotent, audited, refused
for a voucher that expired or is used up."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, GiftVoucher, OutboxEmail
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.tender import CashTender
from boxoffice.services.mail import mail_voucher
from boxoffice.services.mail.sender import send_due
from boxoffice.services.sales import vouchers
from tests.services.sales_support import Staff, make_staff
from tests.smtp_server import SmtpServer, configure_mail


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _issue(db: Database, staff: Staff, **kw: object) -> vouchers.VoucherInfo:
    value = Decimal("40.00")
    return vouchers.issue_voucher(
        db,
        staff.clerk,
        value,
        tenders=[CashTender(value, value)],
        **kw,  # type: ignore[arg-type]
    )


def test_a_voucher_is_mailed_with_code_balance_expiry_and_pdf(
    db: Database, staff: Staff, smtp_server: SmtpServer
) -> None:
    configure_mail(db, smtp_server)
    expires = utcnow() + timedelta(days=200)
    v = _issue(db, staff, recipient="Grace Hopper", expires_at=expires)
    sent = mail_voucher(db, staff.clerk, v.number, " Grace@Example.COM ", "Happy birthday!")
    assert sent.to_addr == "Grace@example.com" and v.number in sent.subject
    assert send_due(db, staff.clerk).sent == 1
    [msg] = smtp_server.messages
    assert msg["To"] == "Grace@example.com"
    body = msg.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    for expected in (v.number, v.code, "€40.00", "Dear Grace Hopper", "> Happy birthday!"):
        assert expected in text, expected
    assert f"{expires.year}" in text and "No expiry" not in text
    [pdf] = [part for part in msg.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"{v.number}.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    with db.session() as s:
        assert s.scalar(select(func.count()).where(AuditLog.action == "mail.voucher")) == 1


def test_mailing_is_idempotent_and_refused_when_nothing_is_left(db: Database, staff: Staff) -> None:
    v = _issue(db, staff)
    a = mail_voucher(db, staff.clerk, v.code, "a@example.com", idempotency_key="dlg-1")
    b = mail_voucher(db, staff.clerk, v.code, "a@example.com", idempotency_key="dlg-1")
    assert a.outbox_id == b.outbox_id
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEmail)) == 1
    with pytest.raises(ValidationError, match="exactly one @"):
        mail_voucher(db, staff.clerk, v.number, "nobody")
    db.run(lambda s: s.execute(update(GiftVoucher).values(balance=Decimal("0.00"))))
    with pytest.raises(ValidationError, match="nothing left"):
        mail_voucher(db, staff.clerk, v.number, "a@example.com")
    db.run(
        lambda s: s.execute(
            update(GiftVoucher).values(
                balance=Decimal("40.00"), expires_at=utcnow() - timedelta(days=1)
            )
        )
    )
    with pytest.raises(ValidationError, match="expired"):
        mail_voucher(db, staff.clerk, v.number, "a@example.com")
