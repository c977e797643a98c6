"""The discount-code and gift-voucher phase of ``bench/concurrency.py``: every desk races for one
code limited to N uses and spends from one voucher, through the real checkout.

Each desk alternates: a sale with the code (5.00 off, the rest in cash) and a sale paid partly
by the voucher (10.00 from it, the rest in cash), one seat each from its own share of a fresh
event's seats (so only the code and the voucher are contended, not the seats). Afterwards
the database must show the code used at most N times (and exactly its redemptions) and the
voucher never below zero (its balance equal to its value less what it paid).
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

CODE = "BENCHRACE"
CODE_USES = 10  # N
CODE_OFF = Decimal("5.00")
VOUCHER_PART = Decimal("10.00")
VOUCHER_PARTS = 8  # the voucher covers this many sales
PRICE = Decimal("40.00")


@dataclass(frozen=True)
class Plan:
    event_id: int
    seat_ids: tuple[int, ...]
    desks: int
    voucher_code: str
    voucher_id: int

    def desk_seats(self, index: int) -> tuple[int, ...]:
        per = len(self.seat_ids) // self.desks
        return self.seat_ids[index * per : (index + 1) * per]


@dataclass
class RaceTally:
    code_attempts: int = 0
    code_sales: int = 0
    code_refused: int = 0
    voucher_attempts: int = 0
    voucher_sales: int = 0
    voucher_refused: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: RaceTally) -> None:
        for name in (
            "code_attempts",
            "code_sales",
            "code_refused",
            "voucher_attempts",
            "voucher_sales",
            "voucher_refused",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


def use_bench_keys() -> None:
    """Vouchers are signed with the ticket keys: give this run a throw-away key file (inherited
    by the desk processes) rather than touch the machine's own."""
    from boxoffice import keyring

    path = Path(tempfile.mkdtemp(prefix="boxoffice-bench-keys-")) / "keys.json"
    os.environ["BOXOFFICE_KEY_FILE"] = str(path)
    keyring.create(path)


def prepare(url: str, desks: int) -> Plan:
    """A fresh event on the benchmark's seat layout (its own seats), the code and the voucher."""
    from bench_venue import make_event
    from sqlalchemy import func, select

    from boxoffice.db.database import Database
    from boxoffice.db.models import Seat, SeatLayout
    from boxoffice.domain.actor import SYSTEM
    from boxoffice.domain.clock import utcnow
    from boxoffice.domain.discount import DiscountApplies, DiscountKind
    from boxoffice.services.sales import discount_codes, vouchers

    db = Database(url)
    starts = utcnow() + timedelta(days=30)

    def event(s: Any) -> tuple[int, list[int]]:
        layout = s.execute(select(SeatLayout.id, SeatLayout.venue_id).limit(1)).one()
        count = s.scalar(select(func.count()).select_from(Seat).where(Seat.layout_id == layout.id))
        event_id, _tier, ids = make_event(
            s, layout.id, layout.venue_id, starts, count, "Benchmark Offers"
        )
        return event_id, ids

    event_id, seat_ids = db.run(event)
    spec = discount_codes.CodeSpec(
        CODE,
        DiscountKind.FIXED,
        CODE_OFF,
        DiscountApplies.ORDER,
        event_ids=(event_id,),
        use_limit=CODE_USES,
    )
    discount_codes.create_code(db, SYSTEM, spec)
    voucher = vouchers.issue_voucher(db, SYSTEM, VOUCHER_PART * VOUCHER_PARTS)
    db.dispose()
    return Plan(event_id, tuple(seat_ids), desks, voucher.code, voucher.id)


