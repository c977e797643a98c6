"""The Sales page: headline figures, charts per day / tier / method, and the same as tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from boxoffice.domain.money import format_money
from boxoffice.gui.manager.reports.charts import (
    PAID,
    CategoryChart,
    DailyChart,
    method_chart_data,
    tier_chart_data,
)
from boxoffice.gui.manager.reports.filters import ReportFilters
from boxoffice.gui.manager.reports.page import ReportCall, ReportPage
from boxoffice.gui.manager.reports.report_model import ReportModel
from boxoffice.gui.manager.reports.widgets import KpiCard, report_view
from boxoffice.gui.widgets.when import day_text
from boxoffice.i18n import _, ngettext
from boxoffice.i18n.formats import number_text
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports.export import (
    ReportTable,
    daily_table,
    fee_tax_table,
    method_table,
    sales_tables,
    tier_table,
    type_table,
)
from boxoffice.services.reports.sales import SalesReport


class SalesPage(ReportPage):
    """Shows one :class:`SalesReport` of the event and period chosen in *filters*."""

    shows_filters = True

    def __init__(self, filters: ReportFilters, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = filters
        filters.changed.connect(self.changed)
        self.report: SalesReport | None = None
        self.sold_card = KpiCard(_("Tickets sold"))
        self.revenue_card = KpiCard(_("Net revenue"))
        self.refund_card = KpiCard(_("Refunded"))
        self.best_card = KpiCard(_("Best day"))
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in (self.sold_card, self.revenue_card, self.refund_card, self.best_card):
            cards.addWidget(card, 1)

        self.daily_chart = DailyChart()
        self.tier_chart = CategoryChart(_("Net revenue per price tier"))
        self.method_chart = CategoryChart(_("Paid and refunded per method"))
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.tier_chart)
        lower.addWidget(self.method_chart)
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.daily_chart)
        charts.addWidget(lower)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)

        self.daily_model = ReportModel()
        self.tier_model = ReportModel()
        self.method_model = ReportModel()
        self.type_model = ReportModel()
        self.charge_model = ReportModel()
        self.tables = QTabWidget()
        self.tables.setObjectName("salesTables")
        self.daily_view = report_view("dailyTable", self.daily_model)
        self.tier_view = report_view("tierTable", self.tier_model, sortable=True)
        self.method_view = report_view("methodTable", self.method_model, sortable=True)
        self.tables.addTab(self.daily_view, _("Per day"))
        self.tables.addTab(self.tier_view, _("Per tier"))
        self.tables.addTab(self.method_view, _("Per method"))
        self.type_view = report_view("typeTable", self.type_model, sortable=True)
        self.charge_view = report_view("feeTaxTable", self.charge_model)
        self.tables.addTab(self.type_view, _("Per ticket type"))
        self.tables.addTab(self.charge_view, _("Fees and tax"))

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(charts)
        body.addWidget(self.tables)
        body.setStretchFactor(0, 1)  # the tables get half: their columns fit on a 1366 screen
        body.setStretchFactor(1, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(cards)
        column.addWidget(body, 1)

    def show_report(self, report: SalesReport) -> None:
        self.report = report
        sold, cancelled = report.tickets_sold, report.tickets_cancelled
        self.sold_card.set(
            number_text(sold - cancelled),
            _("{sold} issued · {cancelled} cancelled").format(
                sold=number_text(sold), cancelled=number_text(cancelled)
            ),
        )
        self.revenue_card.set(
            format_money(report.net),
            _("gross {amount} · {day_count} days").format(
                amount=format_money(report.gross), day_count=report.period.day_count
            ),
            "negative" if report.net < 0 else "",
        )
        refunds = sum(m.refunds for m in report.methods)
        self.refund_card.set(
            format_money(report.refunded),
            ngettext("{refunds} refund", "{refunds} refunds", refunds).format(
                refunds=number_text(refunds)
            ),
        )
        best = max(report.days, key=lambda d: d.net, default=None)
        if best is None or best.net <= Decimal("0.00"):
            self.best_card.set("—", _("no sales in this period"))
        else:
            self.best_card.set(
                day_text(best.day, weekday=True, year=False),
                _("{amount} net").format(amount=format_money(best.net)),
                "good",
            )
        self.daily_chart.show_days(report.days)
        self.tier_chart.show_bars(*tier_chart_data(report.tiers))
        names, paid, refunded = method_chart_data(report.methods)
        self.method_chart.show_bars(names, paid, [PAID] * len(names), refunded)
        self.daily_model.set_table(daily_table(report))
        self.tier_model.set_table(tier_table(report))
        self.method_model.set_table(method_table(report))
        self.type_model.set_table(type_table(report))
        self.charge_model.set_table(fee_tax_table(report))

    def request(self) -> ReportCall:
        period = self.filters.period()  # BoxOfficeError for an impossible range
        return ReportCall(reports.sales_report, (period, self.filters.event_id()))

    def show_result(self, result: Any) -> None:
        self.show_report(result)

    def current_table(self) -> ReportTable | None:
        model = (
            self.daily_model,
            self.tier_model,
            self.method_model,
            self.type_model,
            self.charge_model,
        )[self.tables.currentIndex()]
        return model.table

    def pdf_tables(self) -> list[ReportTable]:
        return self.all_tables()

    def all_tables(self) -> list[ReportTable]:
        return sales_tables(self.report) if self.report is not None else []
