"""The manager's side of discount codes: create, list, disable, and see who redeemed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, DiscountCode, DiscountRedemption, PriceTier
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.discount import DiscountApplies, DiscountKind
from boxoffice.domain.errors import Conflict, NotFound, ValidationError
from boxoffice.domain.money import money
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.sales.discount_codes.rules import format_ids, normalise, parse_ids
from boxoffice.services.sales.inventory.common import rowcount

MANAGE = Permission.MANAGE_EVENTS  # codes are part of pricing events


@dataclass(frozen=True)
class CodeSpec:
    """A new code as the manager enters it (``value`` a percentage or an amount)."""

    code: str
    kind: DiscountKind
    value: Decimal
    applies_to: DiscountApplies = DiscountApplies.TICKET
    event_ids: tuple[int, ...] = ()  # empty: every event
    tier_ids: tuple[int, ...] = ()  # empty: every tier
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    use_limit: int | None = None
    per_customer_limit: int | None = None
    cancel_returns_use: bool = True
    description: str = ""


@dataclass(frozen=True)
class CodeInfo:
    id: int
    code: str
    description: str
    kind: DiscountKind
    value: Decimal
    applies_to: DiscountApplies
    event_ids: tuple[int, ...]
    tier_ids: tuple[int, ...]
    valid_from: datetime | None
    valid_until: datetime | None
    use_limit: int | None
    per_customer_limit: int | None
    uses: int
    cancel_returns_use: bool
    active: bool

    @property
    def amount_text(self) -> str:
        off = (
            f"{self.value.normalize():f}%" if self.kind is DiscountKind.PERCENT else f"{self.value}"
        )
        return f"{off} off per {self.applies_to.value}"


@dataclass(frozen=True)
class RedemptionInfo:
    booking_reference: str
    customer: str
    amount: Decimal
    redeemed_at: datetime
    released_at: datetime | None


def _limit(value: int | None, what: str) -> int | None:
    if value is not None and value < 1:
        raise ValidationError(_("{what} must be at least 1 (or none).").format(what=what))
    return value


def _checked(spec: CodeSpec) -> dict[str, object]:
    code = normalise(spec.code)
    value = money(spec.value)
    if value <= 0:
        raise ValidationError(_("A discount must take off more than zero."))
    if spec.kind is DiscountKind.PERCENT and value > 100:
        raise ValidationError(_("A percentage discount is at most 100%."))
    if spec.valid_from and spec.valid_until and spec.valid_until <= spec.valid_from:
        raise ValidationError(_("A code's end must come after its start."))
    return dict(
        code=code,
        description=spec.description.strip()[:200],
        kind=DiscountKind(spec.kind).value,
        value=value,
        applies_to=DiscountApplies(spec.applies_to).value,
        event_ids=format_ids(spec.event_ids),
        tier_ids=format_ids(spec.tier_ids),
        valid_from=spec.valid_from,
        valid_until=spec.valid_until,
        use_limit=_limit(spec.use_limit, _("The use limit")),
        per_customer_limit=_limit(spec.per_customer_limit, _("The per-customer limit")),
        uses=0,
        cancel_returns_use=spec.cancel_returns_use,
        active=True,
    )


def create_code(db: Database, actor: Actor, spec: CodeSpec) -> CodeInfo:
    """Create a code; Conflict if one with that text exists (even disabled)."""
    actor.require(MANAGE)
    values = _checked(spec)

    def work(s: Session) -> CodeInfo:
        if spec.tier_ids:
            found = s.scalar(
                select(func.count()).select_from(PriceTier).where(PriceTier.id.in_(spec.tier_ids))
            )
            if found != len(set(spec.tier_ids)):
                raise NotFound(_("Some of the chosen price tiers do not exist."))
        row = DiscountCode(**values, created_by=actor.user_id, created_at=utcnow())
        s.add(row)
        s.flush()
        audit.record(s, actor, "discount_code.create", "discount_code", row.id, code=row.code)
        return _info(row)

    try:
        return db.run(work)
    except IntegrityError:
        raise Conflict(
            _("There is already a discount code {values}.").format(values=values["code"])
        ) from None


def disable_code(db: Database, actor: Actor, code: str) -> CodeInfo:
    """Stop a code being used from now on (its redemptions stay)."""
    actor.require(MANAGE)
    text = normalise(code)

    def work(s: Session) -> CodeInfo:
        changed = rowcount(
            s.execute(
                update(DiscountCode)
                .where(DiscountCode.code == text)
                .values(active=False)
                .execution_options(synchronize_session=False)
            )
        )
        if changed != 1:
            raise NotFound(_("There is no discount code {text}.").format(text=text))
        row = s.scalars(select(DiscountCode).where(DiscountCode.code == text)).one()
        audit.record(s, actor, "discount_code.disable", "discount_code", row.id, code=text)
        return _info(row)

    return db.run(work)


def list_codes(db: Database, actor: Actor, *, include_disabled: bool = True) -> list[CodeInfo]:
    actor.require(MANAGE)

    def work(s: Session) -> list[CodeInfo]:
        query = select(DiscountCode).order_by(DiscountCode.code)
        if not include_disabled:
            query = query.where(DiscountCode.active.is_(True))
        return [_info(row) for row in s.scalars(query)]

    return db.run(work)


def code_redemptions(
    db: Database, actor: Actor, code: str, limit: int = 500
) -> list[RedemptionInfo]:
    """The bookings that used *code*, newest first."""
    actor.require(MANAGE)
    text = normalise(code)

    def work(s: Session) -> list[RedemptionInfo]:
        code_id = s.scalar(select(DiscountCode.id).where(DiscountCode.code == text))
        if code_id is None:
            raise NotFound(_("There is no discount code {text}.").format(text=text))
        rows = s.execute(
            select(
                Booking.reference,
                Customer.name,
                DiscountRedemption.amount,
                DiscountRedemption.redeemed_at,
                DiscountRedemption.released_at,
            )
            .join(Booking, Booking.id == DiscountRedemption.booking_id)
            .outerjoin(Customer, Customer.id == DiscountRedemption.customer_id)
            .where(DiscountRedemption.code_id == code_id)
            .order_by(DiscountRedemption.redeemed_at.desc(), DiscountRedemption.id.desc())
            .limit(limit)
        ).all()
        return [RedemptionInfo(r[0], r[1] or "", r[2], r[3], r[4]) for r in rows]

    return db.run(work)


def _info(row: DiscountCode) -> CodeInfo:
    return CodeInfo(
        id=row.id,
        code=row.code,
        description=row.description,
        kind=DiscountKind(row.kind),
        value=row.value,
        applies_to=DiscountApplies(row.applies_to),
        event_ids=tuple(sorted(parse_ids(row.event_ids))),
        tier_ids=tuple(sorted(parse_ids(row.tier_ids))),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        use_limit=row.use_limit,
        per_customer_limit=row.per_customer_limit,
        uses=row.uses,
        cancel_returns_use=row.cancel_returns_use,
        active=row.active,
    )
