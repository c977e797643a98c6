"""Per-day summaries of closed days, so a year's report reads a few thousand summary rows
instead of millions of tickets — without a single write added to a sale.

**What is summarised.** Per zone offset (a report's days are local days at a fixed offset), the
tickets issued and cancelled per day, event, tier and ticket type (``report_ticket_day``) and
the money per day: payments and refunds per method, fees per label, tax per rate
(``report_money_day``). A day is summarised only once it is *closed*: over for at least
:data:`GRACE` (desks' clocks and open transactions are well inside that). Summaries are filled
by :func:`refresh` — run by a report that finds closed days of its period unsummarised, and by
``boxoffice reports summarise`` (cron) — never by a sale.

**Why a report equals the plain aggregate.** A report is the sum of its days; each day comes
either from the summary or live from the base tables (today, any day not summarised, and any
*stale* day). Rows of a closed day can change only in these ways, each handled:

- *a row is added later* with a time inside a summarised day (a back-dated import, a desk whose
  clock was behind, a transaction open for an hour): every summary remembers the highest id of
  each base table it saw (``report_coverage.*_mark``); a report scans the rows above those ids
  (a primary-key range: the rows since the last refresh) and reads their days live;
- *a ticket is cancelled* later: it is counted on the day it is cancelled (its own, open day);
  a cancellation stamped into a summarised day (a clock far behind) changes that range's count
  of cancelled tickets, which every report compares with the summary (one indexed COUNT) and
  then reads the days that differ live;
- names (tier renamed, ticket type deleted) are not in the summaries: ids are, and names are
  looked up when the report is made, as the plain aggregate does;
- a booking moved to another event (a package night exchanged) changes which event its old
  payments count for, so a one-event report reads money live (tickets, whose event never
  changes, still come from the summaries); the all-events report is unaffected.

Payments, refunds, fees and taxes are never updated or deleted; tickets never deleted, and a
ticket's event, tier, type id (except to NULL when its type is deleted, still "(no type)" in
both), price and issue time never change. ``boxoffice reports summarise --verify`` recomputes
every summarised day and repairs any that differ (a nightly safety net for hand-edited rows).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, false, func, insert, literal, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Payment,
    Refund,
    ReportCoverage,
    ReportMoneyDay,
    ReportTicketDay,
    SaleAdjustment,
    Ticket,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Permission
from boxoffice.services.reports.figures import ZERO, Figures, live_money, live_tickets, money_sum
from boxoffice.services.reports.period import Period, as_date, day_bucket

GRACE = timedelta(hours=1)  # a day is closed this long after its end (clock skew, slow commits)
MAX_STALE = 31  # more stale days than this in one report: read the whole period live
CHUNK_DAYS = 31  # days summarised per INSERT ... SELECT


def last_closed_day(utc_offset_minutes: int, now: datetime | None = None) -> date:
    """The latest local day (at the offset) that ended at least :data:`GRACE` ago."""
    local = (now or utcnow()) - GRACE + timedelta(minutes=utc_offset_minutes)
    return local.date() - timedelta(days=1)


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as contiguous (first, last) runs."""
    out: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if out and out[-1][1] + timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _span(first: date, last: date, offset: int) -> tuple[datetime, datetime]:
    period = Period(first, last, offset)
    return period.start, period.end


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# -- the marks: rows added after a summary ------------------------------------------------------

_MARKED: tuple[tuple[str, Any, tuple[Any, ...]], ...] = (
    ("ticket_mark", Ticket, (Ticket.issued_at, Ticket.cancelled_at)),
    ("payment_mark", Payment, (Payment.created_at,)),
    ("refund_mark", Refund, (Refund.created_at,)),
    ("adjustment_mark", SaleAdjustment, (SaleAdjustment.created_at,)),
)


