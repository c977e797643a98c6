"""The event editor's ticket types, booking fees and tax: two small tables and a rate, saved by
their own button (one service call). A type's price per tier is typed as text: empty = the
tier's price, 12.00 = a fixed price, -5.00 = an amount off, 50% = a percentage off."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
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
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.gui.context import AppContext
from boxoffice.i18n import N_, _
from boxoffice.services.events import pricing_setup
from boxoffice.services.events.price_rule_text import parse_rule, rule_text
from boxoffice.services.events.pricing_setup import FeeSetup, PricingSetup, TypePrice, TypeSetup

TYPE_FIXED = (N_("Type"), N_("Default"), N_("Complimentary"), N_("Clerk checks"))
FEE_COLUMNS = (
    N_("Fee"),
    N_("Per ticket or order"),
    N_("Amount"),
    N_("Refundable"),
    N_("Only when paid by"),
)
METHODS = ("", "cash", "card", "saved_card")


def _check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(table: QTableWidget, row: int, column: int) -> bool:
    item = table.item(row, column)
    return item is not None and item.checkState() == Qt.CheckState.Checked


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


class PricingPanel(QWidget):
    """Types, fees and tax of the event shown by the editor (``load(event_id)``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pricingPanel")
        self.ctx = ctx
        self.event_id: int | None = None
        self.setup = PricingSetup()

        self.types = QTableWidget(0, len(TYPE_FIXED))
        self.types.setObjectName("ticketTypes")
        self.types.setMinimumHeight(220)
        self.types.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.types.verticalHeader().hide()
        self.types.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.standard = QPushButton(_("Standard types"))
        self.standard.setObjectName("standardTypes")
        self.standard.setToolTip(_("Adult, Child (half), Senior and Student (20 % off), …"))
        self.standard.clicked.connect(self.fill_standard)
        add_type = QPushButton(_("Add type"))
        add_type.clicked.connect(lambda: self._add_type(TypeSetup("")))
        remove_type = QPushButton(_("Remove type"))
        remove_type.clicked.connect(lambda: self._remove_current(self.types))

        self.fees = QTableWidget(0, len(FEE_COLUMNS))
        self.fees.setObjectName("eventFees")
        self.fees.setHorizontalHeaderLabels([_(c) for c in FEE_COLUMNS])
        self.fees.verticalHeader().hide()
        self.fees.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        add_fee = QPushButton(_("Add fee"))
        add_fee.clicked.connect(
            lambda: self._add_fee(FeeSetup("Booking fee", FeePer.TICKET, Decimal("1.00")))
        )
        remove_fee = QPushButton(_("Remove fee"))
        remove_fee.clicked.connect(lambda: self._remove_current(self.fees))

        self.tax_name = QLineEdit()
        self.tax_name.setObjectName("taxName")
        self.tax_name.setPlaceholderText(_("No tax (or e.g. VAT 20%)"))
        self.tax_percent = QDoubleSpinBox()
        self.tax_percent.setObjectName("taxPercent")
        self.tax_percent.setRange(0, 100)
        self.tax_percent.setDecimals(2)
        self.tax_percent.setSuffix(" %")
        self.inclusive = QCheckBox(_("Prices include tax (all events)"))
        self.inclusive.setObjectName("pricesIncludeTax")
        self.save_button = QPushButton(_("Save types, fees and tax"))
        self.save_button.setObjectName("savePricing")
        self.save_button.clicked.connect(self.save)
        self.note = QLabel("")
        self.note.setObjectName("pricingNote")
        self.note.setWordWrap(True)

        type_buttons = QHBoxLayout()
        type_buttons.addWidget(self.standard)
        type_buttons.addWidget(add_type)
        type_buttons.addWidget(remove_type)
        type_buttons.addStretch(1)
        fee_buttons = QHBoxLayout()
        fee_buttons.addWidget(add_fee)
        fee_buttons.addWidget(remove_fee)
        fee_buttons.addStretch(1)
        tax_row = QHBoxLayout()
        tax_row.addWidget(QLabel(_("Tax")))
        tax_row.addWidget(self.tax_name, 1)
        tax_row.addWidget(self.tax_percent)
        tax_row.addWidget(self.inclusive)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(_("Price per tier: empty = tier price, 12.00 fixed, -5.00 off, 50% off."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addWidget(self.types)
        column.addLayout(type_buttons)
        column.addWidget(self.fees)
        column.addLayout(fee_buttons)
        column.addLayout(tax_row)
        column.addWidget(self.note)
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setEnabled(False)
        self.note.setText(_("Save the event first; then set its ticket types, fees and tax."))

    # -- loading ---------------------------------------------------------------------------------
    def load(self, event_id: int | None) -> None:
        self.event_id = event_id
        self.setEnabled(event_id is not None)
        if event_id is None:
            self.show_setup(PricingSetup())
            self.note.setText(_("Save the event first; then set its ticket types, fees and tax."))
            return
        self.ctx.services.run(
            pricing_setup.pricing_rules, event_id, on_done=self.show_setup, on_error=self._failed
        )

    def show_setup(self, setup: PricingSetup) -> None:
        self.setup = setup
        tiers = [name for _id, name, _price in setup.tiers]
        self.types.setRowCount(0)
        self.types.setColumnCount(len(TYPE_FIXED) + len(tiers))
        self.types.setHorizontalHeaderLabels([*map(_, TYPE_FIXED), *tiers])
        for t in setup.types:
            self._add_type(t)
        self.fees.setRowCount(0)
        for f in setup.fees:
            self._add_fee(f)
        self.tax_name.setText(setup.tax_name)
        self.tax_percent.setValue(float(setup.tax_percent))
        self.inclusive.setChecked(setup.prices_include_tax)
        self.note.setText("")

    def _add_type(self, t: TypeSetup) -> None:
        row = self.types.rowCount()
        self.types.insertRow(row)
        self.types.setItem(row, 0, QTableWidgetItem(t.name))
        self.types.setItem(row, 1, _check_item(t.is_default))
        self.types.setItem(row, 2, _check_item(t.complimentary))
        self.types.setItem(row, 3, QTableWidgetItem(t.check))
        by_tier = {p.tier_id: p for p in t.prices}
        for i, (tier_id, _name, _price) in enumerate(self.setup.tiers):
            p = by_tier.get(tier_id)
            text = rule_text(p.mode, p.value) if p is not None else ""
            self.types.setItem(row, len(TYPE_FIXED) + i, QTableWidgetItem(text))

    def _add_fee(self, f: FeeSetup) -> None:
        row = self.fees.rowCount()
        self.fees.insertRow(row)
        self.fees.setItem(row, 0, QTableWidgetItem(f.name))
        self.fees.setItem(row, 1, QTableWidgetItem(f.per.value))
        self.fees.setItem(row, 2, QTableWidgetItem(f"{f.amount:.2f}"))
        self.fees.setItem(row, 3, _check_item(f.refundable))
        self.fees.setItem(row, 4, QTableWidgetItem(f.payment_method or ""))

    @Slot()
    def fill_standard(self) -> None:
        self.types.setRowCount(0)
        for t in pricing_setup.standard_types([tier_id for tier_id, _n, _p in self.setup.tiers]):
            self._add_type(t)

    def _remove_current(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)

    # -- saving ----------------------------------------------------------------------------------
    def current_setup(self) -> PricingSetup:
        """What the tables say, or ValidationError naming the cell that is not understood."""
        types = []
        for row in range(self.types.rowCount()):
            name = _text(self.types, row, 0)
            prices = []
            for i, (tier_id, tier, _price) in enumerate(self.setup.tiers):
                mode, value = parse_rule(
                    _text(self.types, row, len(TYPE_FIXED) + i),
                    _("{type} at {tier}").format(type=name or _("Type"), tier=tier),
                )
                if mode is not None:
                    prices.append(TypePrice(tier_id, mode, value))
            types.append(
                TypeSetup(
                    name,
                    _checked(self.types, row, 1),
                    _checked(self.types, row, 2),
                    _text(self.types, row, 3),
                    tuple(prices),
                )
            )
        fees = []
        for row in range(self.fees.rowCount()):
            name = _text(self.fees, row, 0)
            per, method = _text(self.fees, row, 1).lower(), _text(self.fees, row, 4).lower()
            if per not in {p.value for p in FeePer}:
                raise ValidationError(
                    _("{name}: a fee is per 'ticket' or per 'order'.").format(name=name)
                )
            if method not in METHODS:
                raise ValidationError(
                    _("{name}: paid by one of cash, card, saved_card (or empty).").format(name=name)
                )
            try:
                amount = Decimal(_text(self.fees, row, 2).replace(",", ".") or "0")
            except InvalidOperation:
                raise ValidationError(
                    _("{name}: the amount is not a number.").format(name=name)
                ) from None
            fees.append(
                FeeSetup(name, FeePer(per), amount, _checked(self.fees, row, 3), method or None)
            )
        return PricingSetup(
            tuple(types),
            tuple(fees),
            self.tax_name.text().strip(),
            Decimal(str(round(self.tax_percent.value(), 2))).quantize(Decimal("0.01")),
            self.inclusive.isChecked(),
        )

    @Slot()
    def save(self) -> None:
        if self.event_id is None:
            return
        try:
            setup = self.current_setup()
        except BoxOfficeError as exc:
            self.note.setText(exc.message)
            return
        self.ctx.services.run_write(
            pricing_setup.save_pricing_rules,
            self.event_id,
            setup,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, setup: PricingSetup) -> None:
        self.show_setup(setup)
        self.note.setText(_("Ticket types, fees and tax saved."))
        self.ctx.messages.info.emit(_("Ticket types, fees and tax saved."))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, BoxOfficeError):
            self.note.setText(exc.message)
            return
        self.ctx.messages.report(exc)
