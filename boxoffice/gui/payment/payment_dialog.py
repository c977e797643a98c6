"""The payment dialog: cash, card, saved card, or several of them (split tender).

Pay is enabled only when the tenders cover the total exactly (cash may be over-tendered: that
is the change) and, where the installation asks for it (``gui/payment/terms.py``), the terms box
is ticked. The payment runs off the GUI thread with an
idempotency key made once per dialog, so pressing Pay again after a lost connection can never
charge twice. A decline keeps everything as typed; success shows the booking reference big.
The payment page is the Designer form ``ui/payment_dialog.ui``; the tender forms go in its tabs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.cash_rounding import (
    CashSettlement,
    needs_rounding,
    rounding_text,
    settle_all,
)
from boxoffice.domain.errors import (
    BoxOfficeError,
    DatabaseUnavailable,
    HoldExpired,
    PaymentDeclined,
    PaymentError,
)
from boxoffice.domain.money import format_money
from boxoffice.domain.tender import CashTender, Tender, tender_method
from boxoffice.gui.context import AppContext
from boxoffice.gui.forms import form_spec, load_form
from boxoffice.gui.payment.card_form import CardForm
from boxoffice.gui.payment.cash_currency import load_cash_currency
from boxoffice.gui.payment.cash_form import CashForm
from boxoffice.gui.payment.complete import SaleCompletePage, preview_tickets, print_tickets
from boxoffice.gui.payment.saved_card_form import SavedCardForm, card_title
from boxoffice.gui.payment.tender_model import TenderModel, applied
from boxoffice.gui.payment.terms import TERMS_TICKED, terms_required
from boxoffice.gui.payment.voucher_form import VoucherForm
from boxoffice.gui.widgets.accessible import tab_chain
from boxoffice.gui.widgets.connection_notes import not_through_note
from boxoffice.gui.widgets.shortcuts import with_shortcut
from boxoffice.i18n import _
from boxoffice.services.sales import payments
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.sales.purchase import BookingResult

Submit = Callable[[list[Tender], str], Any]  # runs on the writer thread; returns the result

CASH, CARD, SAVED, VOUCHER = range(4)
TAB_METHODS = ("cash", "card", "saved_card", "voucher")  # PaymentMethodKind of each tab

FORM = form_spec(
    "payment_dialog",
    dueTotal=QLabel,
    paymentSummary=QLabel,
    paymentCustomer=QLabel,
    tenderTable=QTableView,
    removeTender=QPushButton,
    remaining=QLabel,
    tenderTabs=QTabWidget,
    addTender=QPushButton,
    paymentProblem=QLabel,
    errorText=QLabel,
    acceptTerms=QCheckBox,
    cancelPayment=QPushButton,
    payNow=QPushButton,
)


class PaymentDialog(QDialog):
    """Signals: ``paid(object)`` with the submit result; ``hold_expired()`` if the seats lapsed."""

    paid = Signal(object)
    hold_expired = Signal()

    def __init__(
        self,
        ctx: AppContext,
        total: Decimal,
        submit: Submit,
        customer: Any = None,
        summary: str = "",
        parent: QWidget | None = None,
        method_totals: dict[str, Decimal] | None = None,
        cash_currency: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.setWindowTitle(_("Payment"))
        self.ctx = ctx
        # The till's currency (CHF rounds cash to 0.05); asked for below when not given.
        self.cash_currency = cash_currency or ""
        self.base_total = total
        # A fee of one payment method (a card fee) makes paying that way cost more, also for
        # the part of a split payment: keyed by the methods with fees used ("card+voucher").
        self.method_totals = dict(method_totals or {})
        self.base_summary = summary
        self.customer = customer
        self._submit = submit
        self.idempotency_key = str(uuid.uuid4())  # once per dialog: a retry never charges twice
        self.busy = False
        self.result: Any = None
        self.printed: list[str] = []

        self.tenders = TenderModel()
        self.cash = CashForm()
        self.card = CardForm()
        self.card.set_customer(customer is not None, customer.name if customer is not None else "")
        self.saved = SavedCardForm()
        self.voucher = VoucherForm(ctx)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_payment_page(summary))
        self.complete = SaleCompletePage()
        self.complete.print_requested.connect(self._print)
        self.complete.preview_requested.connect(lambda ref: preview_tickets(ctx, ref, self))
        self.complete.close_requested.connect(self.accept)
        self.stack.addWidget(self.complete)
        QVBoxLayout(self).addWidget(self.stack)

        for form in self._forms():
            form.changed.connect(self.revalidate)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.pay)
        self._reset_forms()
        # A starting size, not a minimum: an explicit minimum would override the layout's,
        # and large text would be cut off instead of the dialog growing.
        self.resize(self.sizeHint().expandedTo(QSize(560, 560)))
        if customer is not None:
            ctx.services.run(
                cards.list_cards,
                customer.id,
                on_done=self._cards_loaded,
                on_error=self._load_failed,
            )
        else:
            self.methods.setTabEnabled(SAVED, False)
        if cash_currency is None:
            load_cash_currency(ctx, self.set_cash_currency)
        self.cash.focus()

    def _build_payment_page(self, summary: str) -> QWidget:
        form = load_form(FORM)
        self.total_label = form.get(QLabel, "dueTotal")
        self.total_label.setText(format_money(self.total))
        self.summary_label = form.get(QLabel, "paymentSummary")
        self.summary_label.setText(summary)
        who = self.customer.name if self.customer is not None else _("Walk-up sale")
        self.customer_label = form.get(QLabel, "paymentCustomer")
        self.customer_label.setText(_("Customer: {who}").format(who=who))

        self.tender_table = form.get(QTableView, "tenderTable")
        self.tender_table.setModel(self.tenders)
        self.tender_table.setTabKeyNavigation(False)  # Tab leaves it (arrows move in it)
        self.tender_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.remove_button = form.get(QPushButton, "removeTender")
        self.remove_button.clicked.connect(self._remove_selected)
        # Ctrl+Minus (the undo of Ctrl+Plus) removes the selected part payment, or the last.
        self.remove_button.setToolTip(
            with_shortcut(_("Remove the selected part payment"), "Ctrl+-")
        )
        QShortcut(QKeySequence("Ctrl+-"), self, self._remove_tender_key)
        self.remaining_label = form.get(QLabel, "remaining")

        self.methods = form.get(QTabWidget, "tenderTabs")
        self.methods.addTab(self.cash, _("&Cash"))
        self.methods.addTab(self.card, _("C&ard"))
        self.methods.addTab(self.saved, _("&Saved card"))
        self.methods.addTab(self.voucher, _("Gift &voucher"))
        self.methods.currentChanged.connect(self._method_changed)

        self.add_button = form.get(QPushButton, "addTender")
        self.add_button.clicked.connect(self.add_current)
        QShortcut(QKeySequence("Ctrl++"), self, self.add_current)
        QShortcut(QKeySequence("Ctrl+="), self, self.add_current)

        self.problem_label = form.get(QLabel, "paymentProblem")
        self.error_label = form.get(QLabel, "errorText")
        self.error_label.hide()
        self.terms = form.get(QCheckBox, "acceptTerms")
        self.terms.toggled.connect(self.revalidate)
        self.terms_required = terms_required()  # the same rule as F9 Cash exact
        self.terms.setVisible(self.terms_required)
        self.cancel_button = form.get(QPushButton, "cancelPayment")
        self.cancel_button.clicked.connect(self.reject)
        self.pay_button = form.get(QPushButton, "payNow")  # wide: "Pay €1,234.00 · change €65.00"
        self.pay_button.clicked.connect(self.pay)
        # Tab reads the page top to bottom: the part payments, the method's tabs and its
        # fields, the terms, Cancel and Pay (the tabs were added last, so Qt put them last).
        tab_chain(
            self.tender_table,
            self.remove_button,
            self.methods,  # its tab bar
            *self._forms(),
            self.add_button,
            self.terms,
            self.cancel_button,
            self.pay_button,
        )
        return form.root

    # -- state ----------------------------------------------------------------------------------
    @property
    def fee_methods(self) -> set[str]:
        """The payment methods that bring fees of their own."""
        return {m for key in self.method_totals for m in key.split("+")}

    def methods_used(self) -> set[str]:
        """The methods of the tenders added and of the tab being filled in."""
        methods = {tender_method(t) for t in self.tenders.tenders}
        if hasattr(self, "methods"):
            methods.add(TAB_METHODS[self.methods.currentIndex()])
        return methods

    @property
    def total(self) -> Decimal:
        """The total due: with the own fees of each method the tenders (and the tab being
        filled in) use, a split payment too."""
        if not self.method_totals or not hasattr(self, "methods"):  # still being built
            return self.base_total
        key = "+".join(sorted(self.methods_used() & self.fee_methods))
        return self.method_totals.get(key, self.base_total)

    def fee_note(self) -> str:
        """What the methods used add ("incl. €0.75 for paying by card"), or ""."""
        extra = self.total - self.base_total
        if not extra:
            return ""
        names = ", ".join(
            m.replace("_", " ") for m in sorted(self.methods_used() & self.fee_methods)
        )
        return _("incl. {amount} fees for paying by {methods}").format(
            amount=format_money(extra), methods=names
        )

    def remaining(self) -> Decimal:
        return self.total - self.tenders.total()

    def _forms(self) -> tuple[CashForm, CardForm, SavedCardForm, VoucherForm]:
        return (self.cash, self.card, self.saved, self.voucher)

    def current_form(self) -> CashForm | CardForm | SavedCardForm | VoucherForm:
        return self._forms()[self.methods.currentIndex()]

    def effective_tenders(self) -> list[Tender]:
        """Tenders added so far plus the one being typed, if it is complete."""
        tenders = list(self.tenders.tenders)
        if self.remaining() > 0:
            current = self.current_form().tender()
            if current is not None:
                tenders.append(current)
        return tenders

    def change(self) -> Decimal | None:
        """Change to give back (in coins that exist: rounded where the till's currency needs
        it), or None while the tenders do not cover the total."""
        try:
            change = payments.change_due(self.effective_tenders(), self.total)
        except PaymentError:
            return None
        settled = self.cash_settlement()
        return settled.change if settled is not None else change

    def cash_settlement(self) -> CashSettlement | None:
        """How the cash of this sale settles where the till rounds cash (CHF: 0.05); None
        where it does not, or when no cash is taken."""
        if not needs_rounding(self.cash_currency):
            return None
        cash = [
            (t.amount, t.tendered) for t in self.effective_tenders() if isinstance(t, CashTender)
        ]
        return settle_all(cash, self.cash_currency) if cash else None

    def set_cash_currency(self, currency: str) -> None:
        """The till's currency arrived: show the rounding line if it rounds cash."""
        self.cash_currency = currency
        if self.stack.currentIndex() == 0 and not self.busy:
            self.revalidate()

    def can_pay(self) -> bool:
        return not self.busy and self.change() is not None and self.terms_agreed()

    def terms_agreed(self) -> bool:
        return self.terms.isChecked() or not self.terms_required

    def _reset_forms(self) -> None:
        remaining = self.remaining()
        self.cash.reset(remaining)
        self.card.reset(remaining)
        self.saved.reset(remaining)
        self.voucher.reset(remaining)
        self.revalidate()

    @Slot()
    def revalidate(self) -> None:
        if self.method_totals and hasattr(self, "methods"):
            self.total_label.setText(format_money(self.total))
            note = self.fee_note()
            self.summary_label.setText(
                f"{self.base_summary}\n{note}"
                if self.base_summary and note
                else note or self.base_summary
            )
            # Room for the fee note under the summary (the form gives the label one line).
            lines = self.summary_label.text().count("\n") + 2
            self.summary_label.setMinimumHeight(
                self.summary_label.fontMetrics().lineSpacing() * lines
            )
        remaining = self.remaining()
        for form in self._forms():
            if form.remaining != remaining:
                form.set_remaining(remaining)
        has_split = self.tenders.rowCount() > 0
        self.tender_table.setVisible(has_split)
        self.remove_button.setVisible(has_split)
        self.remaining_label.setVisible(has_split)
        self.remaining_label.setText(
            _("Paid so far {amount} · still to pay {amount2}").format(
                amount=format_money(self.tenders.total()),
                amount2=format_money(max(remaining, Decimal("0.00"))),
            )
        )
        tenders = self.effective_tenders()
        change = self.change()
        short = self.total - applied(tenders)
        settled = self.cash_settlement() if change is not None else None
        rounding = rounding_text(settled) if settled is not None and settled.rounded else ""
        self.cash.show_change(
            change if self.methods.currentIndex() == CASH else None, short, rounding
        )
        current = self.current_form()
        problem = ""
        if change is None:
            problem = current.problem() if remaining > 0 else ""
            if not problem:
                problem = _("{amount} still to pay.").format(
                    amount=format_money(max(short, Decimal("0.00")))
                )
        elif not self.terms_agreed():
            problem = _(TERMS_TICKED)
        self.problem_label.setText(problem)
        self.add_button.setEnabled(
            not self.busy
            and remaining > 0
            and current.tender() is not None
            and (current.tender().amount < remaining)  # type: ignore[union-attr]
        )
        self.pay_button.setEnabled(self.can_pay())
        pay_text = _("Pay")
        if change is not None:
            pay_text = _("Pay {amount}").format(amount=format_money(self.total))
            if change > 0:
                pay_text += _(" · change {amount}").format(amount=format_money(change))
        self.pay_button.setText(pay_text)

    def _method_changed(self, index: int) -> None:
        if self.method_totals:
            self.total_label.setText(format_money(self.total))
            self._reset_forms()  # the amount due may change with the method
        self.revalidate()
        self._forms()[index].focus()

    @Slot()
    def add_current(self) -> None:
        """Keep the tender being typed as one part of a split payment."""
        tender = self.current_form().tender() if self.remaining() > 0 else None
        if tender is None or tender.amount >= self.remaining() or self.busy:
            return
        self.tenders.add(tender)
        self._reset_forms()
        self.current_form().focus()

    def _remove_tender_key(self) -> None:
        if self.remove_button.isVisible() and self.remove_button.isEnabled():
            self._remove_selected()

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.tender_table.selectionModel().selectedRows()})
        for row in reversed(rows or [self.tenders.rowCount() - 1]):
            self.tenders.remove(row)
        self._reset_forms()

    def _cards_loaded(self, saved: list[Any]) -> None:
        titles = {card.id: card_title(card) for card in saved}
        self.tenders.saved_cards = titles
        self.saved.set_cards(saved, titles)
        self.methods.setTabEnabled(SAVED, bool(saved))

    def _load_failed(self, exc: BaseException) -> None:
        self.methods.setTabEnabled(SAVED, False)
        self.ctx.messages.report(exc)

    # -- paying ---------------------------------------------------------------------------------
    @Slot()
    def pay(self) -> None:
        if not self.can_pay() or self.stack.currentIndex() != 0:
            return
        tenders = self.effective_tenders()
        self._set_busy(True)
        self.ctx.tasks.run_write(
            self._submit,
            tenders,
            self.idempotency_key,
            on_done=self._paid,
            on_error=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.methods, self.tender_table, self.terms, self.cancel_button):
            widget.setEnabled(not busy)
        self.error_label.hide()
        if busy:
            self.problem_label.setText(_("Taking the payment…"))
            self.pay_button.setEnabled(False)
        else:
            self.revalidate()

    def _paid(self, result: Any) -> None:
        self.busy = False
        self.result = result
        if isinstance(result, BookingResult):
            self.complete.show_result(result, self.cash_settlement())
            self.setWindowTitle(_("Sold — {reference}").format(reference=result.reference))
            self.stack.setCurrentIndex(1)
            self.complete.print_button.setFocus()
        self.paid.emit(result)
        if not isinstance(result, BookingResult):
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        if isinstance(exc, HoldExpired):
            self.hold_expired.emit()  # the cart shows the lapsed seats with "Hold again"
            self.show_error(
                _(
                    "{message} Nothing was charged. Close this window and hold the seats again."
                ).format(message=exc.message)
            )
            self.pay_button.setEnabled(False)
            self.methods.setEnabled(False)
            return
        if isinstance(exc, PaymentDeclined):
            self.show_error(
                _("Declined: {message} Nothing was charged; try another card or cash.").format(
                    message=exc.message
                )
            )
            return
        if isinstance(exc, DatabaseUnavailable):
            self.show_error(not_through_note(exc))
            return
        self.show_error(exc.message)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def lapsed(self) -> None:
        """The sell tab's countdown ran out while this dialog was open."""
        if self.stack.currentIndex() == 0 and not self.busy:
            self.show_error(_("The seats' hold expired while paying. Nothing was charged."))
            self.pay_button.setEnabled(False)
            self.methods.setEnabled(False)

    def _print(self, reference: str) -> None:
        self.printed.append(reference)
        print_tickets(self.ctx, reference, self)
        self.accept()