def _late_days(session: Session, cover: ReportCoverage, tickets_only: bool) -> set[date]:
    """Local days of the rows added since *cover*'s summaries were made (a primary-key range
    scan of each base table from its mark)."""
    dialect = _dialect(session)
    out: set[date] = set()
    for mark, table, columns in _MARKED[:1] if tickets_only else _MARKED:
        buckets = [day_bucket(c, cover.utc_offset_minutes, dialect) for c in columns]
        query = select(*buckets).where(table.id > getattr(cover, mark)).distinct()
        for row in session.execute(query):
            out.update(as_date(d) for d in row if d is not None)
    return out


def _marks(session: Session) -> dict[str, int]:
    return {
        mark: int(session.scalar(select(func.coalesce(func.max(table.id), 0))) or 0)
        for mark, table, _columns in _MARKED
    }


# -- reading -----------------------------------------------------------------------------------


def _summary_tickets(
    session: Session, offset: int, first: date, last: date, event_id: int | None, skip: set[date]
) -> Figures:
    """Two scans of the summary rows: per day (in key order), and per (tier, type)."""
    out = Figures()
    t = ReportTicketDay
    sums: tuple[Any, ...] = (func.sum(t.sold), func.sum(t.cancelled))
    sums += (money_sum(t.sold_amount), money_sum(t.cancelled_amount))
    for keys in ((t.day,), (t.tier_id, t.ticket_type_id)):
        stmt = select(*keys, *sums).where(
            t.utc_offset_minutes == offset, t.day >= first, t.day <= last
        )
        if event_id is not None:
            stmt = stmt.where(t.event_id == event_id)
        if skip:
            stmt = stmt.where(t.day.not_in(sorted(skip)))
        for row in session.execute(stmt.group_by(*keys)):
            values = [int(row[-4]), int(row[-3]), row[-2], row[-1]]
            if len(keys) == 1:
                out.days[as_date(row[0])] = values
                continue
            tier, kind = row[0], row[1] or None  # type 0: none
            _add(out.tiers, tier, values)
            _add(out.types, kind, values)
    return out


def _add(target: dict[Any, list[Any]], key: Any, values: list[Any]) -> None:
    row = target.setdefault(key, [0, 0, ZERO, ZERO])
    for i, v in enumerate(values):
        row[i] += v


def _summary_money(
    session: Session, offset: int, first: date, last: date, skip: set[date]
) -> Figures:
    out = Figures()
    m = ReportMoneyDay
    stmt = select(
        m.kind, m.name, m.included, func.sum(m.count), money_sum(m.amount), money_sum(m.base)
    ).where(m.utc_offset_minutes == offset, m.day >= first, m.day <= last)
    if skip:
        stmt = stmt.where(m.day.not_in(sorted(skip)))
    for kind, name, included, count, amount, base in session.execute(
        stmt.group_by(m.kind, m.name, m.included)
    ):
        if kind == "payment":
            out.methods.setdefault(name, [0, ZERO, 0, ZERO])[0:2] = [int(count), amount]
        elif kind == "refund":
            out.methods.setdefault(name, [0, ZERO, 0, ZERO])[2:4] = [int(count), amount]
        elif kind == "fee":
            out.fees[name] = [int(count), amount]
        else:
            out.taxes[(name, bool(included))] = [base, amount]
    return out


def _recancelled_days(
    session: Session, offset: int, first: date, last: date, event_id: int | None, summary: Figures
) -> set[date]:
    """Days of [first, last] whose cancelled tickets differ from the summary's (a cancellation
    stamped into a summarised day). One indexed COUNT; per-day counts only if it differs."""
    start, end = _span(first, last, offset)
    count = select(func.count()).where(Ticket.cancelled_at >= start, Ticket.cancelled_at < end)
    if event_id is not None:
        count = count.where(Ticket.event_id == event_id, Ticket.status == "cancelled")
    summarised = sum(row[1] for row in summary.days.values())
    if int(session.scalar(count) or 0) == summarised:
        return set()
    live = live_tickets(session, start, end, offset, event_id).days
    return {
        day
        for day in {*live, *summary.days}
        if live.get(day, [0, 0])[1] != summary.days.get(day, [0, 0])[1]
    }


