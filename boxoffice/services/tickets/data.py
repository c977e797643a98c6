"""Read model for printing: one booking with its event, tickets, payments and refunds.

Only reads; used inside the caller's transaction by the PDF renderer and the e-mail outbox.
Returns frozen dataclasses, never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Booking,
    Customer,
    Event,
    Package,
    PackageSale,
    Payment,
    PriceTier,
    Refund,
    SaleAdjustment,
    Seat,
    Section,
    StaffUser,
    Ticket,
    TicketType,
    Venue,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, TicketStatus
from boxoffice.i18n import N_, _
from boxoffice.services.bookings.views import (
    BookingSummary,
    booking_head,
    booking_id_by_reference,
    booking_tickets,
    summaries,
)
from boxoffice.services.till.settings import read_settings


@dataclass(frozen=True)
class TicketView:
    id: int
    event_seat_id: int | None
    section: str
    row: str
    number: int | None
    tier: str
    price: Decimal
    status: str
    generation: int
    checked_in_at: datetime | None
    ticket_type: str = ""  # "Child"; "" when sold without types

    @property
    def kind(self) -> str:
        """The tier and, when sold as one, the ticket type: "Stalls · Child"."""
        return f"{self.tier} · {self.ticket_type}" if self.ticket_type else self.tier

    @property
    def general_admission(self) -> bool:
        return self.event_seat_id is None

    @property
    def seat_label(self) -> str:
        if self.general_admission:
            return _("General admission")
        return _("{section}, row {row}, seat {number}").format(
            section=self.section, row=self.row, number=self.number
        )

    @property
    def valid(self) -> bool:
        return self.status == TicketStatus.VALID.value


@dataclass(frozen=True)
class PaymentView:
    method: str
    amount: Decimal
    tendered: Decimal | None
    change_due: Decimal | None
    card_brand: str
    card_last4: str
    created_at: datetime


@dataclass(frozen=True)
class RefundView:
    method: str
    amount: Decimal
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class AdjustmentView:
    """A fee or tax line of the sale (concessions are already in the tickets' prices)."""

    step: str  # "fee" | "tax" | ...
    ticket_id: int | None  # None: on the whole order
    label: str
    amount: Decimal
    included: bool  # tax inside the prices
    base: Decimal | None  # tax: net amount of the rate


@dataclass(frozen=True)
class PackageNote:
    """The season ticket a booking is one event of (receipt and mails name it)."""

    reference: str
    name: str
    total: Decimal  # the whole package; the booking carries its share
    events: int  # live events of the package sale


@dataclass(frozen=True)
class BookingPrint:
    """Everything a ticket document shows."""

    id: int
    reference: str
    status: str
    total: Decimal
    created_at: datetime
    desk: str
    clerk: str
    customer_name: str
    event_id: int
    event_title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    venue_address: str
    tickets: tuple[TicketView, ...]
    payments: tuple[PaymentView, ...]
    refunds: tuple[RefundView, ...]
    adjustments: tuple[AdjustmentView, ...] = ()
    cash_currency: str = ""  # the till's: where it rounds cash (CHF), the receipt says so
    customer_language: str = ""  # the customer's documents' language; "" = the desk's
    package: PackageNote | None = None

    def ticket_price(self, ticket: TicketView) -> Decimal:
        """What the ticket itself costs: its price less the fees and added tax on it (those
        are listed on their own)."""
        extra = sum(
            (a.amount for a in self.adjustments if a.ticket_id == ticket.id and not a.included),
            Decimal("0.00"),
        )
        return ticket.price - extra

    @property
    def valid_tickets(self) -> tuple[TicketView, ...]:
        return tuple(t for t in self.tickets if t.valid)

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), Decimal("0.00"))


def booking_id_for(session: Session, reference: str) -> int:
    """The id of the booking with *reference* (typed loosely), or NotFound."""
    return booking_id_by_reference(session, reference, blank=N_("Enter a booking reference."))


