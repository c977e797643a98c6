"""All tables of the data model; import from here."""

from boxoffice.db.models.base import Base
from boxoffice.db.models.booking import Booking, Payment, Refund, Ticket
from boxoffice.db.models.customer import Customer, SavedCard
from boxoffice.db.models.discount import DiscountCode, DiscountCodeCustomer, DiscountRedemption
from boxoffice.db.models.door import DoorScan
from boxoffice.db.models.event import Event, EventSeat, Hold, PriceTier, TierZone
from boxoffice.db.models.outbox import OutboxEmail, Setting
from boxoffice.db.models.request import RequestDone
from boxoffice.db.models.staff import AuditLog, StaffUser
from boxoffice.db.models.venue import Seat, SeatLayout, Section, Venue
from boxoffice.db.models.voucher import GiftVoucher, VoucherMovement

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
    "EventSeat",
    "GiftVoucher",
    "Hold",
    "OutboxEmail",
    "Payment",
    "PriceTier",
    "Refund",
    "RequestDone",
    "SavedCard",
    "Seat",
    "SeatLayout",
    "Section",
    "Setting",
    "StaffUser",
    "Ticket",
    "TierZone",
    "Venue",
    "VoucherMovement",
]
