"""Packages as a manager makes them (a set of events, a price per tier name) and as a clerk
sees them (events, prices, the best seats free in every event)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CursorResult, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, Package, PackageEvent, PackagePrice, PriceTier
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.money import non_negative
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.sales import inventory as inv


@dataclass(frozen=True)
class PackageInfo:
    id: int
    name: str
    event_ids: tuple[int, ...]  # ascending: the lock order of a sale
    prices: dict[str, Decimal]  # tier name -> package price
    renews_id: int | None = None
    renew_until: datetime | None = None


def create_package(
    db: Database,
    actor: Actor,
    name: str,
    event_ids: Sequence[int],
    prices: Mapping[str, Decimal | str],
    renews_id: int | None = None,
    renew_until: datetime | None = None,
) -> int:
    """A new fixed package of *event_ids* (seated events of one layout) priced per tier name;
    its id. Needs MANAGE_EVENTS."""
    actor.require(Permission.MANAGE_EVENTS)
    title = name.strip()
    if not title or len(title) > 120:
        raise ValidationError(_("A package needs a name of 1–120 characters."))
    ids = sorted(set(event_ids))
    if not ids:
        raise ValidationError(_("Choose at least one event for the package."))
    priced = {
        k.strip(): non_negative(v, _("The price for {k}").format(k=k)) for k, v in prices.items()
    }
    if not priced or any(not k or len(k) > 64 for k in priced):
        raise ValidationError(_("Give a package price for at least one tier (by tier name)."))

    def work(s: Session) -> int:
        return create_in(s, actor, title, ids, priced, renews_id, renew_until)

    try:
        return db.run(work)
    except IntegrityError as exc:
        raise ValidationError(
            _("There is already a package named {title!r}.").format(title=title)
        ) from exc


def create_in(
    s: Session,
    actor: Actor,
    title: str,
    ids: list[int],
    priced: dict[str, Decimal],
    renews_id: int | None,
    renew_until: datetime | None,
) -> int:
    """:func:`create_package` inside the caller's transaction (renewal creates one too)."""
    actor.require(Permission.MANAGE_EVENTS)
    layouts = s.execute(select(Event.id, Event.layout_id).where(Event.id.in_(ids))).all()
    if len(layouts) != len(ids):
        raise NotFound(_("One of the chosen events no longer exists."))
    if any(layout is None for _id, layout in layouts) or len({lay for _i, lay in layouts}) != 1:
        raise ValidationError(
            _(
                "A fixed package needs seated events of the same seat layout "
                "(the same seat each time)."
            )
        )
    tiers = set(s.scalars(select(PriceTier.name).where(PriceTier.event_id == ids[0])))
    unknown = sorted(set(priced) - tiers)
    if unknown:
        raise ValidationError(
            _("The first event has no tier named {items}.").format(items=", ".join(unknown))
        )
    now = utcnow()
    package_id = new_id(
        s,
        insert(Package).values(
            name=title, renews_id=renews_id, renew_until=renew_until, created_at=now
        ),
    )
    s.execute(insert(PackageEvent), [dict(package_id=package_id, event_id=e) for e in ids])
    s.execute(
        insert(PackagePrice),
        [dict(package_id=package_id, tier_name=k, price=v) for k, v in sorted(priced.items())],
    )
    audit.record(
        s, actor, "package.create", "package", int(package_id), name=title, events=len(ids)
    )
    return package_id


def new_id(s: Session, statement: Any) -> int:
    """Run an INSERT of one row; the new row's id."""
    result = s.execute(statement)
    assert isinstance(result, CursorResult) and result.inserted_primary_key
    return int(result.inserted_primary_key[0])


def load(s: Session, package_id: int) -> PackageInfo:
    row = s.execute(
        select(Package.id, Package.name, Package.renews_id, Package.renew_until).where(
            Package.id == package_id
        )
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no package with id {package_id}.").format(package_id=package_id))
    events = tuple(
        s.scalars(
            select(PackageEvent.event_id)
            .where(PackageEvent.package_id == package_id)
            .order_by(PackageEvent.event_id)
        )
    )
    prices = {
        name: price
        for name, price in s.execute(
            select(PackagePrice.tier_name, PackagePrice.price).where(
                PackagePrice.package_id == package_id
            )
        )
    }
    return PackageInfo(row[0], row[1], events, prices, row[2], row[3])


def list_packages(db: Database, actor: Actor) -> list[PackageInfo]:
    """Every package, newest first."""
    actor.require(Permission.SELL)

    def work(s: Session) -> list[PackageInfo]:
        ids = s.scalars(select(Package.id).order_by(Package.id.desc()))
        return [load(s, i) for i in ids]

    return db.run(work)


def best_seats(db: Database, actor: Actor, package_id: int, most: int = 5) -> list[int]:
    """Layout seat ids free in every event of the package, best first."""
    actor.require(Permission.SELL)

    def work(s: Session) -> list[int]:
        return inv.free_in_all(s, load(s, package_id).event_ids, utcnow(), most)

    return db.run(work)