def load_booking(session: Session, booking_id: int) -> BookingPrint:
    """The booking as printed, read in the caller's transaction."""
    booking, event, venue, customer_name, customer_language, clerk_full, clerk_user = booking_head(
        session,
        booking_id,
        Booking,
        Event,
        Venue,
        Customer.name,
        Customer.language,
        StaffUser.full_name,
        StaffUser.username,
    )
    ticket_rows = session.execute(
        booking_tickets(
            booking_id,
            Ticket,
            PriceTier.name,
            Section.name,
            Seat.row_label,
            Seat.number,
            TicketType.name,
        ).order_by(Section.name, Seat.row_index, Seat.number, Ticket.id)
    ).all()
    tickets = tuple(
        TicketView(
            id=t.id,
            event_seat_id=t.event_seat_id,
            section=section or "",
            row=row or "",
            number=number,
            tier=tier,
            price=t.price,
            status=t.status,
            generation=t.code_generation,
            checked_in_at=t.checked_in_at,
            ticket_type=kind or "",
        )
        for t, tier, section, row, number, kind in ticket_rows
    )
    payments = tuple(
        PaymentView(
            p.method, p.amount, p.tendered, p.change_due, p.card_brand, p.card_last4, p.created_at
        )
        for p in session.scalars(
            select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id)
        )
    )
    refunds = tuple(
        RefundView(r.method, r.amount, r.reason, r.created_at)
        for r in session.scalars(
            select(Refund).where(Refund.booking_id == booking_id).order_by(Refund.id)
        )
    )
    adjustments = tuple(
        AdjustmentView(*row)
        for row in session.execute(
            select(
                SaleAdjustment.step,
                SaleAdjustment.ticket_id,
                SaleAdjustment.label,
                SaleAdjustment.amount,
                SaleAdjustment.included,
                SaleAdjustment.base,
            )
            .where(SaleAdjustment.booking_id == booking_id, SaleAdjustment.step.in_(("fee", "tax")))
            .order_by(SaleAdjustment.id)
        )
    )
    return BookingPrint(
        id=booking.id,
        reference=booking.reference,
        status=booking.status,
        total=booking.total,
        created_at=booking.created_at,
        desk=booking.desk,
        clerk=clerk_full or clerk_user,
        customer_name=customer_name or "",
        event_id=event.id,
        event_title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=venue.name,
        venue_address=venue.address,
        tickets=tickets,
        payments=payments,
        refunds=refunds,
        adjustments=adjustments,
        cash_currency=read_settings(session).currency,
        customer_language=customer_language or "",
        package=_package_note(session, booking.package_sale_id),
    )


def _package_note(session: Session, sale_id: int | None) -> PackageNote | None:
    if sale_id is None:
        return None
    row = session.execute(
        select(PackageSale.reference, Package.name, PackageSale.total)
        .join(Package, Package.id == PackageSale.package_id)
        .where(PackageSale.id == sale_id)
    ).one()
    events = session.scalar(
        select(func.count()).where(
            Booking.package_sale_id == sale_id,
            Booking.status != BookingStatus.CANCELLED.value,
        )
    )
    return PackageNote(row[0], row[1], row[2], int(events or 0))


def get_booking_print(db: Database, actor: Actor, reference: str) -> BookingPrint:
    """The printable view of a booking (clerks reprint tickets, so SELL suffices)."""
    actor.require(Permission.SELL)
    return db.run(lambda s: load_booking(s, booking_id_for(s, reference)))


def recent_bookings(db: Database, actor: Actor, limit: int = 20) -> list[BookingSummary]:
    """The newest bookings first, counting all their tickets (for ``boxoffice booking list``)."""
    actor.require(Permission.SELL)
    if not 1 <= limit <= 10_000:
        raise ValidationError(_("The limit must be between 1 and 10000."))
    return db.run(lambda s: summaries(s, [], 0, limit))
