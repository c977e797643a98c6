"""After a sale: the booking reference, big, the change to give, and Print (Enter) / Preview."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.cash_rounding import CashSettlement, rounding_text
from boxoffice.domain.money import format_money
from boxoffice.gui.context import AppContext
from boxoffice.i18n import _, ngettext
from boxoffice.services.sales.purchase import BookingResult


def print_tickets(ctx: AppContext, reference: str, parent: QWidget) -> None:
    """Print on the desk's printer (the same renderer as the preview)."""
    from boxoffice.gui.tickets import print_booking

    print_booking(ctx, reference, parent)


def preview_tickets(ctx: AppContext, reference: str, parent: QWidget) -> None:
    from boxoffice.gui.tickets import preview_booking

    preview_booking(ctx, reference, parent)


class SaleCompletePage(QWidget):
    """Signals: ``print_requested(str)``, ``preview_requested(str)``, ``close_requested()``."""

    print_requested = Signal(str)
    preview_requested = Signal(str)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saleComplete")
        self.reference = ""
        self.caption = QLabel(_("Sold — booking reference"))
        self.caption.setObjectName("completeCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reference_label = QLabel()
        self.reference_label.setObjectName("bookingReference")
        self.reference_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.total_label = QLabel()
        self.total_label.setObjectName("completeTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.change_label = QLabel()
        self.change_label.setObjectName("changeDue")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rounding_label = QLabel()  # its own line where cash is rounded (CHF 0.05)
        self.rounding_label.setObjectName("cashRounding")
        self.rounding_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rounding_label.setWordWrap(True)
        self.rounding_label.hide()

        self.print_button = QPushButton(_("Print tickets  ⏎"))
        self.print_button.setObjectName("printButton")
        self.print_button.setProperty("role", "primary")
        self.print_button.setToolTip(_("Print on this desk's printer (Enter)"))
        self.print_button.setDefault(True)
        self.print_button.setAutoDefault(True)
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.reference))
        self.preview_button = QPushButton(_("Preview…"))
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setToolTip(_("See the tickets before printing (Ctrl+P)"))
        self.preview_button.setShortcut("Ctrl+P")
        self.preview_button.setAutoDefault(False)
        self.preview_button.clicked.connect(lambda: self.preview_requested.emit(self.reference))
        self.done_button = QPushButton(_("Done"))
        self.done_button.setObjectName("doneButton")
        self.done_button.setToolTip(_("Close without printing (Esc)"))
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.close_requested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        column = QVBoxLayout(self)
        column.setSpacing(10)
        column.addStretch(1)
        column.addWidget(self.caption)
        column.addWidget(self.reference_label)
        column.addWidget(self.total_label)
        column.addWidget(self.change_label)
        column.addWidget(self.rounding_label)
        column.addStretch(1)
        column.addLayout(buttons)

    def show_result(self, result: BookingResult, cash: CashSettlement | None = None) -> None:
        """*cash*: how the sale's cash settled where the till rounds it (the change to give is
        then the rounded one, and the rounding is a line of its own)."""
        self.reference = result.reference
        self.reference_label.setText(result.reference)
        count = len(result.ticket_ids)
        self.total_label.setText(
            ngettext(
                "{count} ticket · {amount} paid", "{count} tickets · {amount} paid", count
            ).format(count=count, amount=format_money(result.total))
        )
        change = cash.change if cash is not None else result.change_due
        if change > Decimal("0.00"):
            self.change_label.setText(
                _("Change to give: {amount}").format(amount=format_money(change))
            )
            self.change_label.show()
        else:
            self.change_label.hide()
        self.rounding_label.setVisible(cash is not None and cash.rounded)
        if cash is not None and cash.rounded:
            self.rounding_label.setText(rounding_text(cash))
        self.print_button.setFocus()


class SaleCompleteDialog(QDialog):
    """The completion page in its own dialog (for the one-key cash sale)."""

    def __init__(
        self,
        ctx: AppContext,
        result: BookingResult,
        parent: QWidget | None = None,
        cash: CashSettlement | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("saleCompleteDialog")
        self.setWindowTitle(_("Sold — {reference}").format(reference=result.reference))
        self.ctx = ctx
        self.printed: list[str] = []
        self.page = SaleCompletePage()
        self.page.show_result(result, cash)
        self.page.print_requested.connect(self._print)
        self.page.preview_requested.connect(lambda ref: preview_tickets(self.ctx, ref, self))
        self.page.close_requested.connect(self.accept)
        QVBoxLayout(self).addWidget(self.page)
        self.setMinimumSize(440, 300)

    def _print(self, reference: str) -> None:
        self.printed.append(reference)
        print_tickets(self.ctx, reference, self)
        self.accept()
