"""Mailing a gift voucher to its buyer or recipient: its number, signed code, balance and last
day in the message, and its printable PDF (with the QR code) attached."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import GiftVoucher
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.local_time import venue_zone
from boxoffice.services.mail import messages as mail_messages
from boxoffice.services.mail import outbox
from boxoffice.services.mail.address import body_text, validate_address
from boxoffice.services.mail.outbox import MailKind, NewMail
from boxoffice.services.mail.settings import read_settings
from boxoffice.services.sales.vouchers import balance as ledger
from boxoffice.services.sales.vouchers.document import voucher_document
from boxoffice.services.sales.vouchers.manage import voucher_info_in
from boxoffice.services.tickets.pdf import render_pdf

MAX_NOTE = 1000


@dataclass(frozen=True)
class VoucherMailed:
    outbox_id: int
    to_addr: str
    subject: str


def mail_voucher(
    db: Database,
    actor: Actor,
    code_or_number: str,
    to_addr: str,
    note: str = "",
    *,
    idempotency_key: str = "",
) -> VoucherMailed:
    """Queue an e-mail of the voucher (by its code or number) to *to_addr*, with its PDF.

    Refused for a voucher that has expired or has nothing left. The same *idempotency_key*
    (the dialog makes one per voucher and address) never queues twice; every mailing is
    audited with the address it went to.
    """
    actor.require(Permission.SELL)
    to = validate_address(to_addr, _("The e-mail address"))
    clean_note = body_text(note, MAX_NOTE)
    key = idempotency_key.strip() or uuid.uuid4().hex
    if len(key) > 64 or not key.replace("-", "").isalnum():
        raise ValidationError("Bad idempotency key.")
    text = code_or_number.strip().upper()

    def work(s: Session) -> VoucherMailed:
        if text.startswith("V-"):
            voucher_id = s.scalar(select(GiftVoucher.id).where(GiftVoucher.number == text))
            if voucher_id is None:
                raise NotFound(_("There is no gift voucher {number}.").format(number=text))
        else:
            voucher_id = ledger.find(s, text).id
        info = voucher_info_in(s, voucher_id)
        if info.expired(utcnow()):
            raise ValidationError(
                _("Gift voucher {number} has expired; there is nothing to send.").format(
                    number=info.number
                )
            )
        if info.balance <= 0:
            raise ValidationError(
                _("Gift voucher {number} has nothing left to spend.").format(number=info.number)
            )
        sender = read_settings(s).from_name or "Box Office"
        content = mail_messages.gift_voucher(
            info.number,
            info.code,
            format_money(info.balance),
            info.expires_at,
            info.recipient or info.customer,
            clean_note,
            venue_zone(),
            sender,
        )
        pdf = render_pdf(voucher_document(info))
        mail = NewMail(
            MailKind.VOUCHER,
            f"voucher:{voucher_id}:{key}",
            to,
            content,
            attachment_name=f"{info.number}.pdf",
            attachment=pdf,
        )
        outbox_id = outbox.enqueue(s, mail)
        audit.record(s, actor, "mail.voucher", "gift_voucher", voucher_id, to=to)
        return VoucherMailed(outbox_id, to, content.subject)

    return db.run(work)
