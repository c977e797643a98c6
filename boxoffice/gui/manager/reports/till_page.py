"""The Till sessions page: every desk's sessions in a period, variances, pay-ins and pay-outs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from boxoffice.gui.manager.reports.page import ReportCall, ReportPage
from boxoffice.gui.manager.reports.report_model import ReportModel
from boxoffice.gui.manager.reports.span_edits import read_span, set_span, span_edit, today_span
from boxoffice.gui.manager.reports.widgets import report_view
from boxoffice.i18n import _
from boxoffice.services.reports.export import ReportTable
from boxoffice.services.till.report import till_sessions_report


class TillPage(ReportPage):
    """Signals: ``changed()`` when the period changes (the tab reloads)."""

    def __init__(
        self,
        utc_offset_minutes: int = 0,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.offset = utc_offset_minutes
        self.start, self.end = span_edit(), span_edit()
        today = QPushButton(_("Today"))
        today.clicked.connect(lambda: self.set_today(None))
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        self.model = ReportModel()
        self.view = report_view("tillTable", self.model, stretch=1)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Sessions opened from")))
        top.addWidget(self.start)
        top.addWidget(QLabel(_("to")))
        top.addWidget(self.end)
        top.addWidget(today)
        top.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(top)
        column.addWidget(self.summary)
        column.addWidget(self.view, 1)
        self.set_today(now)
        self.start.dateTimeChanged.connect(lambda _d: self.changed.emit())
        self.end.dateTimeChanged.connect(lambda _d: self.changed.emit())

    @Slot()
    def set_today(self, now: datetime | None = None) -> None:
        set_span(self.start, self.end, today_span(now))
        self.changed.emit()

    def request(self) -> ReportCall:
        start, end = read_span(self.start, self.end)
        return ReportCall(till_sessions_report, (start, end, self.offset))

    def show_result(self, result: Any) -> None:
        assert isinstance(result, ReportTable)
        self.model.set_table(result)
        self.summary.setText(result.subtitle)

    def current_table(self) -> ReportTable | None:
        return self.model.table
