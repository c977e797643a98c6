"""End-of-shift report: what each clerk took and gave back, and the cash the drawer should hold.

Expected cash in the drawer = cash taken (what customers handed over) − change given − cash
refunded. Managers see every clerk; a clerk may run the report for their own shift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Payment, StaffUser, Ticket, VoucherPayment
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import as_utc
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.i18n import _
from boxoffice.services.reports.figures import ZERO, by_method, money_sum
from boxoffice.services.reports.methods import method_order
from boxoffice.services.reports.sales import MethodRow

CASH = PaymentMethodKind.CASH.value


@dataclass(frozen=True)
class ShiftLine(MethodRow):
    """One payment method of one clerk's shift: the method's figures plus the cash handed over."""

    tendered: Decimal  # handed over by customers (cash; equals paid for cards)
    change: Decimal  # given back as change (cash)

    @property
    def taken(self) -> Decimal:
        """Applied to bookings (the payments' amounts)."""
        return self.paid


@dataclass(frozen=True)
class ShiftReport:
    clerk_id: int
    username: str
    full_name: str
    start: datetime
    end: datetime
    bookings: int
    tickets: int
    lines: tuple[ShiftLine, ...]
    # Gift vouchers sold, per method: money taken (cash in the drawer) that is not ticket
    # revenue. A voucher spent on a booking is its own method line ("voucher"), never cash.
    voucher_lines: tuple[ShiftLine, ...] = ()

    def _cash(self) -> ShiftLine | None:
        return next((line for line in self.lines if line.method == CASH), None)

    def _voucher_cash(self) -> ShiftLine | None:
        return next((line for line in self.voucher_lines if line.method == CASH), None)

    @property
    def cash_taken(self) -> Decimal:
        """Handed over by customers, for bookings and for gift vouchers."""
        cash, vouchers = self._cash(), self._voucher_cash()
        return (cash.tendered if cash else ZERO) + (vouchers.tendered if vouchers else ZERO)

    @property
    def change_given(self) -> Decimal:
        cash, vouchers = self._cash(), self._voucher_cash()
        return (cash.change if cash else ZERO) + (vouchers.change if vouchers else ZERO)

    @property
    def vouchers_sold(self) -> Decimal:
        """Taken for gift vouchers, every method."""
        return sum((line.paid for line in self.voucher_lines), ZERO)

    @property
    def cash_refunded(self) -> Decimal:
        cash = self._cash()
        return cash.refunded if cash else ZERO

    @property
    def expected_cash(self) -> Decimal:
        """Cash taken − change − cash refunds: what should be in the drawer beyond the float."""
        return self.cash_taken - self.change_given - self.cash_refunded

    @property
    def net(self) -> Decimal:
        """Bookings' takings less refunds (gift vouchers sold are not in it)."""
        return sum((line.net for line in self.lines), ZERO)


@dataclass(frozen=True)
class ClerkOption:
    id: int
    username: str
    full_name: str
    role: str
    active: bool

    @property
    def label(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username


def _check(actor: Actor, clerk_id: int | None, start: datetime, end: datetime) -> None:
    if clerk_id is None or clerk_id != actor.user_id:
        actor.require(Permission.VIEW_REPORTS)
    else:
        actor.require(Permission.SELL)  # a clerk's own end-of-shift
    if as_utc(end) <= as_utc(start):
        raise ValidationError(_("The shift ends before it starts."))


def _by_clerk(session: Session, stmt: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in session.execute(stmt):
        out.setdefault(row[0], []).append(row[1:])
    return out


def shifts_in(
    session: Session, start: datetime, end: datetime, clerk_id: int | None
) -> list[ShiftReport]:
    """Per clerk with activity in [start, end) (or just *clerk_id*): five GROUP BY queries."""
    start, end = as_utc(start), as_utc(end)

    def of_clerk(stmt: Any, table: Any) -> Any:
        return stmt if clerk_id is None else stmt.where(table.clerk_id == clerk_id)

    def scoped(stmt: Any, table: Any, at: Any) -> Any:
        return of_clerk(stmt.where(at >= start, at < end), table)

    methods = by_method(
        session,
        start,
        end,
        of_clerk,
        per_clerk=True,
        payment_sums=(
            money_sum(func.coalesce(Payment.tendered, Payment.amount)),
            money_sum(func.coalesce(Payment.change_due, 0)),
        ),
    )
    bookings = _by_clerk(
        session,
        scoped(select(Booking.clerk_id, func.count()), Booking, Booking.created_at).group_by(
            Booking.clerk_id
        ),
    )
    tickets = _by_clerk(
        session,
        scoped(
            select(Booking.clerk_id, func.count())
            .select_from(Ticket)
            .join(Booking, Booking.id == Ticket.booking_id),
            Booking,
            Ticket.issued_at,
        ).group_by(Booking.clerk_id),
    )
    sold = _by_clerk(
        session,
        scoped(
            select(
                VoucherPayment.clerk_id,
                VoucherPayment.method,
                func.count(),
                money_sum(VoucherPayment.amount),
                money_sum(func.coalesce(VoucherPayment.tendered, VoucherPayment.amount)),
                money_sum(func.coalesce(VoucherPayment.change_due, 0)),
            ),
            VoucherPayment,
            VoucherPayment.created_at,
        ).group_by(VoucherPayment.clerk_id, VoucherPayment.method),
    )
    ids = set(methods) | set(bookings) | set(tickets) | set(sold)
    if clerk_id is not None:
        ids = {clerk_id}
    if not ids:
        return []
    users = {
        row[0]: row[1:]
        for row in session.execute(
            select(StaffUser.id, StaffUser.username, StaffUser.full_name).where(
                StaffUser.id.in_(ids)
            )
        )
    }
    if clerk_id is not None and clerk_id not in users:
        raise NotFound(_("No staff user with id {clerk_id}.").format(clerk_id=clerk_id))
    reports = []
    for uid in sorted(ids, key=lambda i: users[i][0]):
        reports.append(
            ShiftReport(
                clerk_id=uid,
                username=users[uid][0],
                full_name=users[uid][1],
                start=start,
                end=end,
                bookings=int(bookings.get(uid, [(0,)])[0][0]),
                tickets=int(tickets.get(uid, [(0,)])[0][0]),
                lines=tuple(ShiftLine(m, *v) for m, v in methods.get(uid, [])),
                voucher_lines=tuple(
                    ShiftLine(m, n, paid, 0, ZERO, tendered, change)
                    for m, n, paid, tendered, change in sorted(
                        sold.get(uid, []), key=lambda row: method_order(row[0])
                    )
                ),
            )
        )
    return reports


def shift_report(
    db: Database, actor: Actor, clerk_id: int, start: datetime, end: datetime
) -> ShiftReport:
    """One clerk's takings, refunds and expected cash between *start* and *end* (UTC)."""
    _check(actor, clerk_id, start, end)
    return db.run(lambda s: shifts_in(s, start, end, clerk_id)[0])


def shift_reports(db: Database, actor: Actor, start: datetime, end: datetime) -> list[ShiftReport]:
    """An end-of-shift report for every clerk who sold or refunded between *start* and *end*."""
    _check(actor, None, start, end)
    return db.run(lambda s: shifts_in(s, start, end, None))


def shift_clerks(db: Database, actor: Actor) -> list[ClerkOption]:
    """Staff who can sell, for the end-of-shift clerk selector (managers and admins)."""
    actor.require(Permission.VIEW_REPORTS)
    return db.run(
        lambda s: [
            ClerkOption(*row)
            for row in s.execute(
                select(
                    StaffUser.id,
                    StaffUser.username,
                    StaffUser.full_name,
                    StaffUser.role,
                    StaffUser.active,
                ).order_by(StaffUser.username)
            )
        ]
    )
