"""The Event statistics page: sold, capacity, % and revenue per event, with actions per row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from boxoffice.gui.manager.reports.page import ReportCall, ReportPage
from boxoffice.gui.manager.reports.report_model import ReportModel
from boxoffice.gui.manager.reports.widgets import report_view
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports.export import ReportTable, stats_table
from boxoffice.services.reports.sales import EventStatsRow


class StatsPage(ReportPage):
    """Signals: ``view_sales(int, str)`` and ``show_seats(int)`` for the selected event;
    ``past_toggled(bool)`` and ``changed()`` when "Include past events" changes (the tab
    reloads)."""

    view_sales = Signal(int, str)
    show_seats = Signal(int)
    past_toggled = Signal(bool)

    def __init__(self, utc_offset_minutes: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offset = utc_offset_minutes
        self.rows: list[EventStatsRow] = []
        self.model = ReportModel()
        self.view = report_view("statsTable", self.model, sortable=True)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.include_past = QCheckBox(_("Include past events"))
        self.include_past.setObjectName("includePast")
        self.include_past.toggled.connect(self.past_toggled.emit)
        self.include_past.toggled.connect(lambda _on: self.changed.emit())
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        self.sales_button = QPushButton(_("View sales"))
        self.sales_button.setObjectName("viewSales")
        self.sales_button.setToolTip(
            _("Switch the sales report to this event (double-click a row)")
        )
        self.sales_button.clicked.connect(self._view_sales)
        self.seats_button = QPushButton(_("Show seats"))
        self.seats_button.setObjectName("showSeats")
        self.seats_button.setToolTip(_("Open the live seat monitor on this event"))
        self.seats_button.clicked.connect(self._show_seats)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.include_past)
        top.addSpacing(12)
        top.addWidget(self.sales_button)
        top.addWidget(self.seats_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        self._enable()

    def request(self) -> ReportCall:
        return ReportCall(
            reports.event_statistics, kwargs={"include_past": self.include_past.isChecked()}
        )

    def show_result(self, result: Any) -> None:
        self.show_rows(result)

    def show_rows(self, rows: Sequence[EventStatsRow]) -> None:
        self.rows = list(rows)
        self.model.set_table(stats_table(self.rows, self.offset))
        sold = sum(r.sold for r in self.rows)
        capacity = sum(r.capacity for r in self.rows)
        share = (
            _(" ({value:.1f} % of capacity)").format(value=100 * sold / capacity)
            if capacity
            else ""
        )
        self.summary.setText(
            _("{count} events · {sold} tickets sold{share}").format(
                count=len(self.rows), sold=number_text(sold), share=share
            )
        )
        self._enable()

    def selected(self) -> EventStatsRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().hasSelection():
            return None
        source = self.model.source_row(index.row())
        return self.rows[source] if source is not None else None

    def select_event(self, event_id: int) -> None:
        source = next((i for i, r in enumerate(self.rows) if r.event_id == event_id), None)
        shown = self.model.shown_row(source) if source is not None else None
        if shown is not None:
            self.view.selectRow(shown)

    def current_table(self) -> ReportTable | None:
        return self.model.table

    def _enable(self) -> None:
        chosen = self.selected()
        self.sales_button.setEnabled(chosen is not None)
        self.seats_button.setEnabled(chosen is not None)

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        self._view_sales()

    @Slot()
    def _view_sales(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.view_sales.emit(chosen.event_id, chosen.title)

    @Slot()
    def _show_seats(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.show_seats.emit(chosen.event_id)
