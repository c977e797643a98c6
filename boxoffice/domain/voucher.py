"""Gift vouchers: the kinds of balance movement."""

from __future__ import annotations

from enum import StrEnum


class VoucherMovementKind(StrEnum):
    ISSUE = "issue"  # sold at the desk: + value
    REDEEM = "redeem"  # paid for a booking: - amount
    REFUND = "refund"  # a refund of a voucher payment put back: + amount
