"""The Reports tab (managers): sales charts and tables, event statistics, end-of-shift cash.

The pages come from :data:`~boxoffice.gui.manager.reports.pages.PAGES`. Every report is one
service call that its page names, run through ``ctx.services``; a result that arrives after the
manager already asked for something else is dropped. A read in progress shows (a busy bar,
"Reading the figures…", exports disabled); the page shown is read again when the tab is opened,
every minute while it stays on screen, and right before every export, which writes the fresh
report (CSV: the table in view; PDF: the whole page) with its period and the time it was read,
also in the default file name, on a worker thread.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.reports.filters import ReportFilters, desk_offset_minutes
from boxoffice.gui.manager.reports.navigate import open_tab
from boxoffice.gui.manager.reports.page import ReportPage
from boxoffice.gui.manager.reports.pages import KEYS, PAGES, PageSetup
from boxoffice.gui.manager.reports.sales_page import SalesPage
from boxoffice.gui.manager.reports.shift_page import ShiftPage
from boxoffice.gui.manager.reports.stats_page import StatsPage
from boxoffice.gui.messages import headless
from boxoffice.i18n import _
from boxoffice.services.reports import export as reports_export
from boxoffice.services.reports import sales as reports
from boxoffice.services.reports import shift as reports_shift
from boxoffice.services.reports.export import ReportTable

log = logging.getLogger(__name__)
P = TypeVar("P", bound=ReportPage)
SALES, STATS, SHIFT = (KEYS.index(key) for key in ("sales", "stats", "shift"))
REFRESH_MS = 60_000  # while shown, the page is read again this often (other desks sell)
FRESH_S = 5.0  # opening the tab re-reads figures older than this


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(title: str, suffix: str, period: str = "", generated: datetime | None = None) -> str:
    """``daily-sales-all-events-last-30-days-generated-2026-11-28-1813.csv``: the report, its
    period and when its figures were read (desk time)."""
    when = (generated or utcnow()).astimezone()
    parts = [_slug(title), _slug(period)[:60].strip("-"), f"generated-{when:%Y-%m-%d-%H%M}"]
    return "-".join(p for p in parts if p) + f".{suffix}"


class ReportsTab(QWidget):
    """Signals: ``loaded(int)`` after a page (its index in PAGES) showed fresh figures;
    ``exported(str)`` with the path of each file written."""

    loaded = Signal(int)
    exported = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        utc_offset_minutes: int | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsTab")
        self.ctx = ctx
        self.offset = desk_offset_minutes() if utc_offset_minutes is None else utc_offset_minutes
        self._tokens = [0] * len(PAGES)  # per page: results of older requests are dropped
        self._started = 0.0
        self.reading: set[int] = set()  # pages whose figures are being read
        self.generated: dict[int, datetime] = {}  # page -> when its figures were read (UTC)
        self._after_read: dict[int, list[Callable[[], None]]] = {}  # exports waiting for a read
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)

        self.filters = ReportFilters(utc_offset_minutes=self.offset, now=now)
        setup = PageSetup(self.filters, self.offset, now)
        self.page_list: list[ReportPage] = [spec.build(setup) for spec in PAGES]
        self.pages = QTabWidget()
        self.pages.setObjectName("reportPages")
        self.pages.setDocumentMode(True)
        for spec, page in zip(PAGES, self.page_list, strict=True):
            self.pages.addTab(page, _(spec.title))

        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setObjectName("refreshReport")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setToolTip(_("Read the figures again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(_("Export CSV…"))
        self.csv_button.setObjectName("exportCsv")
        self.csv_button.setToolTip(_("Save the table in view as a CSV file (plain numbers)"))
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button = QPushButton(_("Export PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.setToolTip(_("Save this page's report as a PDF document"))
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.status = QLabel("")
        self.status.setObjectName("subtle")
        self.busy = QProgressBar()
        self.busy.setObjectName("reportBusy")
        self.busy.setRange(0, 0)  # no known end: the bar just moves
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(140)
        self.busy.setToolTip(_("Reading the figures…"))
        self.busy.hide()

        # The buttons sit beside the page tabs, not beside the filters: a filter row and three
        # buttons in one line overflowed a 1366-pixel desk once translated (German, French).
        corner = QWidget()
        corner.setObjectName("reportButtons")
        buttons = QHBoxLayout(corner)
        buttons.setContentsMargins(0, 0, 0, 2)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        self.pages.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 6)
        column.addWidget(self.filters)
        column.addWidget(self.pages, 1)
        column.addWidget(self.status)

        for index, page in enumerate(self.page_list):
            page.changed.connect(lambda i=index: self.refresh_page(i))
        self.pages.currentChanged.connect(self._page_changed)
        self.stats.view_sales.connect(self.view_sales)
        self.stats.show_seats.connect(self.show_seats)
        self._load_choices()
        self._page_changed(self.pages.currentIndex())

    @property
    def sales(self) -> SalesPage:
        return self._page(SalesPage)

    @property
    def stats(self) -> StatsPage:
        return self._page(StatsPage)

    @property
    def shift(self) -> ShiftPage:
        return self._page(ShiftPage)

    def _page(self, kind: type[P]) -> P:
        return next(p for p in self.page_list if isinstance(p, kind))

    # -- loading ----------------------------------------------------------------------------------
    def _load_choices(self) -> None:
        ctx = self.ctx
        ctx.services.run(
            reports.report_events,
            on_done=self.filters.set_events,
            on_error=ctx.messages.report,
        )
        ctx.services.run(
            reports_shift.shift_clerks,
            on_done=self.shift.set_clerks,
            on_error=ctx.messages.report,
        )

    @Slot(int)
    def _page_changed(self, index: int) -> None:
        # The event and period choose what the Sales page shows; the other pages have their own.
        self.filters.setVisible(
            0 <= index < len(self.page_list) and self.page_list[index].shows_filters
        )
        self.refresh_page(index)

    @Slot()
    def refresh(self) -> None:
        self.refresh_page(self.pages.currentIndex())

    @Slot()
    def _tick(self) -> None:
        if not self.reading:  # a slow read is not stacked with another
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        page = self.pages.currentIndex()
        read = self.generated.get(page)
        stale = read is None or (utcnow() - read).total_seconds() > FRESH_S
        if page not in self.reading and stale:
            self.refresh_page(page)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()  # nobody looking: no reads

    def _show_reading(self) -> None:
        busy = bool(self.reading)
        self.busy.setVisible(busy)
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(not busy)

    def refresh_page(self, page: int) -> bool:
        """Read *page*'s figures again; False if its choices are impossible (reported)."""
        if not 0 <= page < len(self.page_list):
            return False
        ctx = self.ctx
        shown = self.page_list[page]
        try:
            call = shown.request()
        except BoxOfficeError as exc:  # impossible choices (an inverted date range)
            ctx.messages.report(exc)
            return False
        self._tokens[page] += 1
        token = self._tokens[page]
        self._started = time.perf_counter()
        self.reading.add(page)
        self._show_reading()
        self.status.setText(_("Reading the figures…"))
        ctx.services.run(
            call.use_case,
            *call.args,
            on_done=lambda result: self._arrived(page, token, shown.show_result, result),
            on_error=lambda exc: self._failed(page, token, exc),
            **call.kwargs,
        )
        return True

    def _arrived(self, page: int, token: int, show: Callable[[Any], None], result: Any) -> None:
        if token != self._tokens[page]:
            return  # superseded by a newer request
        show(result)
        self.reading.discard(page)
        self._show_reading()
        self.generated[page] = utcnow()
        took = time.perf_counter() - self._started
        self.status.setText(
            _("Updated {now:%H:%M:%S} · read in {took:.2f} s").format(now=datetime.now(), took=took)
        )
        self.loaded.emit(page)
        for then in self._after_read.pop(page, []):
            then()

    def _failed(self, page: int, token: int, exc: BaseException) -> None:
        if token == self._tokens[page]:
            self.reading.discard(page)
            self._show_reading()
            self.status.setText("")
            if self._after_read.pop(page, None):
                self.ctx.messages.warning.emit(_("Not exported: the figures could not be read."))
            self.ctx.messages.report(exc)

    def _read_then(self, then: Callable[[], None]) -> None:
        """Read the page shown again, then run *then* (an export of the fresh figures)."""
        page = self.pages.currentIndex()
        self._after_read.setdefault(page, []).append(then)
        if not self.refresh_page(page):
            self._after_read.pop(page, None)

    # -- navigation -------------------------------------------------------------------------------
    @Slot(int, str)
    def view_sales(self, event_id: int, title: str = "") -> None:
        """Show the sales report of *event_id* (from the statistics table)."""
        self.filters.select_event(event_id, title)
        self.pages.setCurrentIndex(SALES)

    @Slot(int)
    def show_seats(self, event_id: int) -> None:
        """Open the seat monitor on *event_id* (when this tab lives in the main window)."""
        monitor = open_tab(self, "monitor")
        watch = getattr(monitor, "watch", None)
        if watch is not None:
            watch(event_id)

    # -- export -----------------------------------------------------------------------------------
    def _current(self) -> ReportPage | None:
        index = self.pages.currentIndex()
        return self.page_list[index] if 0 <= index < len(self.page_list) else None

    def _tables_for_pdf(self) -> list[ReportTable]:
        page = self._current()
        return page.pdf_tables() if page is not None else []

    def _table_for_csv(self) -> ReportTable | None:
        page = self._current()
        return page.current_table() if page is not None else None

    def _ask_path(self, caption: str, default: str, pattern: str) -> str | None:
        if headless():
            log.info("export %r: no file chosen (no one to ask)", caption)
            return None
        folder = self.ctx.settings.value("reports/folder", str(Path.home()))
        path, _filter = QFileDialog.getSaveFileName(
            self, caption, str(Path(str(folder)) / default), pattern
        )
        if path:
            self.ctx.settings.setValue("reports/folder", str(Path(path).parent))
        return path or None

    def export_csv(self, path: str | Path | None = None) -> None:
        """Read the figures again, then save the table in view (with its period and the time
        of reading) to *path* (asked for when None)."""
        table = self._table_for_csv()
        if table is None:
            self.ctx.messages.warning.emit(_("There is no report to export yet."))
            return
        default = file_name(table.title, "csv", table.subtitle)
        target = path or self._ask_path(_("Export CSV"), default, _("CSV (*.csv)"))
        if target:
            self._read_then(lambda: self._write_csv(str(target)))

    def _write_csv(self, path: str) -> None:
        table = self._table_for_csv()
        if table is not None:
            when = self.generated.get(self.pages.currentIndex(), utcnow())
            self._save(reports_export.save_csv, path, table, when)

    def export_pdf(self, path: str | Path | None = None) -> None:
        """Like :meth:`export_csv`, for the whole page as a PDF document."""
        tables = self._tables_for_pdf()
        if not tables:
            self.ctx.messages.warning.emit(_("There is no report to export yet."))
            return
        default = file_name(tables[0].title, "pdf", tables[0].subtitle)
        target = path or self._ask_path(_("Export PDF"), default, _("PDF (*.pdf)"))
        if target:
            self._read_then(lambda: self._write_pdf(str(target)))

    def _write_pdf(self, path: str) -> None:
        tables = self._tables_for_pdf()
        if tables:
            when = self.generated.get(self.pages.currentIndex(), utcnow())
            self._save(reports_export.save_pdf, path, tables, tables[0].title, when)

    def _save(self, writer: Callable[..., None], path: str, *args: Any) -> None:
        self.ctx.tasks.run(
            writer,
            path,
            *args,
            on_done=lambda _r: self._saved(path),
            on_error=self._save_failed,
        )

    def _saved(self, path: str) -> None:
        self.ctx.messages.info.emit(_("Saved {path}").format(path=path))
        self.exported.emit(path)

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            self.ctx.messages.error.emit(
                _("Could not save the file: {reason}").format(reason=exc.strerror or exc)
            )
            return
        self.ctx.messages.report(exc)
