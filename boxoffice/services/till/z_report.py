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
from boxoffice.i18n import N_, _
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.reports.pdf import render_pdf
from boxoffice.services.reports.table import Column, ReportTable
from boxoffice.services.till import denominations as dn
from boxoffice.services.till.sessions import get_session
from boxoffice.services.till.views import TillSessionView

KIND_LABELS = {
    "round_in": N_("Cash rounding"),
    "round_out": N_("Cash rounding"),
    "sale": N_("Cash sale"),
    "refund": N_("Cash refund"),
    "pay_in": N_("Pay-in"),
    "pay_out": N_("Pay-out"),
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
        ZLine(_("Z-REPORT") if closed else _("X-REPORT (till still open)"), "", True),
        ZLine(_("Desk"), view.desk),
        ZLine(_("Session"), str(view.id)),
        ZLine(_("Clerk"), view.clerk),
        ZLine(_("Opened"), format_stamp(view.opened_at)),
    ]
    if view.closed_at is not None:
        lines.append(ZLine(_("Closed"), format_stamp(view.closed_at)))
    lines += [
        ZLine(RULE),
        ZLine(_("Float"), money(view.float_amount)),
        ZLine(_("Cash sales"), money(view.totals.sales)),
        *(
            [ZLine(_("Gift vouchers sold"), money(view.totals.voucher_sales))]
            if view.totals.voucher_sales
            else []
        ),
        ZLine(_("Cash refunds"), money(-view.totals.refunds)),
        ZLine(_("Pay-ins"), money(view.totals.pay_ins)),
        ZLine(_("Pay-outs"), money(-view.totals.pay_outs)),
        *([ZLine(_("Cash rounding"), money(view.totals.rounding))] if view.totals.rounding else []),
        ZLine(_("Expected"), money(view.expected), True),
    ]
    if closed:
        lines.append(ZLine(RULE))
        lines.append(ZLine(_("Counted"), "", True))
        for label, pieces, subtotal in dn.describe(view.currency, view.counted_counts):
            lines.append(ZLine(f"  {pieces} × {label}", subtotal))
        lines += [
            ZLine(_("Counted in all"), money(view.counted), True),
            ZLine(_("Variance"), money(view.variance), True),
        ]
        if view.variance_reason:
            lines.append(ZLine(_("Reason"), view.variance_reason))
        lines += [ZLine(_("Closed by"), view.closed_by), ZLine(_("Signed off by"), view.manager)]
    moves = [m for m in view.movements if m.kind in ("pay_in", "pay_out")]
    if moves:
        lines.append(ZLine(RULE))
        for m in moves:
            sign = "" if m.kind == "pay_in" else "-"
            lines.append(ZLine(f"{_(KIND_LABELS[m.kind])}: {m.reason}", sign + money(m.amount)))
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
        title=_("Z-report — desk {desk}, session {id}").format(desk=view.desk, id=view.id),
        subtitle=_("{clerk}, opened {format_stamp}").format(
            clerk=view.clerk, format_stamp=format_stamp(view.opened_at)
        ),
        columns=(Column(_("Item")), Column(_("Amount"))),
        rows=rows[1:],
        emphasis=tuple(
            i for i, line in enumerate(z_lines(view)[1:]) if line.bold and line.left != RULE
        ),
    )
    return render_pdf([table], table.title)
