"""Demo data: venues with seat layouts, a dozen upcoming events, staff, customers, bookings.

Deterministic for a given ``now`` and seed. Demo staff passwords are the documented
``<role>-demo`` (e.g. ``clerk`` / ``clerk-demo``): a demo database is never a production one.
"""

from __future__ import annotations

import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import (
    Booking,
    Customer,
    Event,
    EventSeat,
    Payment,
    PriceTier,
    Refund,
    Seat,
    SeatLayout,
    Section,
    StaffUser,
    Ticket,
    TicketType,
    TierZone,
    Venue,
)
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.layout import SectionSpec, seat_spots
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.domain.reference import new_reference
from boxoffice.domain.roles import Role
from boxoffice.domain.status import BookingStatus, SeatStatus, TicketStatus
from boxoffice.services import demo_house, demo_offers
from boxoffice.services.events.pricing_setup import (
    FeeSetup,
    PricingSetup,
    standard_types,
    write_rules,
)
from boxoffice.services.people.staff import add_user_in

DEMO_STAFF = [
    ("clerk", "Carla Clerk", Role.CLERK),
    ("clerk2", "Colin Counter", Role.CLERK),
    ("manager", "Maya Manager", Role.MANAGER),
    ("admin", "Ada Admin", Role.ADMIN),
]


def demo_password(username: str) -> str:
    return f"{username}-demo"


@dataclass(frozen=True)
class TierSpec:
    name: str
    price: str
    colour: str
    sections: tuple[str, ...]  # empty = every section not taken by a better tier


THEATRE = [
    SectionSpec("Stalls", rows=10, seats_per_row=14, origin_y=2, curve=0.6),
    SectionSpec("Circle", rows=4, seats_per_row=16, origin_y=17, curve=0.6, first_row=10),
]  # 204 seats
ARENA_SIDE = 25  # rows per side block


def _arena() -> list[SectionSpec]:
    """About 5,000 seats: a floor, two long sides and two ends around a central stage."""
    return [
        SectionSpec("Floor", rows=20, seats_per_row=40, origin_y=8),
        SectionSpec("North", rows=ARENA_SIDE, seats_per_row=60, origin_y=32),
        SectionSpec(
            "East", rows=ARENA_SIDE, seats_per_row=40, origin_x=42, origin_y=18, rotation=-90
        ),
        SectionSpec(
            "West",
            rows=ARENA_SIDE,
            seats_per_row=40,
            origin_x=-42,
            origin_y=18,
            rotation=90,
            numbering="rtl",
        ),
        SectionSpec("South", rows=15, seats_per_row=40, origin_y=-6, rotation=180),
    ]


THEATRE_TIERS = [
    TierSpec("Premium", "65.00", "#e15759", ("Stalls:A-D",)),
    TierSpec("Standard", "45.00", "#4e79a7", ("Stalls",)),
    TierSpec("Circle", "30.00", "#59a14f", ("Circle",)),
]
ARENA_TIERS = [
    TierSpec("Floor", "120.00", "#e15759", ("Floor",)),
    TierSpec("Lower tier", "85.00", "#f28e2b", ("North:A-K", "East:A-K", "West:A-K")),
    TierSpec("Upper tier", "55.00", "#4e79a7", ("North", "East", "West")),
    TierSpec("Behind stage", "35.00", "#76b7b2", ("South",)),
]

EVENTS = [
    # title, venue, days ahead, hour, duration h, description, genre
    (
        "Hamlet",
        "Royal Court Theatre",
        3,
        19,
        3,
        "Shakespeare's tragedy in a new staging.",
        "Theatre",
    ),
    (
        "The Nutcracker",
        "Royal Court Theatre",
        8,
        18,
        2,
        "The winter ballet, with live orchestra.",
        "Dance",
    ),
    (
        "Stand-up Night",
        "Royal Court Theatre",
        12,
        20,
        2,
        "Five comedians, one microphone.",
        "Comedy",
    ),
    ("A Christmas Carol", "Royal Court Theatre", 21, 15, 2, "Family matinee.", "Family"),
    (
        "Chamber Music Evening",
        "Royal Court Theatre",
        35,
        19,
        2,
        "Haydn, Ravel, Shostakovich.",
        "Classical",
    ),
    ("Jazz at the Court", "Royal Court Theatre", 48, 20, 3, "Big band and guests.", "Concert"),
    ("Polar Lights Tour", "Riverside Arena", 6, 20, 3, "Stadium pop, full production.", "Concert"),
    ("Ice Hockey Final", "Riverside Arena", 15, 18, 3, "The championship decider.", "Sport"),
    (
        "Symphony of Games",
        "Riverside Arena",
        29,
        19,
        3,
        "Video game music, 80-piece orchestra.",
        "Concert",
    ),
    ("Rock Legends", "Riverside Arena", 60, 20, 4, "Three headliners.", "Concert"),
    ("Indie Showcase", "The Cellar Club", 4, 21, 4, "Standing only, general admission.", "Concert"),
    ("Techno Marathon", "The Cellar Club", 18, 22, 6, "General admission, 18+.", "Club night"),
]

