"""The Discount codes tab (managers): every code with its uses, a form to create one, and the
selected code's redemptions with a button to disable it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.codes.form import CodeForm
from boxoffice.gui.widgets.list_table import list_table
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.gui.widgets.when import day_text, when_text
from boxoffice.i18n import N_, _
from boxoffice.services.sales import discount_codes as dc
from boxoffice.services.sales.discount_codes import CodeInfo, CodeSpec, RedemptionInfo


def _used(c: CodeInfo) -> str:
    used = (
        _("{uses} of {use_limit}").format(uses=c.uses, use_limit=c.use_limit)
        if c.use_limit is not None
        else str(c.uses)
    )
    return used + (
        _(" · {per_customer_limit}/customer").format(per_customer_limit=c.per_customer_limit)
        if c.per_customer_limit
        else ""
    )


def _valid(c: CodeInfo) -> str:
    def day(when: object) -> str:
        return day_text(when.astimezone()) if when is not None else ""  # type: ignore[attr-defined]

    if c.valid_from is None and c.valid_until is None:
        return "always"
    return f"{day(c.valid_from) or '…'} – {day(c.valid_until) or '…'}"


def _scope(c: CodeInfo) -> str:
    if not c.event_ids:
        return _("every event")
    tiers = _(", {count} tier(s)").format(count=len(c.tier_ids)) if c.tier_ids else ""
    return _("event {events}{tiers}").format(events=", ".join(map(str, c.event_ids)), tiers=tiers)


CODE_COLUMNS: tuple[Column[CodeInfo], ...] = (
    Column(N_("Code"), lambda c: c.code, muted=lambda c: not c.active),
    Column(N_("Discount"), lambda c: c.amount_text, muted=lambda c: not c.active),
    Column(N_("Scope"), _scope, muted=lambda c: not c.active),
    Column(N_("Used"), _used, right=True, muted=lambda c: not c.active),
    Column(N_("Valid"), _valid, muted=lambda c: not c.active),
    Column(
        N_("State"), lambda c: "active" if c.active else "disabled", muted=lambda c: not c.active
    ),
)

REDEMPTION_COLUMNS: tuple[Column[RedemptionInfo], ...] = (
    Column(N_("Booking"), lambda r: r.booking_reference),
    Column(N_("Customer"), lambda r: r.customer or "walk-up"),
    Column(N_("Discount"), lambda r: format_money(r.amount), right=True),
    Column(N_("When"), lambda r: when_text(r.redeemed_at.astimezone(), weekday=False)),
    Column(
        N_("Use given back"),
        lambda r: day_text(r.released_at.astimezone()) if r.released_at else "",
    ),
)


class DiscountCodesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discountCodesTab")
        self.ctx = ctx
        self.codes = RecordModel(CODE_COLUMNS)
        self.table = list_table("codesTable", self.codes, stretch=1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.count = QLabel()
        self.count.setObjectName("subtle")
        self.new_button = QPushButton(_("New code…"))
        self.new_button.setObjectName("newCodeButton")
        self.new_button.setProperty("role", "primary")
        self.new_button.clicked.connect(self.open_form)
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(top)
        left_column.addWidget(self.table, 1)

        self.title = QLabel(_("Select a code"))
        self.title.setObjectName("panelTitle")
        self.detail = QLabel("")
        self.detail.setObjectName("subtle")
        self.disable_button = QPushButton(_("Disable code"))
        self.disable_button.setObjectName("disableCode")
        self.disable_button.setToolTip(_("No sale can use it from now on; its redemptions stay"))
        self.disable_button.clicked.connect(self.disable_selected)
        self.redemptions = RecordModel(REDEMPTION_COLUMNS)
        self.redemption_table = list_table("redemptionsTable", self.redemptions, stretch=1)
        self.form = CodeForm(ctx)
        self.form.submitted.connect(self.create_code)
        self.form.cancelled.connect(self.form.hide)
        self.form.hide()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.disable_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.form)
        right_column.addLayout(head)
        right_column.addWidget(self.detail)
        right_column.addWidget(QLabel(_("Redemptions")))
        right_column.addWidget(self.redemption_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(split)
        self._select: str | None = None
        self._show(None)
        self.reload()

    # -- loading --------------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        self.ctx.services.run(
            dc.list_codes, on_done=self._loaded, on_error=self.ctx.messages.report
        )

    def _loaded(self, codes: list[CodeInfo]) -> None:
        current = self.selected()
        keep = self._select or (current.code if current is not None else None)
        self._select = None
        self.codes.set_records(codes)
        active = sum(1 for c in codes if c.active)
        self.count.setText(
            _("{count} codes · {active} active").format(count=len(codes), active=active)
        )
        row = next((i for i, c in enumerate(codes) if c.code == keep), 0 if codes else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._show(self.selected())

    def selected(self) -> CodeInfo | None:
        return self.codes.record(self.table.currentIndex().row())

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.codes.record(current.row()))

    def _show(self, code: CodeInfo | None) -> None:
        self.disable_button.setEnabled(code is not None and code.active)
        self.redemptions.set_records([])
        if code is None:
            self.title.setText(_("Select a code"))
            self.detail.clear()
            return
        self.title.setText(code.code)
        back = _("gives its use back") if code.cancel_returns_use else _("keeps its use")
        note = f" · {code.description}" if code.description else ""
        self.detail.setText(
            _("{amount_text} · {scope} · used {used}\nA cancelled booking {back}{note}").format(
                amount_text=code.amount_text,
                scope=_scope(code),
                used=_used(code),
                back=back,
                note=note,
            )
        )
        wanted = code.code
        self.ctx.services.run(
            dc.code_redemptions,
            wanted,
            on_done=lambda rows: self._redemptions(wanted, rows),
            on_error=self.ctx.messages.report,
        )

    def _redemptions(self, code: str, rows: list[RedemptionInfo]) -> None:
        current = self.selected()
        if current is not None and current.code == code:
            self.redemptions.set_records(rows)

    # -- changes --------------------------------------------------------------------------------
    @Slot()
    def open_form(self) -> None:
        self.form.open_form()

    @Slot(object)
    def create_code(self, spec: CodeSpec) -> None:
        self.ctx.services.run_write(
            dc.create_code, spec, on_done=self._created, on_error=self._create_failed
        )

    def _created(self, info: CodeInfo) -> None:
        self.form.hide()
        self._select = info.code
        self.ctx.messages.info.emit(
            _("Code {code} created: {amount_text}.").format(
                code=info.code, amount_text=info.amount_text
            )
        )
        self.reload()

    def _create_failed(self, exc: BaseException) -> None:
        from boxoffice.domain.errors import BoxOfficeError

        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.form.show_problem(exc.message)

    @Slot()
    def disable_selected(self) -> None:
        code = self.selected()
        if code is None or not code.active:
            return
        self._select = code.code
        self.ctx.services.run_write(
            dc.disable_code,
            code.code,
            on_done=lambda _info: self.reload(),
            on_error=self.ctx.messages.report,
        )
