"""What the desk sees of a till session (plain values, no rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from boxoffice.domain.till import TillStatus

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Totals:
    """Cash moved in one session, by kind (all positive)."""

    sales: Decimal = ZERO
    refunds: Decimal = ZERO
    pay_ins: Decimal = ZERO
    pay_outs: Decimal = ZERO
    rounding: Decimal = ZERO  # signed: what cash rounding (CHF 0.05) left in the drawer
    voucher_sales: Decimal = ZERO  # gift vouchers sold for cash (not ticket sales)

    def net(self) -> Decimal:
        return (
            self.sales
            - self.refunds
            + self.pay_ins
            - self.pay_outs
            + self.rounding
            + self.voucher_sales
        )


@dataclass(frozen=True)
class MovementView:
    kind: str
    amount: Decimal
    reason: str
    booking_reference: str
    clerk: str
    at: datetime


@dataclass(frozen=True)
class TillSessionView:
    id: int
    desk: str
    clerk: str
    currency: str
    status: TillStatus
    opened_at: datetime
    float_amount: Decimal
    totals: Totals
    float_counts: dict[Decimal, int] = field(default_factory=dict)
    counted_counts: dict[Decimal, int] = field(default_factory=dict)
    closed_at: datetime | None = None
    closed_by: str = ""
    manager: str = ""
    counted: Decimal | None = None
    variance: Decimal | None = None
    variance_reason: str = ""
    movements: tuple[MovementView, ...] = ()

    @property
    def expected(self) -> Decimal:
        """Cash that should be in the drawer: the float plus what moved since."""
        return self.float_amount + self.totals.net()