CUSTOMERS = [
    ("Alice Martin", "alice@example.com", "+44 20 7946 0001", True),
    ("Bruno Costa", "bruno@example.com", "+44 20 7946 0002", False),
    ("Chiara Rossi", "chiara@example.com", "+44 20 7946 0003", True),
    ("Dmitri Ivanov", "dmitri@example.com", "+44 20 7946 0004", False),
    ("Emma Schulz", "emma@example.com", "+44 20 7946 0005", True),
    ("Farah Haddad", "farah@example.com", "+44 20 7946 0006", False),
    ("Gustav Berg", "gustav@example.com", "+44 20 7946 0007", True),
    ("Hana Sato", "hana@example.com", "+44 20 7946 0008", False),
    ("Ivo Novak", "ivo@example.com", "+44 20 7946 0009", True),
    ("Jade Dubois", "jade@example.com", "+44 20 7946 0010", False),
]


def _covers(zone: str, section: str, row_label: str, row_index: int, order: list[str]) -> bool:
    name, _, rows = zone.partition(":")
    if name != section:
        return False
    if not rows:
        return True
    first, _, last = rows.partition("-")
    return order.index(first) <= row_index <= order.index(last or first)


def _layout(
    session: Session,
    venue: Venue,
    specs: list[SectionSpec],
    stage: tuple[float, float, float, float],
) -> tuple[SeatLayout, list[Seat]]:
    x, y, w, h = stage  # centre and size
    layout = SeatLayout(venue=venue, name="Standard", stage_x=x, stage_y=y, stage_w=w, stage_h=h)
    session.add(layout)
    session.flush()
    rows: list[dict[str, object]] = []
    for spec in specs:
        section = Section(
            layout_id=layout.id,
            name=spec.name,
            row_count=spec.rows,
            seats_per_row=spec.seats_per_row,
            origin_x=spec.origin_x,
            origin_y=spec.origin_y,
            rotation=spec.rotation,
            curve=spec.curve,
            row_labels=spec.row_labels,
            numbering=spec.numbering,
        )
        session.add(section)
        session.flush()
        for spot in seat_spots(spec):
            rows.append(
                dict(
                    layout_id=layout.id,
                    section_id=section.id,
                    row_label=spot.row_label,
                    row_index=spot.row_index + spec.first_row,
                    number=spot.number,
                    x=spot.x,
                    y=spot.y,
                    accessible=spot.row_index == 0 and spot.number in (1, spec.seats_per_row),
                    restricted_view=False,
                    blocked=False,
                )
            )
    session.execute(insert(Seat), rows)
    seats = list(session.scalars(select(Seat).where(Seat.layout_id == layout.id).order_by(Seat.id)))
    return layout, seats


def load_demo(
    session: Session, now: datetime | None = None, seed: int = 7, password_rounds: int = 12
) -> None:
    """Fill an empty, migrated database with the demo data set."""
    now = (now or utcnow()).replace(minute=0, second=0, microsecond=0)
    rng = random.Random(seed)
    ref_rng = random.Random(seed + 1)
    staff = {
        name: add_user_in(
            session,
            SYSTEM,
            name,
            role,
            demo_password(name),
            full,
            rounds=password_rounds,
            demo=True,
        )
        for name, full, role in DEMO_STAFF
    }

    theatre = Venue(name="Royal Court Theatre", address="Sloane Square, London")
    arena = Venue(name="Riverside Arena", address="1 Riverside Way, London")
    club = Venue(name="The Cellar Club", address="12 Basement Lane, London")
    session.add_all([theatre, arena, club])
    session.flush()
    layouts = {
        theatre.name: _layout(session, theatre, THEATRE, (0.0, -2.5, 16.0, 3.0)),
        arena.name: _layout(session, arena, _arena(), (0.0, 1.0, 24.0, 8.0)),
    }
    sections = {s.id: s for s in session.scalars(select(Section))}
    venues = {v.name: v for v in (theatre, arena, club)}

    customers = []
    for name, email, phone, opt_in in CUSTOMERS:
        c = Customer(
            name=name,
            email=email,
            phone=phone,
            marketing_opt_in=opt_in,
            marketing_consent_at=(now - timedelta(days=40)) if opt_in else None,
            marketing_consent_source="demo data" if opt_in else "",
            unsubscribe_token=secrets.token_urlsafe(32),
            created_at=now - timedelta(days=40),
        )
        session.add(c)
        customers.append(c)
    session.flush()

    for title, venue_name, days, hour, hours, description, genre in EVENTS:
        venue = venues[venue_name]
        starts = (now + timedelta(days=days)).replace(hour=hour)
        seated = venue_name in layouts
        event = Event(
            title=title,
            description=description,
            category=genre,
            venue_id=venue.id,
            layout_id=layouts[venue_name][0].id if seated else None,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            sales_open_at=now - timedelta(days=30),
            sales_close_at=starts,
            status="scheduled",
            ga_capacity=None if seated else 400,
            created_at=now - timedelta(days=31),
            updated_at=now - timedelta(days=31),
        )
        session.add(event)
        session.flush()
        if seated:
            _seated_event(
                session,
                rng,
                ref_rng,
                event,
                layouts[venue_name][1],
                sections,
                THEATRE_TIERS if venue is theatre else ARENA_TIERS,
                staff,
                customers,
                now,
            )
        else:
            _ga_event(session, rng, ref_rng, event, staff, customers, now)
        _pricing(session, event)
    demo_offers.add_offers(session, staff, now, ref_rng)
    session.flush()
    demo_house.add_house(session, staff, customers, now)


