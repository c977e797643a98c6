"""The Z-report of a till session: the float, cash moved, expected vs counted, the variance and
who signed it off — as lines (the receipt printer) and as a PDF.

One list of lines serves both outputs, so the roll and the PDF always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.money import format_money
from boxoffice.domain.till import SYMBOLS, TillStatus
from boxoffice.i18n import _
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.reports.pdf import render_pdf
from boxoffice.services.reports.table import Column, ReportTable
from boxoffice.services.till import denominations as dn
from boxoffice.services.till.sessions import get_session
from boxoffice.services.till.views import TillSessionView

KIND_LABELS = {
    "round_in": "Cash rounding",
    "round_out": "Cash rounding",
    "sale": "Cash sale",
    "refund": "Cash refund",
    "pay_in": "Pay-in",
    "pay_out": "Pay-out",
}
RULE = "---"


@dataclass(frozen=True)
class ZLine:
    left: str
    right: str = ""
    bold: bool = False


def z_lines(view: TillSessionView) -> list[ZLine]:
    """The Z-report of *view*, line by line (an open session gives an X-report: no count)."""
    symbol = SYMBOLS.get(view.currency, view.currency + " ")

    def money(amount: object) -> str:
        return format_money(amount, symbol) if amount is not None else "–"  # type: ignore[arg-type]

    closed = view.status is TillStatus.CLOSED
    lines = [
        ZLine("Z-REPORT" if closed else "X-REPORT (till still open)", "", True),
        ZLine("Desk", view.desk),
        ZLine("Session", str(view.id)),
        ZLine("Clerk", view.clerk),
        ZLine("Opened", format_stamp(view.opened_at)),
    ]
    if view.closed_at is not None:
        lines.append(ZLine("Closed", format_stamp(view.closed_at)))
    lines += [
        ZLine(RULE),
        ZLine("Float", money(view.float_amount)),
        ZLine("Cash sales", money(view.totals.sales)),
        *(
            [ZLine(_("Gift vouchers sold"), money(view.totals.voucher_sales))]
            if view.totals.voucher_sales
            else []
        ),
        ZLine("Cash refunds", money(-view.totals.refunds)),
        ZLine("Pay-ins", money(view.totals.pay_ins)),
        ZLine("Pay-outs", money(-view.totals.pay_outs)),
        *([ZLine("Cash rounding", money(view.totals.rounding))] if view.totals.rounding else []),
        ZLine("Expected", money(view.expected), True),
    ]
    if closed:
        lines.append(ZLine(RULE))
        lines.append(ZLine("Counted", "", True))
        for label, pieces, subtotal in dn.describe(view.currency, view.counted_counts):
            lines.append(ZLine(f"  {pieces} × {label}", subtotal))
        lines += [
            ZLine("Counted in all", money(view.counted), True),
            ZLine("Variance", money(view.variance), True),
        ]
        if view.variance_reason:
            lines.append(ZLine("Reason", view.variance_reason))
        lines += [ZLine("Closed by", view.closed_by), ZLine("Signed off by", view.manager)]
    moves = [m for m in view.movements if m.kind in ("pay_in", "pay_out")]
    if moves:
        lines.append(ZLine(RULE))
        for m in moves:
            sign = "" if m.kind == "pay_in" else "-"
            lines.append(ZLine(f"{KIND_LABELS[m.kind]}: {m.reason}", sign + money(m.amount)))
    return lines


def z_report_lines(db: Database, actor: Actor, session_id: int) -> list[ZLine]:
    """The lines of a session's Z-report (this desk's, or any for a manager)."""
    return z_lines(get_session(db, actor, session_id))


def z_report_pdf(db: Database, actor: Actor, session_id: int) -> bytes:
    """A session's Z-report as a PDF."""
    view = get_session(db, actor, session_id)
    rows = tuple(
        ("", "") if line.left == RULE else (line.left, line.right) for line in z_lines(view)
    )
    table = ReportTable(
        title=f"Z-report — desk {view.desk}, session {view.id}",
        subtitle=f"{view.clerk}, opened {format_stamp(view.opened_at)}",
        columns=(Column("Item"), Column("Amount")),
        rows=rows[1:],
        emphasis=tuple(
            i for i, line in enumerate(z_lines(view)[1:]) if line.bold and line.left != RULE
        ),
    )
    return render_pdf([table], table.title)