@dataclass(frozen=True)
class Read:
    """A report's figures and what it found worth summarising for the next one."""

    figures: Figures
    summarised_days: int  # days read from the summaries
    stale: frozenset[date]  # summarised days found changed (read live)


def read_figures(
    session: Session, period: Period, event_id: int | None, summaries: bool = True
) -> Read:
    """The period's figures: summarised days from the summaries, every other day live
    (every day live when not *summaries*: the plain aggregate)."""
    offset = period.utc_offset_minutes
    cover = session.get(ReportCoverage, offset) if summaries else None
    first = last = None
    if cover is not None and cover.first_day is not None and cover.last_day is not None:
        first, last = max(period.first_day, cover.first_day), min(period.last_day, cover.last_day)
    out = Figures()
    stale: set[date] = set()
    summarised: set[date] = set()
    if cover is not None and first is not None and last is not None and first <= last:
        stale = {d for d in _late_days(session, cover, event_id is not None) if first <= d <= last}
        tickets = _summary_tickets(session, offset, first, last, event_id, set())
        stale |= _recancelled_days(session, offset, first, last, event_id, tickets)
        if len(stale) <= MAX_STALE:
            if stale:
                tickets = _summary_tickets(session, offset, first, last, event_id, stale)
            out.add(tickets)
            if event_id is None:  # a booking's event can change: one event's money is live
                out.add(_summary_money(session, offset, first, last, stale))
            summarised = {first + timedelta(days=i) for i in range((last - first).days + 1)}
            summarised -= stale
    live_days = [d for d in period.days() if d not in summarised]
    for run_first, run_last in _runs(live_days):
        start, end = _span(run_first, run_last, offset)
        out.add(live_tickets(session, start, end, offset, event_id))
        if event_id is None:
            out.add(live_money(session, start, end, None))
    if event_id is not None:
        out.add(live_money(session, period.start, period.end, event_id))
    return Read(out, len(summarised), frozenset(stale))


def coverage_of(session: Session, offset: int) -> tuple[date, date] | None:
    cover = session.get(ReportCoverage, offset)
    if cover is None or cover.first_day is None or cover.last_day is None:
        return None
    return cover.first_day, cover.last_day


# -- summarising -------------------------------------------------------------------------------


