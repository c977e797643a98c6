"""The Till tab: this desk's cash session at a glance and the actions on it.

Open with a counted float, pay in / pay out with a reason, open the drawer by hand (audited),
close with a count, the variance and a manager's sign-off. A session left open (the desk was
closed or crashed) is found again here and said so once. A manager also sees the tills open at
the other desks and the till settings.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError, ValidationError
from boxoffice.domain.money import format_money, non_negative
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import DENOMINATIONS, SYMBOLS
from boxoffice.gui.context import AppContext
from boxoffice.gui.messages import headless
from boxoffice.gui.tickets import thermal
from boxoffice.gui.tickets.thermal_dialog import ThermalPrinterDialog
from boxoffice.gui.till.cash_dialog import CashDialog
from boxoffice.gui.till.close_dialog import CloseTillDialog
from boxoffice.gui.till.open_dialog import OpenTillDialog
from boxoffice.gui.widgets.flow_layout import FlowLayout
from boxoffice.i18n import N_, _
from boxoffice.services.common.local_time import format_clock
from boxoffice.services.till import (
    TillOverview,
    TillSessionView,
    TillSettings,
    close_session,
    open_session,
    pay_in,
    pay_out,
    save_till_settings,
    till_overview,
)
from boxoffice.services.till.drawer import open_drawer_by_hand
from boxoffice.services.till.z_report import ZLine, z_report_lines, z_report_pdf

KIND_LABELS = {
    "round_in": N_("Cash rounding"),
    "round_out": N_("Cash rounding"),
    "sale": N_("Cash sale"),
    "refund": N_("Cash refund"),
    "pay_in": N_("Pay-in"),
    "pay_out": N_("Pay-out"),
}

# What the tab does once the drawer opening is recorded (the desk's receipt printer kicks it).
DrawerKick = Callable[[], None]


class TillTab(QWidget):
    """Signals: ``changed()`` after each action has been applied and shown."""

    changed = Signal()

    def __init__(
        self, ctx: AppContext, kick_drawer: DrawerKick | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tillTab")
        self.ctx = ctx
        self.kick_drawer = kick_drawer
        self.overview: TillOverview | None = None
        self.dialog: QDialog | None = None

        self.status = QLabel()
        self.status.setObjectName("tillStatus")
        self.status.setWordWrap(True)
        self.figures = QFormLayout()
        self.float_label, self.sales_label = QLabel(), QLabel()
        self.refunds_label, self.pay_ins_label = QLabel(), QLabel()
        self.pay_outs_label, self.expected_label = QLabel(), QLabel()
        self.voucher_sales_label = QLabel()
        self.voucher_sales_label.setObjectName("voucherSales")
        self.expected_label.setObjectName("expected")
        for title, label in (
            (_("Float"), self.float_label),
            (_("Cash sales"), self.sales_label),
            (_("Gift vouchers sold (cash)"), self.voucher_sales_label),
            (_("Cash refunds"), self.refunds_label),
            (_("Pay-ins"), self.pay_ins_label),
            (_("Pay-outs"), self.pay_outs_label),
            (_("Expected in the drawer"), self.expected_label),
        ):
            self.figures.addRow(title, label)

        self.open_button = QPushButton(_("Open till…"))
        self.open_button.clicked.connect(self.ask_open)
        self.pay_in_button = QPushButton(_("Pay in…"))
        self.pay_in_button.clicked.connect(lambda: self.ask_cash("pay_in"))
        self.pay_out_button = QPushButton(_("Pay out…"))
        self.pay_out_button.clicked.connect(lambda: self.ask_cash("pay_out"))
        self.drawer_button = QPushButton(_("Open drawer…"))
        self.drawer_button.setToolTip(
            _("Open the cash drawer without a sale (a reason is recorded)")
        )
        self.drawer_button.clicked.connect(lambda: self.ask_cash("drawer"))
        self.close_button = QPushButton(_("Close till…"))
        self.close_button.clicked.connect(self.ask_close)
        self.z_pdf_button = QPushButton(_("Z-report PDF…"))
        self.z_pdf_button.setToolTip(_("Save the Z-report of the last session closed here"))
        self.z_pdf_button.clicked.connect(self.ask_z_pdf)
        self.z_print_button = QPushButton(_("Print Z-report"))
        self.z_print_button.setToolTip(_("The last session's Z-report on the receipt printer"))
        self.z_print_button.clicked.connect(self.print_z)
        for button in (self.z_pdf_button, self.z_print_button):
            button.setEnabled(False)
        self.last_closed: TillSessionView | None = None
        self.printer_button = QPushButton(_("Receipt printer…"))
        self.printer_button.setToolTip(_("The ESC/POS printer and cash drawer of this desk"))
        self.printer_button.clicked.connect(self.ask_printer)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons = FlowLayout()  # wraps rather than widening the window (large text)
        for button in (
            self.open_button,
            self.pay_in_button,
            self.pay_out_button,
            self.drawer_button,
            self.close_button,
            self.z_pdf_button,
            self.z_print_button,
            self.printer_button,
            self.refresh_button,
        ):
            buttons.addWidget(button)

        self.movements = QTableWidget(0, 5)
        self.movements.setObjectName("tillMovements")
        self.movements.setHorizontalHeaderLabels(
            [_("Time"), _("What"), _("Amount"), _("Booking"), _("Reason")]
        )
        self.movements.horizontalHeader().setStretchLastSection(True)
        self.movements.verticalHeader().setVisible(False)
        self.movements.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        column = QVBoxLayout(self)
        column.addWidget(self.status)
        top = QHBoxLayout()
        top.addLayout(self.figures)
        top.addStretch(1)
        column.addLayout(top)
        column.addLayout(buttons)
        column.addWidget(self.movements, 1)
        self.manager_box: QGroupBox | None = None
        if ctx.actor.can(Permission.MANAGE_TILLS):
            column.addWidget(self._manager_box())
        self.refresh()

    # --- manager: other desks and settings -------------------------------------------------

    def _manager_box(self) -> QGroupBox:
        box = QGroupBox(_("All desks (manager)"))
        self.others = QTableWidget(0, 4)
        self.others.setObjectName("openTills")
        self.others.setHorizontalHeaderLabels(
            [_("Desk"), _("Clerk"), _("Open since"), _("Expected")]
        )
        self.others.horizontalHeader().setStretchLastSection(True)
        # Columns as wide as their (translated) titles, whatever the rows hold.
        self.others.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.others.verticalHeader().setVisible(False)
        self.others.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.others.setMaximumHeight(130)
        self.currency = QComboBox()
        self.currency.addItems(sorted(DENOMINATIONS))
        self.needs_till = QCheckBox(_("Cash sales need an open till"))
        self.reason_above = QLineEdit()
        self.reason_above.setMaximumWidth(90)
        save = QPushButton(_("Save settings"))
        save.clicked.connect(self.save_settings)
        settings = QHBoxLayout()
        settings.addWidget(QLabel(_("Currency")))
        settings.addWidget(self.currency)
        settings.addWidget(self.needs_till)
        settings.addWidget(QLabel(_("Variance allowed without a reason")))
        settings.addWidget(self.reason_above)
        settings.addStretch(1)
        settings.addWidget(save)
        inner = QVBoxLayout(box)
        inner.addWidget(QLabel(_("Tills open at other desks")))
        inner.addWidget(self.others)
        inner.addLayout(settings)
        self.manager_box = box
        return box

    @Slot()
    def save_settings(self) -> None:
        try:
            limit = non_negative(self.reason_above.text() or "0", _("The variance allowed"))
        except ValidationError as exc:
            self.ctx.messages.report(exc)
            return
        wanted = TillSettings(self.currency.currentText(), self.needs_till.isChecked(), limit)
        self.ctx.services.run_write(
            save_till_settings,
            wanted,
            on_done=lambda _s: self._done(_("The till settings are saved for every desk.")),
            on_error=self.ctx.messages.report,
        )

    # --- loading ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        self.ctx.services.run(till_overview, on_done=self._show, on_error=self.ctx.messages.report)

    def _show(self, overview: TillOverview) -> None:
        self.overview = overview
        current = overview.current
        symbol = SYMBOLS.get(overview.settings.currency, "")
        if current is not None:
            symbol = SYMBOLS.get(current.currency, "")
        desk = self.ctx.actor.desk
        if current is None:
            self.status.setText(
                _("The till of {desk} is closed.").format(desk=desk)
                + (
                    _(" Cash sales need an open till: open it with a counted float.")
                    if overview.settings.cash_needs_session
                    else _(" Open it with a counted float to take cash against it.")
                )
            )
        else:
            self.status.setText(
                _("The till of {desk} is open, by {clerk} since {clock} ({currency}).").format(
                    desk=desk,
                    clerk=current.clerk,
                    clock=format_clock(current.opened_at),
                    currency=current.currency,
                )
            )
        self._figures(current, symbol)
        self._rows(current, symbol)
        is_open = current is not None
        self.open_button.setEnabled(not is_open)
        for button in (self.pay_in_button, self.pay_out_button, self.drawer_button):
            button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        if self.manager_box is not None:
            self._show_manager(overview, symbol)

    def _figures(self, current: TillSessionView | None, symbol: str) -> None:
        def money(amount: Decimal | None) -> str:
            return "–" if amount is None else format_money(amount, symbol)

        totals = current.totals if current else None
        self.float_label.setText(money(current.float_amount if current else None))
        self.sales_label.setText(money(totals.sales if totals else None))
        self.voucher_sales_label.setText(money(totals.voucher_sales if totals else None))
        self.refunds_label.setText(money(totals.refunds if totals else None))
        self.pay_ins_label.setText(money(totals.pay_ins if totals else None))
        self.pay_outs_label.setText(money(totals.pay_outs if totals else None))
        self.expected_label.setText(money(current.expected if current else None))

    def _rows(self, current: TillSessionView | None, symbol: str) -> None:
        moves = current.movements if current else ()
        self.movements.setRowCount(len(moves))
        for row, m in enumerate(reversed(moves)):  # newest first
            sign = "" if m.kind in ("sale", "pay_in", "round_in") else "−"
            cells = (
                format_clock(m.at),
                _(KIND_LABELS.get(m.kind, m.kind)),
                sign + format_money(m.amount, symbol),
                m.booking_reference,
                m.reason,
            )
            for col, text in enumerate(cells):
                self.movements.setItem(row, col, QTableWidgetItem(text))
        self.movements.resizeColumnsToContents()

    def _show_manager(self, overview: TillOverview, symbol: str) -> None:
        others = overview.open_elsewhere
        self.others.setRowCount(len(others))
        for row, v in enumerate(others):
            cells = (
                v.desk,
                v.clerk,
                format_clock(v.opened_at),
                format_money(v.expected, SYMBOLS.get(v.currency, symbol)),
            )
            for col, text in enumerate(cells):
                self.others.setItem(row, col, QTableWidgetItem(text))
        self.currency.setCurrentText(overview.settings.currency)
        self.needs_till.setChecked(overview.settings.cash_needs_session)
        self.reason_above.setText(str(overview.settings.reason_above))

    # --- actions ---------------------------------------------------------------------------

    @Slot()
    def ask_open(self) -> None:
        if self.overview is None:
            return
        dialog = OpenTillDialog(self.overview.settings.currency, self.ctx.actor.desk, self)
        dialog.accepted.connect(lambda: self.open_till(dialog.form.counts()))
        self._show_dialog(dialog)

    def open_till(self, counts: dict[Decimal, int]) -> None:
        self.ctx.services.run_write(
            open_session,
            counts,
            on_done=lambda v: self._done(
                _("The till is open with a float of {amount}.").format(
                    amount=format_money(v.float_amount, SYMBOLS.get(v.currency, ""))
                )
            ),
            on_error=self.ctx.messages.report,
        )

    def ask_cash(self, kind: str) -> None:
        titles = {"pay_in": _("Pay in"), "pay_out": _("Pay out"), "drawer": _("Open the drawer")}
        dialog = CashDialog(titles[kind], with_amount=kind != "drawer", parent=self)
        dialog.accepted.connect(
            lambda: self.move_cash(kind, dialog.amount.text(), dialog.reason.text())
        )
        self._show_dialog(dialog)

    def move_cash(self, kind: str, amount: str, reason: str) -> None:
        if kind == "drawer":
            self.ctx.services.run_write(
                open_drawer_by_hand,
                reason,
                on_done=lambda _id: self._drawer_opened(),
                on_error=self.ctx.messages.report,
            )
            return
        use_case = pay_in if kind == "pay_in" else pay_out
        self.ctx.services.run_write(
            use_case,
            amount,
            reason,
            on_done=lambda _v: self._done(
                _("Pay-in recorded.") if kind == "pay_in" else _("Pay-out recorded.")
            ),
            on_error=self.ctx.messages.report,
        )

    def _drawer_opened(self) -> None:
        if self.kick_drawer is not None:
            self.kick_drawer()
        self._done(_("The drawer opening is recorded."))

    @Slot()
    def ask_close(self) -> None:
        if self.overview is None or self.overview.current is None:
            return
        dialog = CloseTillDialog(self.overview.current, self.overview.settings.reason_above, self)
        dialog.accepted.connect(
            lambda: self.close_till(
                dialog.form.counts(),
                dialog.reason.text(),
                dialog.manager.text(),
                dialog.password.text(),
            )
        )
        self._show_dialog(dialog)

    def close_till(
        self, counts: dict[Decimal, int], reason: str, manager: str, password: str
    ) -> None:
        if self.overview is None or self.overview.current is None:
            return
        self.ctx.services.run_write(
            close_session,
            self.overview.current.id,
            counts,
            reason,
            manager,
            password,
            on_done=self._closed,
            on_error=self.ctx.messages.report,
        )

    def _closed(self, view: TillSessionView) -> None:
        symbol = SYMBOLS.get(view.currency, "")
        variance = view.variance or Decimal("0.00")
        self.last_closed = view
        for button in (self.z_pdf_button, self.z_print_button):
            button.setEnabled(True)
        self._done(
            _(
                "The till is closed: counted {amount}, variance {amount2}, signed off by {manager}."
            ).format(
                amount=format_money(view.counted or variance, symbol),
                amount2=format_money(variance, symbol),
                manager=view.manager,
            )
        )

    @Slot()
    def ask_z_pdf(self) -> None:
        if self.last_closed is None:
            return
        name = _("z-report-{desk}-{id}.pdf").format(
            desk=self.last_closed.desk, id=self.last_closed.id
        )
        if headless():
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the Z-report"), name, _("PDF (*.pdf)")
        )
        if path:
            self.save_z_pdf(Path(path))

    def save_z_pdf(self, path: Path) -> None:
        """Write the last closed session's Z-report to *path* (read on a worker)."""
        if self.last_closed is None:
            return

        def write(pdf: bytes) -> None:
            try:
                path.write_bytes(pdf)
            except OSError as exc:
                self.ctx.messages.error.emit(
                    _("The Z-report could not be saved: {strerror}.").format(strerror=exc.strerror)
                )
                return
            self.ctx.messages.info.emit(_("Z-report saved to {path}.").format(path=path))

        self.ctx.services.run(
            z_report_pdf, self.last_closed.id, on_done=write, on_error=self.ctx.messages.report
        )

    @Slot()
    def print_z(self) -> None:
        if self.last_closed is None:
            return

        def send(lines: list[ZLine]) -> None:
            rows = [(line.left, line.right, line.bold) for line in lines]
            if not thermal.print_lines(self.ctx, rows, _("Z-report")):
                self.ctx.messages.warning.emit(
                    _("No receipt printer is set up at this desk: save the Z-report as a PDF.")
                )

        self.ctx.services.run(
            z_report_lines, self.last_closed.id, on_done=send, on_error=self.ctx.messages.report
        )

    @Slot()
    def ask_printer(self) -> None:
        dialog = ThermalPrinterDialog(self.ctx.settings, self)
        dialog.accepted.connect(
            lambda: self.ctx.messages.info.emit(
                _("This desk prints on the {describe}.").format(describe=dialog.printer.describe())
                if dialog.printer
                else _("This desk has no receipt printer.")
            )
        )
        self._show_dialog(dialog)

    # --- plumbing --------------------------------------------------------------------------

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setModal(True)
        dialog.open()

    def _done(self, text: str) -> None:
        self.ctx.messages.info.emit(text)
        self.refresh()
        self.changed.emit()

    def report(self, exc: BoxOfficeError) -> None:
        self.ctx.messages.report(exc)