def race(
    index: int, url: str, clerk_id: int, plan: Plan, seconds: float, barrier: Any
) -> RaceTally:
    """One desk's part of the race (between two barrier waits, like the other phases)."""
    from sqlalchemy import text

    from boxoffice.db.database import Database
    from boxoffice.domain.actor import Actor
    from boxoffice.domain.discount import CodeRefused
    from boxoffice.domain.errors import BoxOfficeError, PaymentError
    from boxoffice.domain.roles import Role
    from boxoffice.domain.tender import CashTender, Tender, VoucherTender
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout

    db = Database(url)
    actor = Actor(clerk_id, f"desk{index:02d}", Role.CLERK, desk=f"bench-{index}")
    tally = RaceTally()
    db.run(lambda s: s.execute(text("SELECT 1")))
    barrier.wait()
    end = time.perf_counter() + seconds
    turn = index
    seats = list(plan.desk_seats(index))
    while time.perf_counter() < end and seats:
        turn += 1
        with_code = turn % 2 == 0
        hold_id = None
        try:
            hold = holds.hold_seats(db, actor, plan.event_id, [seats[0]])
            hold_id = hold.hold_id
            key = str(uuid.uuid4())
            if with_code:
                tally.code_attempts += 1
                rest = PRICE - CODE_OFF
                paid = [CashTender(rest, rest)]
                checkout.checkout(db, actor, hold_id, paid, key, codes=[CODE])
                tally.code_sales += 1
            else:
                tally.voucher_attempts += 1
                rest = PRICE - VOUCHER_PART
                tenders: list[Tender] = [
                    VoucherTender(VOUCHER_PART, plan.voucher_code),
                    CashTender(rest, rest),
                ]
                checkout.checkout(db, actor, hold_id, tenders, key)
                tally.voucher_sales += 1
            hold_id = None
            seats.pop(0)  # sold; a refused sale gives its seat back for the next try
        except CodeRefused:
            tally.code_refused += 1
        except PaymentError:
            tally.voucher_refused += 1
        except BoxOfficeError as exc:
            tally.errors.append(f"{type(exc).__name__}: {exc}")
        except Exception:
            tally.errors.append(traceback.format_exc(limit=3))
        if hold_id is not None:
            try:
                holds.release_seats(db, actor, hold_id)
            except Exception:
                tally.errors.append(traceback.format_exc(limit=3))
    barrier.wait()
    db.dispose()
    return tally


def verify(url: str, plan: Plan) -> dict[str, int]:
    """``over-redeemed``: uses past the limit, or a use count that differs from the code's
    redemptions; ``voucher below zero``: a negative balance, or a balance that differs from
    its value less the voucher payments (both must be 0)."""
    from sqlalchemy import func, select

    from boxoffice.db.database import Database
    from boxoffice.db.models import DiscountCode, DiscountRedemption, GiftVoucher, Payment

    db = Database(url)

    def read(s: Any) -> dict[str, int]:
        uses = s.scalar(select(DiscountCode.uses).where(DiscountCode.code == CODE))
        redeemed = s.scalar(select(func.count()).select_from(DiscountRedemption))
        value, balance = s.execute(
            select(GiftVoucher.value, GiftVoucher.balance).where(GiftVoucher.id == plan.voucher_id)
        ).one()
        paid = s.scalar(
            select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.method == "voucher")
        )
        over = max(0, redeemed - CODE_USES) + abs(uses - redeemed)
        below = int(balance < 0) + int(value - Decimal(paid) != balance)
        return {
            "code uses": uses,
            "code redemptions": redeemed,
            "voucher payments": int(Decimal(paid) / VOUCHER_PART),
            "over-redeemed": over,
            "voucher below zero": below,
        }

    try:
        return db.run(read)
    finally:
        db.dispose()


def _desk(
    index: int, url: str, clerk_id: int, plan: Plan, seconds: float, barrier: Any, results: Any
) -> None:
    try:
        results.put(race(index, url, clerk_id, plan, seconds, barrier))
    except Exception:  # reported to the parent, which fails the run
        results.put(RaceTally(errors=[traceback.format_exc()]))


def main() -> int:
    """This phase alone: ``uv run python bench/offers_race.py [--processes 16] [--seconds 5]``."""
    import argparse
    import multiprocessing as mp
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_venue import create_database, drop_database

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    use_bench_keys()
    seats = 100 * args.processes  # enough for every desk's sales in a few seconds
    name, url, _event, _seats, clerks, _twins = create_database(args.processes, seats)
    try:
        plan = prepare(url, args.processes)
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(args.processes + 1)
        results = ctx.Queue()
        procs = [
            ctx.Process(
                target=_desk, args=(i, url, clerks[i], plan, args.seconds, barrier, results)
            )
            for i in range(args.processes)
        ]
        for p in procs:
            p.start()
        barrier.wait()
        barrier.wait()
        total = RaceTally()
        for _ in procs:
            total.add(results.get(timeout=120))
        for p in procs:
            p.join()
        found = verify(url, plan)
    finally:
        drop_database(name)
    print(f"{args.processes} desks, {args.seconds:g} s")
    print(
        f"code {CODE} limited to {CODE_USES} uses: attempts {total.code_attempts}, sold with it "
        f"{total.code_sales}, refused {total.code_refused}"
    )
    print(
        f"voucher for {VOUCHER_PARTS} parts of {VOUCHER_PART}: attempts "
        f"{total.voucher_attempts}, paid {total.voucher_sales}, refused {total.voucher_refused}"
    )
    for key, value in found.items():
        print(f"{key} {value}")
    print(f"errors {len(total.errors)}")
    for err in total.errors[:5]:
        print("   ", err.strip().replace("\n", "\n    "))
    ok = found["over-redeemed"] == 0 and found["voucher below zero"] == 0 and not total.errors
    return 0 if ok else 1


if __name__ == "__main__":
    import sys

    sys.exit(main())
