"""Sixteen desks (threads, real MariaDB) spend from one voucher at once: it pays exactly as many
sales as its balance covers, never goes below zero, and the ledger matches the balance."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, GiftVoucher, Payment, VoucherMovement
from boxoffice.domain.errors import PaymentError
from boxoffice.domain.tender import CashTender, Tender, VoucherTender
from boxoffice.services.sales import holds, vouchers
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import make_seated_event, make_staff

DESKS = 16
PART = Decimal("10.00")  # each desk pays 10.00 of its 30.00 seat with the voucher
COVERS = 5


@pytest.mark.mysql
def test_desks_spending_one_voucher_never_take_it_below_zero(mysql_url: str) -> None:
    from tests.conftest import _empty_tables

    db = Database(mysql_url)
    try:
        _empty_tables(db)
        _race(db)
    finally:
        db.dispose()


def _race(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db, rows=4, per_row=8, tiers=(("All", "30.00", 99),))
    voucher = vouchers.issue_voucher(db, staff.manager, PART * COVERS)
    seats = sorted(ev.seats.values())[:DESKS]
    held = [holds.hold_seats(db, staff.clerk, ev.id, [seat]) for seat in seats]
    barrier = threading.Barrier(DESKS)
    paid: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def desk(i: int) -> None:
        hold = held[i]
        rest = hold.total - PART
        tenders: list[Tender] = [VoucherTender(PART, voucher.code), CashTender(rest, rest)]
        barrier.wait()
        try:
            paid.append(
                checkout.checkout(db, staff.clerk, hold.hold_id, tenders, f"v-{i}").reference
            )
        except PaymentError as exc:
            refused.append(exc.message)
        except BaseException as exc:  # collected: the assertion names it
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(DESKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(paid) == COVERS and len(refused) == DESKS - COVERS
    assert all("has only €0.00 left" in why for why in refused)
    balance, moved, by_voucher, bookings = db.run(
        lambda s: (
            s.scalar(select(GiftVoucher.balance)),
            s.scalar(select(func.sum(VoucherMovement.amount))),
            s.scalar(select(func.sum(Payment.amount)).where(Payment.method == "voucher")),
            s.scalar(select(func.count()).select_from(Booking)),
        )
    )
    assert balance == Decimal("0.00") == moved
    assert by_voucher == PART * COVERS and bookings == COVERS
