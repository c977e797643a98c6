"""Access and portability (GDPR art. 15, 20): everything held about a customer, as JSON
(machine-readable) and a readable PDF. Card numbers are never exported: brand, last four
digits, expiry, holder and billing address are what a desk holds in clear."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    AuditLog,
    Booking,
    Customer,
    Event,
    OutboxEmail,
    Payment,
    PriceTier,
    Refund,
    SavedCard,
    Ticket,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.people.data_rights.common import (
    booking_ids,
    lock_customer,
    mail_filter,
)
from boxoffice.services.people.data_rights.export_pdf import render_pdf

FORMAT = "boxoffice.customer-export/1"


@dataclass(frozen=True)
class CustomerExport:
    customer_id: int
    data: dict[str, Any]  # plain JSON values only

    @property
    def json_text(self) -> str:
        return json.dumps(self.data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    def pdf(self) -> bytes:
        return render_pdf(self.data)


def _when(at: datetime | None) -> str | None:
    return None if at is None else at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _person(row: Customer) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "created_at": _when(row.created_at),
        "erased_at": _when(row.erased_at),
        "marketing": {
            "consented": row.marketing_opt_in,
            "decided_at": _when(row.marketing_consent_at),
            "source": row.marketing_consent_source,
            "last_promotion_at": _when(row.last_promotion_at),
        },
    }


def _bookings(s: Session, bookings: list[int]) -> list[dict[str, Any]]:
    if not bookings:
        return []
    titles = dict(
        s.execute(
            select(Event.id, Event.title).where(
                Event.id.in_(select(Booking.event_id).where(Booking.id.in_(bookings)))
            )
        ).all()
    )
    out: list[dict[str, Any]] = []
    for b in s.scalars(select(Booking).where(Booking.id.in_(bookings)).order_by(Booking.id)):
        tickets = s.execute(
            select(Ticket, PriceTier.name, Event.title)
            .join(PriceTier, PriceTier.id == Ticket.tier_id)
            .outerjoin(Event, Event.id == Ticket.event_id)
            .where(Ticket.booking_id == b.id)
            .order_by(Ticket.id)
        ).all()
        refunds = s.scalars(select(Refund).where(Refund.booking_id == b.id).order_by(Refund.id))
        out.append(
            {
                "reference": b.reference,
                "event": titles.get(b.event_id, ""),
                "status": b.status,
                "total": _money(b.total),
                "created_at": _when(b.created_at),
                "tickets": [
                    {
                        "event": title or "",
                        "tier": tier,
                        "price": _money(t.price),
                        "status": t.status,
                        "issued_at": _when(t.issued_at),
                        "checked_in_at": _when(t.checked_in_at),
                    }
                    for t, tier, title in tickets
                ],
                "payments": [
                    {
                        "method": p.method,
                        "amount": _money(p.amount),
                        "card": f"{p.card_brand} {p.card_last4}".strip(),
                        "at": _when(p.created_at),
                    }
                    for p in s.scalars(
                        select(Payment).where(Payment.booking_id == b.id).order_by(Payment.id)
                    )
                ],
                "refunds": [
                    {"method": r.method, "amount": _money(r.amount), "at": _when(r.created_at)}
                    for r in refunds
                ],
            }
        )
    return out


def _cards(s: Session, customer_id: int) -> list[dict[str, Any]]:
    return [
        {
            "brand": c.brand,
            "last4": c.last4,
            "expiry": f"{c.exp_month:02d}/{c.exp_year}",
            "cardholder": c.cardholder,
            "billing_address": c.billing_address,
            "default": c.is_default,
            "saved_at": _when(c.created_at),
        }
        for c in s.scalars(
            select(SavedCard).where(SavedCard.customer_id == customer_id).order_by(SavedCard.id)
        )
    ]


def _mails(s: Session, row: Customer, bookings: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "kind": m.kind,
            "to": m.to_addr,
            "subject": m.subject,
            "status": m.status,
            "created_at": _when(m.created_at),
            "sent_at": _when(m.sent_at),
            "body": m.body_text,
            "attachment": m.attachment_name,
        }
        for m in s.scalars(
            select(OutboxEmail).where(or_(*mail_filter(row, bookings))).order_by(OutboxEmail.id)
        )
    ]


def _history(s: Session, customer_id: int) -> list[dict[str, Any]]:
    rows = s.scalars(
        select(AuditLog)
        .where(AuditLog.entity == "customer", AuditLog.entity_id == customer_id)
        .order_by(AuditLog.id)
    )
    return [{"at": _when(a.at), "action": a.action, "detail": a.detail} for a in rows]


def customer_data(s: Session, customer_id: int) -> dict[str, Any]:
    """Every record held about the customer, as plain JSON values."""
    row = lock_customer(s, customer_id)
    bookings = booking_ids(s, customer_id)
    return {
        "format": FORMAT,
        "exported_at": _when(utcnow()),
        "customer": _person(row),
        "bookings": _bookings(s, bookings),
        "saved_cards": _cards(s, customer_id),
        "emails": _mails(s, row, bookings),
        "history": _history(s, customer_id),
    }


def export_customer(db: Database, actor: Actor, customer_id: int) -> CustomerExport:
    """Everything held about *customer_id* (manager or admin; audited)."""
    actor.require(Permission.MANAGE_BOOKINGS)

    def work(s: Session) -> CustomerExport:
        data = customer_data(s, customer_id)
        audit.record(s, actor, "customer.export", "customer", customer_id)
        return CustomerExport(customer_id, data)

    return db.run(work)


def _stem(export: CustomerExport) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", str(export.data["customer"]["name"])).strip("-")
    return f"customer-{export.customer_id}-{name or 'data'}"[:80]


def write_export(export: CustomerExport, folder: Path) -> tuple[Path, Path]:
    """Write ``<stem>.json`` and ``<stem>.pdf`` into *folder*; their paths."""
    if not folder.is_dir():
        raise ValidationError(_("{folder} is not a folder.").format(folder=folder))
    stem = _stem(export)
    json_path, pdf_path = folder / f"{stem}.json", folder / f"{stem}.pdf"
    try:
        json_path.write_text(export.json_text, encoding="utf-8")
        pdf_path.write_bytes(export.pdf())
    except OSError as exc:
        raise ValidationError(
            _("Cannot write the export into {folder}: {strerror}.").format(
                folder=folder, strerror=exc.strerror
            )
        ) from exc
    return json_path, pdf_path


def export_customer_to(
    db: Database, actor: Actor, customer_id: int, folder: Path
) -> tuple[Path, Path]:
    """:func:`export_customer` written as JSON and PDF into *folder* (one call for the GUI)."""
    actor.require(Permission.MANAGE_BOOKINGS)
    if not folder.is_dir():  # before the export is read and audited
        raise ValidationError(_("{folder} is not a folder.").format(folder=folder))
    return write_export(export_customer(db, actor, customer_id), folder)
