"""All tables of the data model; import from here."""

from boxoffice.db.models.base import Base
from boxoffice.db.models.booking import Booking, Payment, Refund, Ticket
from boxoffice.db.models.customer import Customer, SavedCard
from boxoffice.db.models.discount import DiscountCode, DiscountCodeCustomer, DiscountRedemption
from boxoffice.db.models.door import DoorScan
from boxoffice.db.models.event import (
    Event,
    EventSeat,
    EventSeries,
    Hold,
    PriceTier,
    TierZone,
)
from boxoffice.db.models.house import HoldType, HouseHold
from boxoffice.db.models.outbox import OutboxEmail, Setting
from boxoffice.db.models.package import Package, PackageEvent, PackagePrice, PackageSale
from boxoffice.db.models.pricing import (
    EventFee,
    EventTax,
    HeldTicketType,
    SaleAdjustment,
    TaxRate,
    TicketType,
    TicketTypePrice,
)
from boxoffice.db.models.report import ReportCoverage, ReportMoneyDay, ReportTicketDay
from boxoffice.db.models.request import RequestDone
from boxoffice.db.models.staff import AuditLog, StaffUser
from boxoffice.db.models.till import TillMovement, TillSession
from boxoffice.db.models.venue import Seat, SeatLayout, Section, Venue
from boxoffice.db.models.voucher import GiftVoucher, VoucherMovement, VoucherPayment
from boxoffice.db.models.waitlist import WaitlistEntry

__all__ = [
    "AuditLog",
    "Base",
    "Booking",
    "Customer",
    "DiscountCode",
    "DiscountCodeCustomer",
    "DiscountRedemption",
    "DoorScan",
    "Event",
    "EventFee",
    "EventSeat",
    "EventSeries",
    "EventTax",
    "GiftVoucher",
    "HeldTicketType",
    "Hold",
    "HoldType",
    "HouseHold",
    "OutboxEmail",
    "Package",
    "PackageEvent",
    "PackagePrice",
    "PackageSale",
    "Payment",
    "PriceTier",
    "Refund",
    "ReportCoverage",
    "ReportMoneyDay",
    "ReportTicketDay",
    "RequestDone",
    "SaleAdjustment",
    "SavedCard",
    "Seat",
    "SeatLayout",
    "Section",
    "Setting",
    "StaffUser",
    "TaxRate",
    "Ticket",
    "TicketType",
    "TicketTypePrice",
    "TierZone",
    "TillMovement",
    "TillSession",
    "Venue",
    "VoucherMovement",
    "VoucherPayment",
    "WaitlistEntry",
]
