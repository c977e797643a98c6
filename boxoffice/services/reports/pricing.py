"""Report rows of sales split by ticket type, and of the fees and tax taken, per period
(summed in :mod:`.figures`).

Types follow the ticket conventions of :mod:`.sales` (sold on the day issued, cancelled on the
day cancelled). Fees and tax are those of the sales made in the period, as priced
(``sale_adjustment``): tax per rate with its net and gross; included tax is inside the prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TypeRow:
    name: str  # the ticket type ("Child"), all events' types of that name together
    tickets_sold: int
    tickets_cancelled: int
    gross: Decimal
    cancelled: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.cancelled


@dataclass(frozen=True)
class FeeRow:
    name: str
    count: int  # fee lines charged (per ticket: one per ticket)
    amount: Decimal


@dataclass(frozen=True)
class TaxRow:
    rate: str  # "VAT 20%"
    included: bool  # inside the prices (True) or added to them
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax
