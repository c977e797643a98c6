"""Customers: create, find, read and update (permission SELL)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Customer
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.text import check_plain
from boxoffice.i18n import LANGUAGES, _
from boxoffice.i18n.language import normalise
from boxoffice.services.common import audit

NAME_MAX = 128
EMAIL_MAX = 254
PHONE_MAX = 32
MAX_RESULTS = 200
# Deliberately loose: one @, no spaces, a dot in the domain. The mail server has the last word.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_EDITABLE = ("name", "email", "phone", "marketing_opt_in", "language")
SOURCE_MAX = 64
DESK_SOURCE = "box office desk"


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    email: str
    phone: str
    marketing_opt_in: bool
    erased: bool = False
    # The last marketing decision's time and source (what the consent checkbox shows).
    consent_at: datetime | None = field(default=None, compare=False)
    consent_source: str = field(default="", compare=False)
    language: str = ""  # their documents' language; "" = the desk's


def customer_info(row: Customer) -> CustomerInfo:
    return CustomerInfo(
        row.id,
        row.name,
        row.email,
        row.phone,
        row.marketing_opt_in,
        row.erased_at is not None,
        row.marketing_consent_at,
        row.marketing_consent_source,
        row.language,
    )


def clean_language(code: str | None) -> str:
    """A customer's preferred language as a locale code (``fr``, ``de_CH``); "" = the desk's."""
    value = (code or "").strip()
    if not value:
        return ""
    try:
        return normalise(value)
    except ValueError:
        raise ValidationError(
            _("{code!r} is not a language; choose one of {choices} (or leave it empty).").format(
                code=value, choices=", ".join(LANGUAGES)
            )
        ) from None


def clean_source(source: str) -> str:
    """How a marketing decision was given: required, one line, at most SOURCE_MAX."""
    value = " ".join(check_plain(source, _("The consent source")).split())
    if not value:
        raise ValidationError(
            _("Say how the customer gave or withdrew consent (e.g. 'phone call').")
        )
    if len(value) > SOURCE_MAX:
        raise ValidationError(
            _("A consent source can be at most {SOURCE_MAX} characters.").format(
                SOURCE_MAX=SOURCE_MAX
            )
        )
    return value


def record_consent(row: Customer, opt_in: bool, source: str, at: datetime) -> None:
    """Set the marketing flag with the time and source of this decision (GDPR: consent must be
    demonstrable, and so must its withdrawal)."""
    row.marketing_opt_in = opt_in
    row.marketing_consent_at = at
    row.marketing_consent_source = source


def require_not_erased(row: Customer) -> None:
    if row.erased_at is not None:
        raise ValidationError(
            _("Customer {id} was erased (anonymised); their details cannot be changed.").format(
                id=row.id
            )
        )


def clean_name(name: str) -> str:
    value = " ".join(check_plain(name, _("The name"), multiline=True).split())
    if not value:
        raise ValidationError(_("A customer needs a name."))
    if len(value) > NAME_MAX:
        raise ValidationError(
            _("A name can be at most {NAME_MAX} characters.").format(NAME_MAX=NAME_MAX)
        )
    return value


def clean_email(email: str) -> str:
    value = email.strip()
    if not value:
        return ""
    if len(value) > EMAIL_MAX:
        raise ValidationError(
            _("An e-mail address can be at most {EMAIL_MAX} characters.").format(
                EMAIL_MAX=EMAIL_MAX
            )
        )
    if not _EMAIL.match(value):
        raise ValidationError(
            _("{value!r} does not look like an e-mail address (name@example.com).").format(
                value=value
            )
        )
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_phone(phone: str) -> str:
    value = " ".join(phone.split())
    if not value:
        return ""
    if len(value) > PHONE_MAX:
        raise ValidationError(
            _("A phone number can be at most {PHONE_MAX} characters.").format(PHONE_MAX=PHONE_MAX)
        )
    if not _PHONE.match(value):
        raise ValidationError(
            _("A phone number has digits, spaces and + ( ) - . / only (a leading + is fine).")
        )
    if sum(c.isdigit() for c in value) < 5:
        raise ValidationError(_("A phone number needs at least 5 digits."))
    return value


def create_customer(
    db: Database,
    actor: Actor,
    name: str,
    email: str = "",
    phone: str = "",
    marketing_opt_in: bool = False,
    consent_source: str = DESK_SOURCE,
    language: str = "",
) -> CustomerInfo:
    """Add a customer; name required, e-mail and phone optional but checked. An opt-in is
    recorded with its time and *consent_source*; *language* is their documents' ("" = desk's)."""
    actor.require(Permission.SELL)
    values = {
        "name": clean_name(name),
        "email": clean_email(email),
        "phone": clean_phone(phone),
        "language": clean_language(language),
    }
    opt_in = bool(marketing_opt_in)
    source = clean_source(consent_source) if opt_in else ""
    if opt_in and not values["email"]:
        raise ValidationError(_("Marketing e-mails need an e-mail address."))

    def work(s: Session) -> CustomerInfo:
        now = utcnow()
        row = Customer(**values, unsubscribe_token=secrets.token_urlsafe(32), created_at=now)
        row.marketing_opt_in = False
        if opt_in:
            record_consent(row, True, source, now)
        s.add(row)
        s.flush()
        consent = {"marketing": True, "consent_source": source} if opt_in else {}
        audit.record(s, actor, "customer.create", "customer", row.id, **consent)
        return customer_info(row)

    return db.run(work)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phone_digits() -> ColumnElement[str]:
    """The phone column with its separators removed (plain SQL REPLACE on both backends)."""
    column: ColumnElement[str] = func.replace(Customer.phone, " ", "")
    for separator in "-()./+":
        column = func.replace(column, separator, "")
    return column


def find_customers(db: Database, actor: Actor, text: str, limit: int = 50) -> list[CustomerInfo]:
    """Customers whose name, e-mail or phone contains *text* (any case), at most *limit*.

    Names starting with the text come first, then the rest by name. A text with three or more
    digits also matches phone numbers whatever the spaces and dashes on either side.
    """
    actor.require(Permission.SELL)
    needle = " ".join(text.split())
    # Longer than any field it could match (and SQLite refuses LIKE patterns over 50 kB).
    if not needle or len(needle) > EMAIL_MAX:
        return []
    limit = max(1, min(int(limit), MAX_RESULTS))
    pattern = f"%{_escape(needle)}%"
    conditions = [
        Customer.name.ilike(pattern, escape="\\"),
        Customer.email.ilike(pattern, escape="\\"),
        Customer.phone.ilike(pattern, escape="\\"),
    ]
    digits = re.sub(r"\D", "", needle)
    if len(digits) >= 3:
        conditions.append(_phone_digits().like(f"%{digits}%"))
    starts_with = case((Customer.name.ilike(f"{_escape(needle)}%", escape="\\"), 0), else_=1)
    query = (
        select(Customer)
        # Erased customers are found by id only (get_customer), never by what they were called.
        .where(or_(*conditions), Customer.erased_at.is_(None))
        .order_by(starts_with, Customer.name, Customer.id)
        .limit(limit)
    )
    return db.run(lambda s: [customer_info(c) for c in s.scalars(query)])


def _get(session: Session, customer_id: int, for_update: bool = False) -> Customer:
    row = session.get(Customer, customer_id, with_for_update=for_update or None)
    if row is None:
        raise NotFound(_("No customer with id {customer_id}.").format(customer_id=customer_id))
    return row


def get_customer(db: Database, actor: Actor, customer_id: int) -> CustomerInfo:
    actor.require(Permission.SELL)
    return db.run(lambda s: customer_info(_get(s, customer_id)))


def update_customer(
    db: Database,
    actor: Actor,
    customer_id: int,
    *,
    consent_source: str = DESK_SOURCE,
    **fields: Any,
) -> CustomerInfo:
    """Change some of name, email, phone, marketing_opt_in, language; others are refused. A
    change of marketing_opt_in is recorded with its time and *consent_source*."""
    actor.require(Permission.SELL)
    unknown = sorted(set(fields) - set(_EDITABLE))
    if unknown:
        raise ValidationError(
            _("Cannot change {items}; editable: {items2}.").format(
                items=", ".join(unknown), items2=", ".join(_EDITABLE)
            )
        )
    cleaned: dict[str, Any] = {}
    if "name" in fields:
        cleaned["name"] = clean_name(str(fields["name"]))
    if "email" in fields:
        cleaned["email"] = clean_email(str(fields["email"] or ""))
    if "phone" in fields:
        cleaned["phone"] = clean_phone(str(fields["phone"] or ""))
    if "marketing_opt_in" in fields:
        cleaned["marketing_opt_in"] = bool(fields["marketing_opt_in"])
    if "language" in fields:
        cleaned["language"] = clean_language(str(fields["language"] or ""))
    source = clean_source(consent_source) if "marketing_opt_in" in cleaned else ""

    def work(s: Session) -> CustomerInfo:
        row = _get(s, customer_id, for_update=True)
        require_not_erased(row)
        changed = sorted(k for k, v in cleaned.items() if getattr(row, k) != v)
        for key in changed:
            if key == "marketing_opt_in":
                record_consent(row, cleaned[key], source, utcnow())
            else:
                setattr(row, key, cleaned[key])
        if row.marketing_opt_in and not row.email:
            raise ValidationError(_("Marketing e-mails need an e-mail address."))
        if changed:
            extra = {"consent_source": source} if "marketing_opt_in" in changed else {}
            audit.record(s, actor, "customer.update", "customer", row.id, fields=changed, **extra)
        return customer_info(row)

    return db.run(work)
