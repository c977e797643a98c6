"""An event's ticket types (with their price per tier), booking fees and tax rate, as the
manager sets them in the event editor, and the installation's tax-inclusive setting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Event,
    EventFee,
    EventTax,
    PriceTier,
    Setting,
    TaxRate,
    Ticket,
    TicketType,
    TicketTypePrice,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict, NotFound, ValidationError
from boxoffice.domain.pricing_kinds import FeePer, TypePriceMode
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.common.upserts import insert_ignore
from boxoffice.services.sales.event_pricing import INCLUSIVE_SETTING, prices_include_tax

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TypePrice:
    tier_id: int
    mode: TypePriceMode
    value: Decimal


@dataclass(frozen=True)
class TypeSetup:
    """One ticket type: its name, whether it is the default (Adult), complimentary, what the
    clerk checks, and its price at each tier (a tier left out: the tier's price)."""

    name: str
    is_default: bool = False
    complimentary: bool = False
    check: str = ""
    prices: tuple[TypePrice, ...] = ()


@dataclass(frozen=True)
class FeeSetup:
    name: str
    per: FeePer
    amount: Decimal
    refundable: bool = False
    payment_method: str | None = None  # None: every payment


@dataclass(frozen=True)
class PricingSetup:
    """What the event editor's Pricing page shows and saves."""

    types: tuple[TypeSetup, ...] = ()
    fees: tuple[FeeSetup, ...] = ()
    tax_name: str = ""  # "" = no tax
    tax_percent: Decimal = Decimal("0.00")
    prices_include_tax: bool = True  # installation-wide; shown, saved only by MANAGE_SETTINGS
    tiers: tuple[tuple[int, str, Decimal], ...] = field(default=())  # (id, name, price): read


def standard_types(tier_ids: list[int]) -> tuple[TypeSetup, ...]:
    """The types a new event starts from: Adult at the tier price, Child half, Senior and
    Student 20 % off (ID checked), Companion free with a wheelchair seat, Complimentary."""

    def off(percent: str) -> tuple[TypePrice, ...]:
        return tuple(TypePrice(t, TypePriceMode.PERCENT, Decimal(percent)) for t in tier_ids)

    return (
        TypeSetup("Adult", is_default=True),
        TypeSetup("Child", prices=off("50")),
        TypeSetup("Senior", prices=off("20")),
        TypeSetup("Student", check="Ask for a student ID", prices=off("20")),
        TypeSetup("Companion", check="Companion of a wheelchair user", prices=off("100")),
        TypeSetup("Complimentary", complimentary=True),
    )


def pricing_rules(db: Database, actor: Actor, event_id: int) -> PricingSetup:
    """The event's types, fees and tax, for the editor."""
    actor.require(Permission.MANAGE_EVENTS)
    return db.run(lambda s: read_rules(s, event_id))


def read_rules(s: Session, event_id: int) -> PricingSetup:
    if s.get(Event, event_id) is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    tiers = tuple(
        (t.id, t.name, t.price)
        for t in s.scalars(
            select(PriceTier).where(PriceTier.event_id == event_id).order_by(PriceTier.sort_order)
        )
    )
    rows = list(
        s.scalars(
            select(TicketType)
            .where(TicketType.event_id == event_id)
            .order_by(TicketType.sort_order, TicketType.id)
        )
    )
    prices: dict[int, list[TypePrice]] = {}
    if rows:
        for p in s.scalars(
            select(TicketTypePrice).where(TicketTypePrice.ticket_type_id.in_([r.id for r in rows]))
        ):
            prices.setdefault(p.ticket_type_id, []).append(
                TypePrice(p.tier_id, TypePriceMode(p.mode), p.value)
            )
    types = tuple(
        TypeSetup(r.name, r.is_default, r.complimentary, r.clerk_check, tuple(prices.get(r.id, ())))
        for r in rows
    )
    fees = tuple(
        FeeSetup(f.name, FeePer(f.per), f.amount, f.refundable, f.payment_method)
        for f in s.scalars(
            select(EventFee).where(EventFee.event_id == event_id).order_by(EventFee.id)
        )
    )
    rate = s.execute(
        select(TaxRate.name, TaxRate.percent)
        .join(EventTax, EventTax.tax_rate_id == TaxRate.id)
        .where(EventTax.event_id == event_id)
    ).one_or_none()
    name, percent = rate if rate is not None else ("", Decimal("0.00"))
    return PricingSetup(types, fees, name, percent, prices_include_tax(s), tiers)


def save_pricing_rules(
    db: Database, actor: Actor, event_id: int, setup: PricingSetup
) -> PricingSetup:
    """Make the event's types, fees and tax those of *setup* (ValidationError names what is
    wrong; a type already sold cannot be removed). A change of the tax-inclusive setting needs
    the ``manage_settings`` permission too."""
    actor.require(Permission.MANAGE_EVENTS)
    checked = check_setup(setup)

    def work(s: Session) -> PricingSetup:
        if s.get(Event, event_id) is None:
            raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
        write_rules(s, event_id, checked)
        if checked.prices_include_tax != prices_include_tax(s):
            actor.require(Permission.MANAGE_SETTINGS)
            set_inclusive(s, checked.prices_include_tax)
        audit.record(
            s,
            actor,
            "event.pricing",
            "event",
            event_id,
            types=[t.name for t in checked.types],
            fees=[f"{f.name} {f.amount}/{f.per.value}" for f in checked.fees],
            tax=f"{checked.tax_name} {checked.tax_percent}" if checked.tax_name else "",
        )
        return read_rules(s, event_id)

    return db.run(work)


def check_setup(setup: PricingSetup) -> PricingSetup:
    """Names given and unique, one default type, amounts in whole cents, percentages 0-100."""
    names = [t.name.strip() for t in setup.types]
    if any(not n or len(n) > 40 for n in names):
        raise ValidationError(_("Every ticket type needs a name of at most 40 characters."))
    if len({n.casefold() for n in names}) != len(names):
        raise ValidationError(_("Two ticket types have the same name."))
    if setup.types and sum(t.is_default for t in setup.types) != 1:
        raise ValidationError(_("Mark exactly one ticket type as the default (usually Adult)."))
    if any(t.is_default and t.complimentary for t in setup.types):
        raise ValidationError(_("The default ticket type cannot be complimentary."))
    for t in setup.types:
        for p in t.prices:
            _amount(p.value, _("{name}'s price").format(name=t.name))
            if p.mode is TypePriceMode.PERCENT and p.value > 100:
                raise ValidationError(
                    _("{name}: a percentage off is at most 100.").format(name=t.name)
                )
    methods = {m.value for m in PaymentMethodKind}
    for f in setup.fees:
        if not f.name.strip() or len(f.name.strip()) > 64:
            raise ValidationError(_("Every fee needs a name of at most 64 characters."))
        _amount(f.amount, f.name)
        if f.payment_method is not None and f.payment_method not in methods:
            raise ValidationError(
                _("{name}: unknown payment method {payment_method!r}.").format(
                    name=f.name, payment_method=f.payment_method
                )
            )
    if setup.tax_name.strip():
        _amount(setup.tax_percent, _("The tax rate"))
        if setup.tax_percent > 100:
            raise ValidationError(_("A tax rate is at most 100 %."))
    return setup


def _amount(value: Decimal, what: str) -> None:
    try:
        ok = value >= 0 and value == value.quantize(CENT)
    except (InvalidOperation, TypeError):
        ok = False
    if not ok:
        raise ValidationError(_("{what} must be 0 or more, in whole cents.").format(what=what))


def write_rules(s: Session, event_id: int, setup: PricingSetup) -> None:
    """Write *setup* (checked) for the event, inside the caller's transaction."""
    tier_ids = set(s.scalars(select(PriceTier.id).where(PriceTier.event_id == event_id)))
    existing = {
        r.name: r for r in s.scalars(select(TicketType).where(TicketType.event_id == event_id))
    }
    wanted = {t.name.strip() for t in setup.types}
    gone = [r.id for n, r in existing.items() if n not in wanted]
    if gone:
        sold = s.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.ticket_type_id.in_(gone))
        )
        if sold:
            names = ", ".join(n for n, r in existing.items() if r.id in gone)
            raise Conflict(
                _("Tickets of {names} are sold: keep the type (rename it instead).").format(
                    names=names
                )
            )
        s.execute(delete(TicketType).where(TicketType.id.in_(gone)))
    for order, t in enumerate(setup.types):
        name = t.name.strip()
        row = existing.get(name)
        if row is None:
            row = TicketType(event_id=event_id, name=name)
            s.add(row)
        row.sort_order = order
        row.is_default = t.is_default
        row.complimentary = t.complimentary
        row.clerk_check = t.check.strip()[:200]
        s.flush()
        s.execute(delete(TicketTypePrice).where(TicketTypePrice.ticket_type_id == row.id))
        for p in t.prices:
            if p.tier_id not in tier_ids:
                raise ValidationError(
                    _("{name}: the tier {tier_id} is not one of this event's.").format(
                        name=name, tier_id=p.tier_id
                    )
                )
            s.add(
                TicketTypePrice(
                    ticket_type_id=row.id, tier_id=p.tier_id, mode=p.mode.value, value=p.value
                )
            )
    s.execute(delete(EventFee).where(EventFee.event_id == event_id))
    for f in setup.fees:
        s.add(
            EventFee(
                event_id=event_id,
                name=f.name.strip(),
                per=f.per.value,
                amount=f.amount,
                refundable=f.refundable,
                payment_method=f.payment_method,
            )
        )
    s.execute(delete(EventTax).where(EventTax.event_id == event_id))
    if setup.tax_name.strip():
        rate_id = tax_rate_id(s, setup.tax_name.strip(), setup.tax_percent)
        s.add(EventTax(event_id=event_id, tax_rate_id=rate_id))
    s.flush()


def tax_rate_id(s: Session, name: str, percent: Decimal) -> int:
    """The rate named *name* (made, or its percentage set, as given)."""
    rate = s.scalar(select(TaxRate).where(TaxRate.name == name[:40]))
    if rate is None:
        rate = TaxRate(name=name[:40], percent=percent)
        s.add(rate)
        s.flush()
    elif rate.percent != percent:
        rate.percent = percent
    return rate.id


def set_inclusive(s: Session, inclusive: bool) -> None:
    value = "1" if inclusive else "0"
    insert_ignore(s, Setting, [{"key": INCLUSIVE_SETTING, "value": value}], "key")
    s.execute(update(Setting).where(Setting.key == INCLUSIVE_SETTING).values(value=value))
