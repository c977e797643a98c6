"""Renewal: next season's package made from this one, each subscriber's seat held for them until
the renewal deadline, and renewed at the desk in one action (same seat, new price).

The hold is an ordinary seat hold (id ``renew-<sale id>``) that expires at the deadline, so an
unrenewed seat returns to sale by itself then — no scheduler.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, Package, PackageSale
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.money import non_negative
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus
from boxoffice.domain.tender import Tender
from boxoffice.i18n import _
from boxoffice.services.packages import catalog, sale
from boxoffice.services.sales import inventory as inv


def hold_id_for(sale_id: int) -> str:
    return f"renew-{sale_id}"


def create_renewal(
    db: Database,
    actor: Actor,
    package_id: int,
    name: str,
    event_ids: Sequence[int],
    prices: Mapping[str, Decimal | str],
    renew_until: datetime,
) -> int:
    """Next season's package from *package_id*: its subscribers' seats held until *renew_until*
    in every new event (where free). Returns the new package id."""
    actor.require(Permission.MANAGE_EVENTS)
    title = name.strip()
    ids = sorted(set(event_ids))
    if not title or not ids:
        raise ValidationError(_("A renewal needs a name and at least one event."))
    if renew_until <= utcnow():
        raise ValidationError(_("The renewal deadline must be in the future."))
    priced = {
        k.strip(): non_negative(v, _("The price for {k}").format(k=k)) for k, v in prices.items()
    }

    def work(s: Session) -> int:
        old = catalog.load(s, package_id)  # NotFound if gone
        layouts = set(
            s.scalars(select(Event.layout_id).where(Event.id.in_([*old.event_ids, *ids])))
        )
        if len(layouts) != 1:
            raise ValidationError(
                _("A renewal keeps the same seats: choose events of the same layout.")
            )
        new_id = catalog.create_in(s, actor, title, ids, priced, package_id, renew_until)
        now = utcnow()
        held: dict[int, list[int]] = {}
        subscribers = s.execute(
            select(PackageSale.id, PackageSale.seat_id)
            .where(
                PackageSale.package_id == package_id,
                PackageSale.status == BookingStatus.CONFIRMED.value,
            )
            .order_by(PackageSale.seat_id)
        ).all()
        for sale_id, seat_id in subscribers:
            seats = inv.seat_in_events(s, seat_id, ids)
            inv.hold_across(s, seats, hold_id_for(sale_id), renew_until, now)
            for seat in seats:
                held.setdefault(seat.event_id, []).append(seat.event_seat_id)
        for event_id in sorted(held):
            inv.publish(s, event_id, held[event_id])
        return new_id

    try:
        return db.run(work)
    except IntegrityError as exc:
        raise ValidationError(
            _("There is already a package named {title!r}.").format(title=title)
        ) from exc


@dataclass(frozen=True)
class RenewalOffer:
    reference: str  # last season's sale
    package: str  # next season's package name
    seat: str  # "Stalls A12"
    price: Decimal
    until: datetime | None  # the seat is kept for the subscriber until then


def renewal_offer(db: Database, actor: Actor, sale_reference: str) -> RenewalOffer:
    """What renewing *sale_reference* would sell: next season, the same seat, its price."""
    actor.require(Permission.SELL)
    ref = sale_reference.strip().upper()

    def work(s: Session) -> RenewalOffer:
        package_id, seat_id, _customer, _old = _next(s, ref)
        info = catalog.load(s, package_id)
        night = inv.seat_in_events(s, seat_id, info.event_ids[:1])[0]
        if night.tier_name not in info.prices:
            raise ValidationError(
                _("{name} has no price for {tier_name} seats.").format(
                    name=info.name, tier_name=night.tier_name
                )
            )
        label = inv.seat_labels(s, [night.event_seat_id]).get(night.event_seat_id, "?")
        return RenewalOffer(ref, info.name, label, info.prices[night.tier_name], info.renew_until)

    return db.run(work)


def _next(s: Session, ref: str) -> tuple[int, int, int | None, int]:
    """(next season's package id, seat id, customer id, sale id) of last season's sale *ref*."""
    row = s.execute(
        select(
            PackageSale.id, PackageSale.package_id, PackageSale.customer_id, PackageSale.seat_id
        ).where(PackageSale.reference == ref, PackageSale.status == BookingStatus.CONFIRMED.value)
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no live season ticket {ref}.").format(ref=ref))
    nxt = s.scalar(
        select(Package.id).where(Package.renews_id == row[1]).order_by(Package.id.desc())
    )
    if nxt is None:
        raise ValidationError(_("There is no next season for this package yet."))
    return int(nxt), int(row[3]), row[2], int(row[0])


def renew(
    db: Database,
    actor: Actor,
    sale_reference: str,
    tenders: Sequence[Tender],
    idempotency_key: str,
) -> sale.PackageSaleResult:
    """Renew last season's sale *sale_reference*: the same seat, same customer, in the package
    that renews it, at its price — one action, one transaction."""
    actor.require(Permission.SELL)
    ref = sale_reference.strip().upper()

    package_id, seat_id, customer_id, old_id = db.run(lambda s: _next(s, ref))
    return sale._sell(
        db, actor, package_id, seat_id, tenders, idempotency_key, customer_id, hold_id_for(old_id)
    )
