"""The outbox as the admin sees it: counts, recent messages, send now, retry failed, and the
weekly promotion. Every call runs through ``ctx.services``; the panel refreshes while visible."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.status import OutboxStatus
from boxoffice.gui.context import AppContext
from boxoffice.gui.mail.outbox_model import OutboxModel
from boxoffice.i18n import N_, _
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.mail import outbox, weekly_mailing
from boxoffice.services.mail import sender as mail_sender
from boxoffice.services.mail.outbox import OutboxCounts, OutboxEntry
from boxoffice.services.mail.sender import SendReport
from boxoffice.services.mail.weekly_mailing import PromotionResult

REFRESH_MS = 15_000
FILTERS = ((N_("All messages"), ""), *((s.value.capitalize(), s.value) for s in OutboxStatus))


class OutboxPanel(QGroupBox):
    """Signals: ``refreshed()`` after counts and rows arrived; ``action_done(str)`` with the
    outcome of Send now / Retry failed / Promotion, as shown in the status line."""

    refreshed = Signal()
    action_done = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Outbox"), parent)
        self.setObjectName("outboxPanel")
        self.ctx = ctx
        self._loading = False
        self.counts_label = QLabel("–")
        self.counts_label.setObjectName("outboxCounts")
        # Its width follows its text (the stretch beside it must not take the room).
        self.counts_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.next_label = QLabel("")
        self.next_label.setObjectName("subtle")
        self.filter = QComboBox()
        self.filter.setObjectName("outboxFilter")
        for label, status in FILTERS:
            self.filter.addItem(_(label), status)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.model = OutboxModel()
        self.table = QTableView()
        self.table.setObjectName("outboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)
        header.setStretchLastSection(True)  # the error, the longest text, gets the room left
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.send_button = QPushButton(_("Send due now"))
        self.send_button.setObjectName("sendNow")
        self.send_button.setToolTip(_("Send what is due from this desk now, without waiting"))
        self.send_button.clicked.connect(self.send_now)
        self.retry_button = QPushButton(_("Retry failed"))
        self.retry_button.setObjectName("retryFailed")
        self.retry_button.setToolTip(_("Queue every failed message again, due now"))
        self.retry_button.clicked.connect(self.retry_failed)
        self.promote_button = QPushButton(_("Queue weekly promotion"))
        self.promote_button.setObjectName("queuePromotion")
        self.promote_button.setToolTip(
            _("E-mail upcoming events to customers who opted in (at most once a week each)")
        )
        self.promote_button.clicked.connect(self.queue_promotion)
        self.status = QLabel("")
        self.status.setObjectName("outboxStatus")
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.counts_label)
        top.addStretch(1)
        top.addWidget(QLabel(_("Show")))
        top.addWidget(self.filter)
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.send_button, self.retry_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.promote_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.next_label)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    # --- loading ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self._loading:
            return  # the previous refresh is still running: skip this tick
        self._loading = True
        data = self.filter.currentData()
        status = OutboxStatus(data) if data else None
        self.ctx.services.run(
            outbox.outbox_view,
            status,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, result: tuple[OutboxCounts, list[OutboxEntry]]) -> None:
        self._loading = False
        counts, entries = result
        self.counts_label.setText(
            _("Pending {pending} (due {due}) · Sent {sent} · Failed {failed}").format(
                pending=counts.pending, due=counts.due, sent=counts.sent, failed=counts.failed
            )
        )
        # Laid out once with "–", the label kept that width in the tab's row (found by the
        # pseudo-translation check): it asks for its text's width outright.
        self.counts_label.ensurePolished()
        self.counts_label.setMinimumWidth(self.counts_label.sizeHint().width())
        waiting = counts.pending - counts.due
        self.next_label.setText(
            _("{waiting} waiting to retry; next attempt {stamp}").format(
                waiting=waiting, stamp=format_stamp(counts.next_attempt_at)
            )
            if waiting and counts.next_attempt_at is not None
            else ""
        )
        self.retry_button.setEnabled(counts.failed > 0)
        self.model.set_entries(entries)
        self.refreshed.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.ctx.messages.report(exc)

    # --- actions ---------------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        for button in (self.send_button, self.retry_button, self.promote_button):
            button.setEnabled(not busy)

    def _finish(self, text: str) -> None:
        self._busy(False)
        self.status.setText(text)
        self.action_done.emit(text)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.status.setText(exc.message)
        self.action_done.emit(exc.message)

    @Slot()
    def send_now(self) -> None:
        self._busy(True)
        self.status.setText(_("Sending…"))
        self.ctx.services.run(
            mail_sender.send_due,
            on_done=self._sent,
            on_error=self._failed,
        )

    def _sent(self, report: SendReport) -> None:
        self._finish(report.summary().capitalize() + ".")

    @Slot()
    def retry_failed(self) -> None:
        self._busy(True)
        self.ctx.services.run_write(
            outbox.retry_failed,
            on_done=lambda n: self._finish(_("{n} failed message(s) queued again.").format(n=n)),
            on_error=self._failed,
        )

    @Slot()
    def queue_promotion(self) -> None:
        self._busy(True)
        self.ctx.services.run_write(
            weekly_mailing.queue_weekly_promotion,
            on_done=self._promoted,
            on_error=self._failed,
        )

    def _promoted(self, result: PromotionResult) -> None:
        if result.queued:
            self._finish(
                _("Promotion of {events} events queued for {queued} customers.").format(
                    events=result.events, queued=result.queued
                )
            )
        else:
            self._finish(result.reason)

    # --- refresh while visible -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()
