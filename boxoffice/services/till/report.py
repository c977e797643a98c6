"""Till sessions of a period for the end-of-shift reports: per desk and clerk, the float, cash
moved, pay-ins/outs, expected vs counted, the variance, its reason and who signed it off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import TillSession
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import as_utc
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.reports.table import Column, ReportTable
from boxoffice.services.till.sessions import load_view
from boxoffice.services.till.views import TillSessionView


def columns() -> tuple[Column, ...]:
    """The report's columns, named in the current language."""
    return (
        Column(_("Desk")),
        Column(_("Clerk")),
        Column(_("Opened"), "datetime"),
        Column(_("Closed"), "datetime"),
        Column(_("Currency")),
        Column(_("Float"), "money"),
        Column(_("Cash sales"), "money"),
        Column(_("Voucher sales"), "money"),  # gift vouchers sold for cash: in the drawer
        Column(_("Cash refunds"), "money"),
        Column(_("Pay-ins"), "money"),
        Column(_("Pay-outs"), "money"),
        Column(_("Expected"), "money"),
        Column(_("Counted"), "money"),
        Column(_("Variance"), "money"),
        Column(_("Reason")),
        Column(_("Signed off by")),
    )


def till_sessions_report(
    db: Database, actor: Actor, start: datetime, end: datetime, utc_offset_minutes: int = 0
) -> ReportTable:
    """Every till session opened in [start, end), by desk then time, with a totals row.

    An open session shows its expected cash and no count (a manager sees it is still open).
    """
    actor.require(Permission.VIEW_REPORTS)
    lo, hi = as_utc(start), as_utc(end)
    if hi <= lo:
        raise ValidationError(_("The period ends before it starts."))

    def work(s: Session) -> ReportTable:
        ids = s.scalars(
            select(TillSession.id)
            .where(TillSession.opened_at >= lo, TillSession.opened_at < hi)
            .order_by(TillSession.desk, TillSession.opened_at, TillSession.id)
        ).all()
        views = [load_view(s, i, with_movements=True) for i in ids]
        rows = tuple(
            (
                v.desk,
                v.clerk,
                v.opened_at,
                v.closed_at,
                v.currency,
                v.float_amount,
                v.totals.sales,
                v.totals.voucher_sales,
                v.totals.refunds,
                v.totals.pay_ins,
                v.totals.pay_outs,
                v.expected,
                v.counted,
                v.variance,
                "; ".join(
                    filter(
                        None,
                        [v.variance_reason]
                        + [
                            f"{m.kind.replace('_', '-')}: {m.reason}"
                            for m in v.movements
                            if m.kind in ("pay_in", "pay_out")
                        ],
                    )
                ),
                v.manager or (_("(still open)") if v.closed_at is None else ""),
            )
            for v in views
        )

        def total(figure: Callable[[TillSessionView], Decimal | None]) -> Decimal:
            return sum((figure(v) or Decimal("0.00") for v in views), Decimal("0.00"))

        sums = (
            total(lambda v: v.float_amount),
            total(lambda v: v.totals.sales),
            total(lambda v: v.totals.voucher_sales),
            total(lambda v: v.totals.refunds),
            total(lambda v: v.totals.pay_ins),
            total(lambda v: v.totals.pay_outs),
            total(lambda v: v.expected),
            total(lambda v: v.counted),
            total(lambda v: v.variance),
        )
        totals = (
            _("Total"),
            _("{count} sessions").format(count=len(rows)),
            None,
            None,
            "",
            *sums,
            "",
            "",
        )
        open_count = sum(1 for v in views if v.closed_at is None)
        return ReportTable(
            title=_("Till sessions"),
            subtitle=_("{count} sessions, {open_count} still open").format(
                count=len(rows), open_count=open_count
            ),
            columns=columns(),
            rows=rows,
            totals=totals if rows else None,
            utc_offset_minutes=utc_offset_minutes,
        )

    return db.run(work)