def _insert_days(session: Session, offset: int, first: date, last: date) -> None:
    """Summarise the local days [first, last]: two INSERT ... SELECT, aggregated by the
    database (READ COMMITTED on MySQL: the SELECT locks no ticket, sales go on meanwhile)."""
    dialect = _dialect(session)
    start, end = _span(first, last, offset)
    zero = literal(0)
    parts = []
    for column, sold in ((Ticket.issued_at, True), (Ticket.cancelled_at, False)):
        bucket = day_bucket(column, offset, dialect)
        type_key = func.coalesce(Ticket.ticket_type_id, 0)
        count, amount = func.count(), func.sum(Ticket.price)
        parts.append(
            select(
                bucket.label("day"),
                Ticket.event_id.label("event_id"),
                Ticket.tier_id.label("tier_id"),
                type_key.label("type_id"),
                (count if sold else zero).label("sold"),
                (amount if sold else zero).label("sold_amount"),
                (zero if sold else count).label("cancelled"),
                (zero if sold else amount).label("cancelled_amount"),
            )
            .where(column >= start, column < end)
            .group_by(bucket, Ticket.event_id, Ticket.tier_id, type_key)
        )
    u = union_all(*parts).subquery("u")
    t = ReportTicketDay
    session.execute(
        insert(t).from_select(
            [
                t.utc_offset_minutes,
                t.day,
                t.event_id,
                t.tier_id,
                t.ticket_type_id,
                t.sold,
                t.sold_amount,
                t.cancelled,
                t.cancelled_amount,
            ],
            select(
                literal(offset),
                u.c.day,
                u.c.event_id,
                u.c.tier_id,
                u.c.type_id,
                func.sum(u.c.sold),
                func.sum(u.c.sold_amount),
                func.sum(u.c.cancelled),
                func.sum(u.c.cancelled_amount),
            ).group_by(u.c.day, u.c.event_id, u.c.tier_id, u.c.type_id),
        )
    )
    m = ReportMoneyDay
    money_columns = [m.utc_offset_minutes, m.day, m.kind, m.name, m.included, m.count]
    money_columns += [m.amount, m.base]
    for kind, table in (("payment", Payment), ("refund", Refund)):
        bucket = day_bucket(table.created_at, offset, dialect)
        session.execute(
            insert(m).from_select(
                money_columns,
                select(
                    literal(offset),
                    bucket,
                    literal(kind),
                    table.method,
                    false(),
                    func.count(),
                    func.sum(table.amount),
                    zero,
                )
                .where(table.created_at >= start, table.created_at < end)
                .group_by(bucket, table.method),
            )
        )
    a = SaleAdjustment
    adjusted = day_bucket(a.created_at, offset, dialect)
    session.execute(
        insert(m).from_select(
            money_columns,
            select(
                literal(offset),
                adjusted,
                literal("fee"),
                a.label,
                false(),
                func.count(),
                func.sum(a.amount),
                zero,
            )
            .where(a.created_at >= start, a.created_at < end, a.step == "fee")
            .group_by(adjusted, a.label),
        )
    )
    session.execute(
        insert(m).from_select(
            money_columns,
            select(
                literal(offset),
                adjusted,
                literal("tax"),
                a.label,
                a.included,
                func.count(),
                func.sum(a.amount),
                func.coalesce(func.sum(a.base), 0),
            )
            .where(a.created_at >= start, a.created_at < end, a.step == "tax")
            .group_by(adjusted, a.label, a.included),
        )
    )


def _resummarise(session: Session, offset: int, days: Iterable[date]) -> None:
    """(Re)compute the summaries of *days*: their rows deleted, then inserted anew."""
    for first, last in _runs(days):
        while first <= last:
            upto = min(last, first + timedelta(days=CHUNK_DAYS - 1))
            for table in (ReportTicketDay, ReportMoneyDay):
                session.execute(
                    delete(table).where(
                        table.utc_offset_minutes == offset, table.day >= first, table.day <= upto
                    )
                )
            _insert_days(session, offset, first, upto)
            first = upto + timedelta(days=1)


def _locked_coverage(db: Database, offset: int) -> None:
    """Make sure the offset's coverage row exists (two desks may race to create it)."""

    def create(s: Session) -> None:
        if s.get(ReportCoverage, offset) is None:
            s.add(
                ReportCoverage(
                    utc_offset_minutes=offset,
                    ticket_mark=0,
                    payment_mark=0,
                    refund_mark=0,
                    adjustment_mark=0,
                )
            )

    with contextlib.suppress(IntegrityError):  # another desk created it first
        db.run(create)


@dataclass(frozen=True)
class Refreshed:
    utc_offset_minutes: int
    first_day: date | None  # the summarised days now (None: none)
    last_day: date | None
    summarised: int  # days (re)computed by this refresh


