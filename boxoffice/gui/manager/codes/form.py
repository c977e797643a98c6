"""The new-code form: the code, percent or amount, per ticket or per order, an optional event
(and some of its tiers), validity dates, use limits and what a cancellation does."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.discount import DiscountApplies, DiscountKind
from boxoffice.domain.errors import ValidationError
from boxoffice.gui.context import AppContext
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import _
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventDetail, EventQuery, EventSummary
from boxoffice.services.sales.discount_codes import CodeSpec

NO_LIMIT = 0  # the spin boxes' "none"


def _limit_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(NO_LIMIT, 1_000_000)
    box.setSpecialValueText(_("no limit"))
    return box


def _date_box(name: str) -> tuple[QCheckBox, QDateEdit]:
    check = QCheckBox()
    check.setObjectName(f"{name}On")
    edit = QDateEdit(QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    check.toggled.connect(edit.setEnabled)
    return check, edit


class CodeForm(QWidget):
    """Signals: ``submitted(object)`` a CodeSpec; ``cancelled()``."""

    submitted = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeForm")
        self.ctx = ctx
        self.code = QLineEdit()
        self.code.setObjectName("newCode")
        self.code.setPlaceholderText(_("e.g. SPRING10"))
        self.code.setMaxLength(32)
        self.kind = QComboBox()
        self.kind.setObjectName("codeKind")
        self.kind.addItem(_("% off"), DiscountKind.PERCENT)
        self.kind.addItem(_("amount off"), DiscountKind.FIXED)
        self.value = QLineEdit()
        self.value.setObjectName("codeValue")
        self.value.setPlaceholderText("10")
        self.applies = QComboBox()
        self.applies.setObjectName("codeApplies")
        self.applies.addItem(_("each ticket"), DiscountApplies.TICKET)
        self.applies.addItem(_("the whole order"), DiscountApplies.ORDER)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value, 1)
        value_row.addWidget(self.kind)
        value_row.addWidget(QLabel(_("on")))
        value_row.addWidget(self.applies)
        self.event_box = QComboBox()
        self.event_box.setObjectName("codeEvent")
        self.event_box.addItem(_("Every event"), None)
        self.event_box.currentIndexChanged.connect(self._event_changed)
        self.tiers = QListWidget()
        self.tiers.setObjectName("codeTiers")
        self.tiers.setMaximumHeight(90)
        self.tiers.hide()
        self.from_on, self.valid_from = _date_box("codeFrom")
        self.until_on, self.valid_until = _date_box("codeUntil")
        dates = QHBoxLayout()
        dates.addWidget(self.from_on)
        dates.addWidget(QLabel(_("from")))
        dates.addWidget(self.valid_from)
        dates.addWidget(self.until_on)
        dates.addWidget(QLabel(_("until (incl.)")))
        dates.addWidget(self.valid_until)
        dates.addStretch(1)
        self.use_limit = _limit_box("codeLimit")
        self.per_customer = _limit_box("codePerCustomer")
        self.returns = QCheckBox(_("A cancelled booking gives its use back"))
        self.returns.setObjectName("codeReturns")
        self.returns.setChecked(True)
        self.description = QLineEdit()
        self.description.setObjectName("codeDescription")
        self.description.setMaxLength(200)
        self.problem = QLabel("")
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.create_button = QPushButton(_("Create code"))
        self.create_button.setObjectName("createCode")
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self.submit)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)
        form = QFormLayout()
        form.addRow(_("Code"), self.code)
        form.addRow(_("Discount"), value_row)
        form.addRow(_("Event"), self.event_box)
        form.addRow("", self.tiers)
        form.addRow(_("Valid"), dates)
        form.addRow(_("Uses in all"), self.use_limit)
        form.addRow(_("Uses per customer"), self.per_customer)
        form.addRow("", self.returns)
        form.addRow(_("Note"), self.description)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addLayout(buttons)

    def open_form(self) -> None:
        self.code.clear()
        self.value.clear()
        self.problem.clear()
        self.show()
        self.code.setFocus()
        if self.event_box.count() == 1:
            self.ctx.services.run(
                catalog.search_events,
                EventQuery(),
                0,
                500,
                on_done=self._events_loaded,
                on_error=self.ctx.messages.report,
            )

    def _events_loaded(self, events: list[EventSummary]) -> None:
        for event in events:
            when = when_text(event.starts_at.astimezone(), weekday=False)
            self.event_box.addItem(f"{event.title} — {when}", event.id)

    @Slot(int)
    def _event_changed(self, _index: int) -> None:
        self.tiers.clear()
        event_id = self.event_box.currentData()
        self.tiers.setVisible(event_id is not None)
        if event_id is not None:
            self.ctx.services.run(
                catalog.get_event, event_id, on_done=self._tiers_loaded, on_error=self._no_tiers
            )

    def _tiers_loaded(self, event: EventDetail) -> None:
        if event.id != self.event_box.currentData():
            return
        self.tiers.clear()
        for tier in event.tiers:
            item = QListWidgetItem(tier.name)
            item.setData(Qt.ItemDataRole.UserRole, tier.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.tiers.addItem(item)
        self.tiers.setToolTip(_("Tick tiers to limit the code to them; none ticked: every tier"))

    def _no_tiers(self, exc: BaseException) -> None:
        self.tiers.hide()
        self.ctx.messages.report(exc)

    def _tier_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.tiers.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.tiers.count())
            if self.tiers.item(i).checkState() == Qt.CheckState.Checked
        )

    def spec(self) -> CodeSpec:
        """The form as a CodeSpec; ValidationError says what to fix."""
        text = self.value.text().strip().replace(",", ".").rstrip("%")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Type how much the code takes off.")) from None
        event_id: Any = self.event_box.currentData()
        valid_from = _utc(self.valid_from.date(), time.min) if self.from_on.isChecked() else None
        valid_until = (
            _utc(self.valid_until.date().addDays(1), time.min)
            if self.until_on.isChecked()
            else None
        )
        return CodeSpec(
            code=self.code.text(),
            kind=DiscountKind(self.kind.currentData()),
            value=value,
            applies_to=DiscountApplies(self.applies.currentData()),
            event_ids=(event_id,) if event_id is not None else (),
            tier_ids=self._tier_ids() if event_id is not None else (),
            valid_from=valid_from,
            valid_until=valid_until,
            use_limit=self.use_limit.value() or None,
            per_customer_limit=self.per_customer.value() or None,
            cancel_returns_use=self.returns.isChecked(),
            description=self.description.text(),
        )

    @Slot()
    def submit(self) -> None:
        try:
            spec = self.spec()
        except ValidationError as exc:
            self.show_problem(exc.message)
            return
        self.problem.clear()
        self.submitted.emit(spec)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)


def _utc(day: QDate, at: time) -> datetime:
    """Local midnight of *day* as a UTC time (the desk's zone: codes run by local dates)."""
    local = datetime.combine(day.toPython(), at).astimezone()  # type: ignore[arg-type]
    return local.astimezone(UTC)