# Booking fees of some demo events (the others have none): (name, per, amount, refundable).
DEMO_FEES = {
    "A Christmas Carol": [("Booking fee", FeePer.TICKET, "1.50", False)],
    "Symphony of Games": [("Handling", FeePer.ORDER, "2.50", True)],
}


def _pricing(session: Session, event: Event) -> None:
    """Ticket types on every event, VAT (inside the prices, so totals stay the tier prices) and
    a fee on some; the made-up past tickets were all sold as Adult."""
    tiers = list(session.scalars(select(PriceTier.id).where(PriceTier.event_id == event.id)))
    fees = tuple(
        FeeSetup(name, per, Decimal(amount), refundable)
        for name, per, amount, refundable in DEMO_FEES.get(event.title, [])
    )
    setup = PricingSetup(
        types=standard_types(tiers), fees=fees, tax_name="VAT 20%", tax_percent=Decimal("20.00")
    )
    write_rules(session, event.id, setup)
    adult = session.scalar(
        select(TicketType.id).where(TicketType.event_id == event.id, TicketType.is_default)
    )
    session.execute(update(Ticket).where(Ticket.event_id == event.id).values(ticket_type_id=adult))


def _seated_event(
    session: Session,
    rng: random.Random,
    ref_rng: random.Random,
    event: Event,
    seats: list[Seat],
    sections: dict[int, Section],
    tier_specs: list[TierSpec],
    staff: dict[str, StaffUser],
    customers: list[Customer],
    now: datetime,
) -> None:
    tiers = []
    for order, spec in enumerate(tier_specs):
        tier = PriceTier(
            event_id=event.id,
            name=spec.name,
            price=Decimal(spec.price),
            colour=spec.colour,
            sort_order=order,
            ga_capacity=0,
            ga_sold=0,
        )
        session.add(tier)
        tiers.append(tier)
    session.flush()
    by_name = {s.name: s for s in sections.values() if s.layout_id == event.layout_id}
    for tier, spec in zip(tiers, tier_specs, strict=True):
        for zone in spec.sections:
            name, _, row_spec = zone.partition(":")
            session.add(TierZone(tier_id=tier.id, section_id=by_name[name].id, row_spec=row_spec))
    label_order: dict[int, list[str]] = {}
    for seat in seats:
        label_order.setdefault(seat.section_id, [])
        if seat.row_label not in label_order[seat.section_id]:
            label_order[seat.section_id].append(seat.row_label)
    rows = []
    for seat in seats:
        section = sections[seat.section_id].name
        labels = label_order[seat.section_id]
        tier = next(
            t
            for t, spec in zip(tiers, tier_specs, strict=True)
            if any(
                _covers(z, section, seat.row_label, labels.index(seat.row_label), labels)
                for z in spec.sections
            )
        )
        rows.append(
            dict(
                event_id=event.id,
                seat_id=seat.id,
                tier_id=tier.id,
                status=SeatStatus.AVAILABLE.value,
                version=0,
            )
        )
    session.execute(insert(EventSeat), rows)
    event.capacity = len(rows)
    event.min_price = min(t.price for t in tiers)
    event.max_price = max(t.price for t in tiers)

    # Some confirmed and some cancelled bookings of 1–6 adjacent seats.
    event_seats = list(
        session.scalars(
            select(EventSeat).where(EventSeat.event_id == event.id).order_by(EventSeat.seat_id)
        )
    )
    tier_price = {t.id: t.price for t in tiers}
    sold = 0
    cursor = rng.randrange(0, 40)
    for _ in range(rng.randint(6, 14)):
        size = rng.randint(1, 6)
        chosen = event_seats[cursor : cursor + size]
        cursor += size + rng.randint(2, 60)
        if len(chosen) < size:
            break
        cancelled = rng.random() < 0.2
        booking = _booking(
            session,
            ref_rng,
            event,
            rng.choice(customers),
            rng,
            staff,
            now,
            [(es.id, es.tier_id, tier_price[es.tier_id]) for es in chosen],
            cancelled,
        )
        if not cancelled:
            session.execute(
                update(EventSeat)
                .where(EventSeat.id.in_([es.id for es in chosen]))
                .values(status=SeatStatus.SOLD.value, booking_id=booking.id)
            )
            sold += len(chosen)
    event.sold_count = sold