def refresh_in(
    db: Database,
    offset: int,
    first_day: date,
    last_day: date,
    now: datetime | None = None,
    also: Iterable[date] = (),
) -> Refreshed:
    """Extend the offset's summaries to the closed days of [first_day, last_day] (the covered
    days stay one contiguous run), and recompute every summarised day that gained rows since
    (and the days *also* names). One transaction holding the coverage row's lock."""
    Period(first_day, last_day, offset)  # validates the offset and the span
    _locked_coverage(db, offset)
    closed = last_closed_day(offset, now)
    wanted_last = min(last_day, closed)
    extra = set(also)

    def work(s: Session) -> Refreshed:
        cover = s.scalars(
            select(ReportCoverage)
            .where(ReportCoverage.utc_offset_minutes == offset)
            .with_for_update()
        ).one()
        marks = _marks(s)  # before summarising: a row above them is found next time
        todo: set[date] = set()
        first, last = cover.first_day, cover.last_day
        if first is not None and last is not None:
            todo |= {d for d in _late_days(s, cover, False) | extra if first <= d <= last}
        if first_day <= wanted_last:
            lo = first_day if first is None else min(first, first_day)
            hi = wanted_last if last is None else max(last, wanted_last)
            span = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
            todo |= {d for d in span if first is None or last is None or not first <= d <= last}
            first, last = lo, hi
        if not todo:
            return Refreshed(offset, first, last, 0)  # nothing new: no write at all
        _resummarise(s, offset, todo)
        s.execute(
            update(ReportCoverage)
            .where(ReportCoverage.utc_offset_minutes == offset)
            .values(first_day=first, last_day=last, refreshed_at=utcnow(), **marks)
        )
        return Refreshed(offset, first, last, len(todo))

    return db.run(work)


def needs_refresh(db: Database, period: Period, now: datetime | None = None) -> bool:
    """True when closed days of *period* are not summarised yet (one primary-key read)."""
    wanted_last = min(period.last_day, last_closed_day(period.utc_offset_minutes, now))
    if period.first_day > wanted_last:
        return False
    cover = db.run(lambda s: coverage_of(s, period.utc_offset_minutes))
    return cover is None or cover[0] > period.first_day or cover[1] < wanted_last


# -- the command -------------------------------------------------------------------------------


def summarise(
    db: Database,
    actor: Actor,
    utc_offsets: Sequence[int],
    days: int = 400,
    now: datetime | None = None,
) -> list[Refreshed]:
    """Summarise the last *days* closed days at each offset (``boxoffice reports summarise``)."""
    actor.require(Permission.VIEW_REPORTS)
    out = []
    for offset in utc_offsets:
        last = last_closed_day(offset, now)
        first = last - timedelta(days=max(1, days) - 1)
        out.append(refresh_in(db, offset, first, last, now))
    return out


@dataclass(frozen=True)
class Verified:
    utc_offset_minutes: int
    days: int  # summarised days checked
    repaired: tuple[date, ...]  # days whose summary differed from the base tables


def _rows_of(session: Session, offset: int, first: date, last: date) -> set[tuple[Any, ...]]:
    rows: set[tuple[Any, ...]] = set()
    for table in (ReportTicketDay, ReportMoneyDay):
        columns = [c for c in table.__table__.columns]
        rows |= {
            (table.__tablename__, *r)
            for r in session.execute(
                select(*columns).where(
                    table.utc_offset_minutes == offset, table.day >= first, table.day <= last
                )
            )
        }
    return rows


def verify(db: Database, actor: Actor, utc_offset: int) -> Verified:
    """Recompute every summarised day of the offset from the base tables, a month per
    transaction, and say which differed (they are repaired)."""
    actor.require(Permission.VIEW_REPORTS)
    cover = db.run(lambda s: coverage_of(s, utc_offset))
    if cover is None:
        return Verified(utc_offset, 0, ())
    repaired: list[date] = []
    first = cover[0]
    while first <= cover[1]:
        last = min(cover[1], first + timedelta(days=CHUNK_DAYS - 1))

        def work(s: Session, first: date = first, last: date = last) -> list[date]:
            s.scalars(
                select(ReportCoverage)
                .where(ReportCoverage.utc_offset_minutes == utc_offset)
                .with_for_update()
            ).one()
            before = _rows_of(s, utc_offset, first, last)
            _resummarise(s, utc_offset, _days(first, last))
            after = _rows_of(s, utc_offset, first, last)
            return sorted({as_date(r[2]) for r in before ^ after})

        repaired += db.run(work)
        first = last + timedelta(days=1)
    return Verified(utc_offset, (cover[1] - cover[0]).days + 1, tuple(repaired))
