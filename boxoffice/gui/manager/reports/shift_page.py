"""The End-of-shift page: one clerk (or every clerk) between two times, and the cash due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.gui.manager.reports.page import ReportCall, ReportPage
from boxoffice.gui.manager.reports.report_model import ReportModel
from boxoffice.gui.manager.reports.span_edits import read_span, set_span, span_edit, today_span
from boxoffice.gui.manager.reports.widgets import report_view
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text
from boxoffice.services.reports import shift
from boxoffice.services.reports.export import ReportTable, shift_table
from boxoffice.services.reports.shift import ClerkOption, ShiftReport

ZERO = Decimal("0.00")


class ShiftPage(ReportPage):
    """Signals: ``changed()`` when the clerk or the times change (the tab reloads)."""

    def __init__(
        self,
        utc_offset_minutes: int = 0,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.offset = utc_offset_minutes
        self.reports: list[ShiftReport] = []
        self.clerk = QComboBox()
        self.clerk.setObjectName("shiftClerk")
        self.clerk.addItem(_("All clerks"), None)
        self.clerk.setMinimumContentsLength(22)
        self.start, self.end = span_edit("shiftStart"), span_edit("shiftEnd")
        self.today_button = QPushButton(_("Today"))
        self.today_button.setObjectName("shiftToday")
        self.today_button.setToolTip(_("From midnight until now"))
        self.today_button.clicked.connect(lambda: self.set_today(None))
        self.cash = QLabel()
        self.cash.setObjectName("cashDue")
        self.cash.setToolTip(_("Cash taken − change given − cash refunded"))
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        self.summary.setWordWrap(True)
        self.model = ReportModel()
        self.view = report_view("shiftTable", self.model, stretch=1)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Clerk")))
        top.addWidget(self.clerk)
        top.addSpacing(12)
        top.addWidget(QLabel(_("From")))
        top.addWidget(self.start)
        top.addWidget(QLabel(_("to")))
        top.addWidget(self.end)
        top.addWidget(self.today_button)
        top.addStretch(1)
        cash_row = QHBoxLayout()
        cash_row.addWidget(self.cash)
        cash_row.addWidget(self.summary, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(top)
        column.addLayout(cash_row)
        column.addWidget(self.view, 1)
        self.set_today(now)
        self.clerk.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.start.dateTimeChanged.connect(lambda _d: self.changed.emit())
        self.end.dateTimeChanged.connect(lambda _d: self.changed.emit())

    def set_clerks(self, clerks: Sequence[ClerkOption]) -> None:
        current = self.clerk_id()
        self.clerk.blockSignals(True)
        self.clerk.clear()
        self.clerk.addItem(_("All clerks"), None)
        for c in clerks:
            self.clerk.addItem(c.label + ("" if c.active else _(" — disabled")), c.id)
        self.clerk.setCurrentIndex(max(self.clerk.findData(current), 0) if current else 0)
        self.clerk.blockSignals(False)

    def select_clerk(self, clerk_id: int | None) -> None:
        self.clerk.setCurrentIndex(max(self.clerk.findData(clerk_id), 0) if clerk_id else 0)

    def clerk_id(self) -> int | None:
        value = self.clerk.currentData()
        return int(value) if value is not None else None

    def span(self) -> tuple[datetime, datetime]:
        return read_span(self.start, self.end)

    def set_span(self, start: datetime, end: datetime) -> None:
        set_span(self.start, self.end, (start, end))
        self.changed.emit()

    @Slot()
    def set_today(self, now: datetime | None = None) -> None:
        self.set_span(*today_span(now))

    def request(self) -> ReportCall:
        start, end = self.span()
        clerk = self.clerk_id()
        if clerk is None:
            return ReportCall(shift.shift_reports, (start, end))
        return ReportCall(shift.shift_report, (clerk, start, end))

    def show_result(self, result: Any) -> None:
        self.show_reports([result] if isinstance(result, ShiftReport) else result)

    def show_reports(self, reports: Sequence[ShiftReport]) -> None:
        self.reports = list(reports)
        self.model.set_table(shift_table(self.reports, self.offset))
        expected = sum((r.expected_cash for r in self.reports), start=ZERO)
        if not self.reports:
            self.cash.setText(_("No sales"))
            self.summary.setText(_("Nobody sold or refunded anything in this time."))
        else:
            who = (
                self.reports[0].full_name or self.reports[0].username
                if len(self.reports) == 1
                else _("{count} clerks").format(count=len(self.reports))
            )
            self.cash.setText(_("Expected cash {amount}").format(amount=format_money(expected)))
            bookings = sum(r.bookings for r in self.reports)
            tickets = sum(r.tickets for r in self.reports)
            self.summary.setText(
                _(
                    "{who}: {bookings} bookings, {tickets} tickets, net takings {amount}. "
                    "Cash in the drawer should be the float plus the expected cash."
                ).format(
                    who=who,
                    bookings=number_text(bookings),
                    tickets=number_text(tickets),
                    amount=format_money(sum((r.net for r in self.reports), start=ZERO)),
                )
            )
            vouchers = sum((r.vouchers_sold for r in self.reports), start=ZERO)
            if vouchers:
                self.summary.setText(
                    self.summary.text()
                    + " "
                    + _("Gift vouchers sold {amount} (in the takings, not ticket revenue).").format(
                        amount=format_money(vouchers)
                    )
                )
        self.cash.setProperty("level", "negative" if expected < 0 else "")
        self.cash.style().unpolish(self.cash)
        self.cash.style().polish(self.cash)

    def current_table(self) -> ReportTable | None:
        return self.model.table
