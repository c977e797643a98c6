"""Selling a fixed package: the same seat in every event, ONE transaction, one booking per event.

Each booking stays single-event (so views, check-in, mails and reports work unchanged) and
carries its share of the package price (:func:`boxoffice.domain.package_split.split`, pro rata
to the seat's tier prices, remainder cents on the last event) and is paid its share with the
one tender (:func:`_charge`). If the seat is gone in any event nothing is sold and
the error offers the best seats free in all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, Event, PackageSale, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, SalesClosed, SeatUnavailable, ValidationError
from boxoffice.domain.package_split import split
from boxoffice.domain.reference import new_reference
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, EventStatus
from boxoffice.domain.tender import CardTender, CashTender, Tender
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.mail import notifications
from boxoffice.services.packages import catalog
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales import payments, sale_guard

ATTEMPTS = 5  # reference clashes are rare; a run of them is a bug


@dataclass(frozen=True)
class PackageSaleResult:
    sale_id: int
    reference: str
    total: Decimal
    change_due: Decimal
    booking_ids: tuple[int, ...]  # one per event, by event id
    ticket_ids: tuple[int, ...]


class PackageSeatUnavailable(SeatUnavailable):
    """The seat is gone in one of the events; *alternatives* are layout seats free in all."""

    def __init__(self, message: str, alternatives: tuple[int, ...]) -> None:
        super().__init__(message)
        self.alternatives = alternatives


def sell_package(
    db: Database,
    actor: Actor,
    package_id: int,
    seat_id: int,
    tenders: Sequence[Tender],
    idempotency_key: str,
    customer_id: int | None = None,
) -> PackageSaleResult:
    """Sell *seat_id* (a layout seat) in every event of the package, paid by *tenders*.

    The same *idempotency_key* again returns the first sale and charges nothing.
    """
    return _sell(db, actor, package_id, seat_id, tenders, idempotency_key, customer_id, None)


def _sell(
    db: Database,
    actor: Actor,
    package_id: int,
    seat_id: int,
    tenders: Sequence[Tender],
    idempotency_key: str,
    customer_id: int | None,
    hold_id: str | None,
) -> PackageSaleResult:
    actor.require(Permission.SELL)
    staff = inv.staff_id(actor)
    key = idempotency_key.strip()
    if not key or len(key) > 64:
        raise ValidationError(_("A sale needs an idempotency key of 1–64 characters."))
    tender_list = tuple(tenders)

    def work(s: Session) -> PackageSaleResult:
        done = existing(s, key)
        if done is not None:
            return done
        return sell_in(s, actor, staff, package_id, seat_id, tender_list, key, customer_id, hold_id)

    for _attempt in range(ATTEMPTS):
        try:
            return inv.run(db, work)
        except IntegrityError:
            done = db.run(lambda s: existing(s, key))  # the same request committed first
            if done is not None:
                return done
        except SeatUnavailable as exc:
            best = db.run(
                lambda s: inv.free_in_all(s, catalog.load(s, package_id).event_ids, utcnow())
            )
            raise PackageSeatUnavailable(
                str(exc)
                + (
                    _(" Free in every event: seat ids ") + ", ".join(map(str, best)) + "."
                    if best
                    else _(" No seat is free in every event.")
                ),
                tuple(best),
            ) from exc
    raise AssertionError("package sale references keep clashing")


def sell_in(
    s: Session,
    actor: Actor,
    staff: int,
    package_id: int,
    seat_id: int,
    tenders: tuple[Tender, ...],
    key: str,
    customer_id: int | None,
    hold_id: str | None,
) -> PackageSaleResult:
    """The sale inside the caller's transaction (renewal uses it with the subscriber's hold)."""
    actor.require(Permission.SELL)
    now = utcnow()
    package = catalog.load(s, package_id)
    events = _events(s, package.event_ids)
    for event in events:
        inv.require_on_sale(event, now)
    if customer_id is not None:
        _require_customer(s, customer_id)
    seats = inv.seat_in_events(s, seat_id, package.event_ids)
    tier = seats[0].tier_name
    if tier not in package.prices:
        raise ValidationError(
            _("{name} has no price for {tier} seats; choose another seat.").format(
                name=package.name, tier=tier
            )
        )
    total = package.prices[tier]
    shares = split(total, [seat.price for seat in seats])
    reference = new_reference()
    sale_id = int(
        catalog.new_id(
            s,
            insert(PackageSale).values(
                reference=reference,
                package_id=package_id,
                customer_id=customer_id,
                clerk_id=staff,
                seat_id=seat_id,
                status=BookingStatus.CONFIRMED.value,
                total=total,
                idempotency_key=key,
                created_at=now,
            ),
        )
    )
    booking_ids = _insert_bookings(s, actor, staff, sale_id, customer_id, seats, shares, now)
    inv.sell_across(s, seats, booking_ids, now, hold_id)
    ticket_ids = inv.issue_across(
        s,
        [
            (booking_ids[seat.event_id], seat.event_id, seat.event_seat_id, seat.tier_id, share)
            for seat, share in zip(seats, shares, strict=True)
        ],
        now,
    )
    paid = _charge(
        s, actor, [booking_ids[seat.event_id] for seat in seats], customer_id, tenders, shares, key
    )
    change = sum((p.change_due or Decimal("0.00") for p in paid), Decimal("0.00"))
    with sale_guard.void_on_failure(paid):
        audit.record(
            s,
            actor,
            "package.sell",
            "package_sale",
            sale_id,
            reference=reference,
            package_id=package_id,
            seat_id=seat_id,
            total=str(total),
        )
        for seat in seats:  # event rows last, by event id (the lock order)
            inv.publish(s, seat.event_id, [seat.event_seat_id], sold_delta=1)
        _still_on_sale(s, package.event_ids)
        if customer_id is not None:  # a walk-in has nobody to write to: no extra reads
            notifications.package_confirmed(s, sale_id)
    return PackageSaleResult(
        sale_id, reference, total, change, tuple(booking_ids.values()), tuple(ticket_ids)
    )


def _charge(
    s: Session,
    actor: Actor,
    bookings: Sequence[int],
    customer_id: int | None,
    tenders: Sequence[Tender],
    shares: Sequence[Decimal],
    key: str,
) -> list[payments.PaymentLine]:
    """Pay each booking its share with the one tender, so every booking stays paid for what its
    live ticket costs (a night cancelled alone refunds its own payment). Cash: the change is
    handed back on the last; a card: one authorisation per event, each idempotent."""
    if len(tenders) != 1:
        raise ValidationError(_("A package is paid with one payment method (cash or one card)."))
    (tender,) = tenders
    total = sum(shares, Decimal("0.00"))
    if tender.amount != total:
        raise ValidationError(
            _("The payment must be the package price ({total}).").format(total=total)
        )
    paid: list[payments.PaymentLine] = []
    with sale_guard.void_on_failure(paid):  # a later decline gives back the earlier nights
        for index, (booking_id, share) in enumerate(zip(bookings, shares, strict=True)):
            if share <= 0:
                continue
            part: Tender
            if isinstance(tender, CashTender):
                extra = tender.tendered - tender.amount if index == len(shares) - 1 else 0
                part = CashTender(share, share + extra)
            elif isinstance(tender, CardTender):
                part = replace(
                    tender, amount=share, save_to_customer=tender.save_to_customer and not paid
                )
            else:
                part = replace(tender, amount=share)
            paid += payments.charge(
                s, actor, booking_id, customer_id, [part], share, f"{key}/{index}"
            )
    return paid


def _insert_bookings(
    s: Session,
    actor: Actor,
    staff: int,
    sale_id: int,
    customer_id: int | None,
    seats: Sequence[inv.SeatInEvent],
    shares: Sequence[Decimal],
    now: datetime,
) -> dict[int, int]:
    """One booking per event carrying its share, in one statement; event id -> booking id."""
    rows = [
        dict(
            reference=new_reference(),
            event_id=seat.event_id,
            customer_id=customer_id,
            clerk_id=staff,
            desk=actor.desk[:64],
            status=BookingStatus.CONFIRMED.value,
            total=share,
            idempotency_key=f"package-{sale_id}-{seat.event_id}",
            package_sale_id=sale_id,
            created_at=now,
            updated_at=now,
        )
        for seat, share in zip(seats, shares, strict=True)
    ]
    if s.get_bind().dialect.insert_executemany_returning:  # MariaDB, SQLite: one trip
        ids = s.scalars(insert(Booking).returning(Booking.id, sort_by_parameter_order=True), rows)
        return dict(zip((seat.event_id for seat in seats), ids, strict=True))
    s.execute(insert(Booking), rows)  # pragma: no cover - MySQL without RETURNING
    return dict(  # pragma: no cover
        s.execute(
            select(Booking.event_id, Booking.id).where(Booking.package_sale_id == sale_id)
        ).all()
    )


def _still_on_sale(s: Session, event_ids: Sequence[int]) -> None:
    """SalesClosed if an event was cancelled while the sale was paid: one locking read of the
    event rows the sale already locked (:func:`boxoffice.services.sales.sale_guard.still_on_sale`
    for one event)."""
    for title, status in s.execute(
        select(Event.title, Event.status).where(Event.id.in_(list(event_ids))).with_for_update()
    ):
        if status == EventStatus.CANCELLED.value:
            raise SalesClosed(
                _(
                    "{title} was cancelled while this sale was being paid. Nothing "
                    "was sold and the card payment was cancelled."
                ).format(title=title)
            )


def existing(s: Session, key: str) -> PackageSaleResult | None:
    """The sale an earlier request with *key* made (None if none)."""
    row = s.execute(
        select(PackageSale.id, PackageSale.reference, PackageSale.total).where(
            PackageSale.idempotency_key == key
        )
    ).one_or_none()
    if row is None:
        return None
    bookings = tuple(
        s.scalars(
            select(Booking.id).where(Booking.package_sale_id == row[0]).order_by(Booking.event_id)
        )
    )
    tickets = tuple(
        s.scalars(select(Ticket.id).where(Ticket.booking_id.in_(bookings)).order_by(Ticket.id))
    )
    return PackageSaleResult(row[0], row[1], row[2], Decimal("0.00"), bookings, tickets)


def _events(s: Session, event_ids: Sequence[int]) -> list[inv.EventRow]:
    rows = s.execute(
        select(*inv.EVENT_ROW_COLUMNS).where(Event.id.in_(list(event_ids))).order_by(Event.id)
    ).all()
    if len(rows) != len(event_ids):
        raise NotFound(_("An event of this package no longer exists."))
    return [inv.EventRow(*row) for row in rows]


def _require_customer(s: Session, customer_id: int) -> None:
    erased = s.execute(
        select(Customer.erased_at).where(Customer.id == customer_id).with_for_update(read=True)
    ).one_or_none()
    if erased is None:
        raise NotFound(
            _("There is no customer with id {customer_id}; choose the customer again.").format(
                customer_id=customer_id
            )
        )
    if erased[0] is not None:
        raise ValidationError(
            _("Customer {customer_id} was erased; sell without a customer.").format(
                customer_id=customer_id
            )
        )
