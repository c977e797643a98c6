"""The Till sessions page: every desk's sessions in a period, variances, pay-ins and pay-outs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Slot
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from boxoffice.gui.manager.reports.page import ReportCall, ReportPage
from boxoffice.gui.manager.reports.report_model import ReportModel
from boxoffice.gui.manager.reports.widgets import report_view
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
        self.start, self.end = QDateTimeEdit(), QDateTimeEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy HH:mm")
        today = QPushButton("Today")
        today.clicked.connect(lambda: self.set_today(None))
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        self.model = ReportModel()
        self.view = report_view("tillTable", self.model, stretch=1)
        top = QHBoxLayout()
        top.addWidget(QLabel("Sessions opened from"))
        top.addWidget(self.start)
        top.addWidget(QLabel("to"))
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
        moment = (now or datetime.now(UTC)).astimezone()
        midnight = datetime.combine(moment.date(), time(), tzinfo=moment.tzinfo)
        for edit, value in ((self.start, midnight), (self.end, moment + timedelta(minutes=1))):
            edit.blockSignals(True)
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
            edit.blockSignals(False)
        self.changed.emit()

    def request(self) -> ReportCall:
        start = datetime.fromtimestamp(self.start.dateTime().toSecsSinceEpoch(), UTC)
        end = datetime.fromtimestamp(self.end.dateTime().toSecsSinceEpoch(), UTC)
        return ReportCall(till_sessions_report, (start, end, self.offset))

    def show_result(self, result: Any) -> None:
        assert isinstance(result, ReportTable)
        self.model.set_table(result)
        self.summary.setText(result.subtitle)

    def current_table(self) -> ReportTable | None:
        return self.model.table
