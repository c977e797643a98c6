"""Helpers for the till tests: a small world, a cash sale through ``payments.charge``."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from sqlalchemy.orm import Session

from boxoffice.domain.tender import CashTender, Tender
from boxoffice.services.sales import payments
from boxoffice.services.till import TillSettings, save_till_settings
from tests.services.payment_helpers import World, booking_in

D = Decimal
MANAGER_PASSWORD = "manager-pass"
FLOAT = {"20": 2, "10": 3, "1": 5, "0.50": 4}  # 2*20 + 3*10 + 5*1 + 4*0.50 = 77.00


def sell(w: World, tenders: list[Tender], total: str) -> int:
    """A booking paid by *tenders* at the clerk's desk, as checkout does it; its id."""

    def work(s: Session) -> int:
        booking_id = booking_in(s, w, D(total), None)
        payments.charge(s, w.clerk, booking_id, None, tenders, D(total), uuid4().hex)
        return booking_id

    return w.db.run(work)


def sell_cash(w: World, total: str, tendered: str | None = None) -> int:
    return sell(w, [CashTender(D(total), D(tendered or total))], total)


def require_till(w: World, currency: str = "EUR", reason_above: str = "5.00") -> None:
    save_till_settings(w.db, w.manager, TillSettings(currency, True, D(reason_above)))