def _ga_event(
    session: Session,
    rng: random.Random,
    ref_rng: random.Random,
    event: Event,
    staff: dict[str, StaffUser],
    customers: list[Customer],
    now: datetime,
) -> None:
    standing = PriceTier(
        event_id=event.id,
        name="Standing",
        price=Decimal("22.00"),
        colour="#b07aa1",
        sort_order=0,
        ga_capacity=350,
        ga_sold=0,
    )
    early = PriceTier(
        event_id=event.id,
        name="Early bird",
        price=Decimal("15.00"),
        colour="#edc948",
        sort_order=1,
        ga_capacity=50,
        ga_sold=0,
    )
    session.add_all([standing, early])
    session.flush()
    event.capacity = 400
    event.min_price, event.max_price = early.price, standing.price
    sold = 0
    for _ in range(8):
        tier = rng.choice([standing, early])
        qty = rng.randint(1, 4)
        cancelled = rng.random() < 0.2
        _booking(
            session,
            ref_rng,
            event,
            rng.choice(customers),
            rng,
            staff,
            now,
            [(None, tier.id, tier.price)] * qty,
            cancelled,
        )
        if not cancelled:
            tier.ga_sold += qty
            sold += qty
    event.sold_count = sold


def _booking(
    session: Session,
    ref_rng: random.Random,
    event: Event,
    customer: Customer,
    rng: random.Random,
    staff: dict[str, StaffUser],
    now: datetime,
    lines: list[tuple[int | None, int, Decimal]],
    cancelled: bool,
) -> Booking:
    clerk = staff[rng.choice(["clerk", "clerk2"])]
    at = now - timedelta(
        days=rng.randint(0, 25), hours=rng.randint(0, 8), minutes=rng.randint(0, 59)
    )
    total = sum((price for _, _, price in lines), Decimal("0.00"))
    booking = Booking(
        reference=new_reference(ref_rng),
        event_id=event.id,
        customer_id=customer.id,
        clerk_id=clerk.id,
        desk="demo-desk",
        status=(BookingStatus.CANCELLED if cancelled else BookingStatus.CONFIRMED).value,
        total=total,
        idempotency_key=str(uuid.UUID(int=ref_rng.getrandbits(128))),
        created_at=at,
        updated_at=at,
    )
    session.add(booking)
    session.flush()
    method = rng.choice(["cash", "card"])
    payment = Payment(
        booking_id=booking.id,
        method=method,
        amount=total,
        tendered=total if method == "cash" else None,
        change_due=Decimal("0.00") if method == "cash" else None,
        card_brand="visa" if method == "card" else "",
        card_last4="4242" if method == "card" else "",
        gateway_ref=f"demo-{booking.reference}" if method == "card" else "",
        clerk_id=clerk.id,
        created_at=at,
    )
    session.add(payment)
    session.flush()
    status = TicketStatus.CANCELLED if cancelled else TicketStatus.VALID
    for seat_id, tier_id, price in lines:
        session.add(
            Ticket(
                booking_id=booking.id,
                event_id=event.id,
                event_seat_id=seat_id,
                tier_id=tier_id,
                price=price,
                status=status.value,
                code_generation=1,
                issued_at=at,
                cancelled_at=at + timedelta(hours=2) if cancelled else None,
            )
        )
    if cancelled:
        session.add(
            Refund(
                booking_id=booking.id,
                payment_id=payment.id,
                method=method,
                amount=total,
                reason="Customer request",
                clerk_id=clerk.id,
                created_at=at + timedelta(hours=2),
            )
        )
    return booking
