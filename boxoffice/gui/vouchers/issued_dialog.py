"""A gift voucher just put in the customer's hands by a refund: its number, code and value,
to print, save or mail at once (the refund rows name it; the voucher pays like any other)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from boxoffice.domain.money import format_money
from boxoffice.gui.context import AppContext
from boxoffice.gui.vouchers.actions import VoucherActions
from boxoffice.i18n import _
from boxoffice.services.sales import vouchers
from boxoffice.services.sales.vouchers import VoucherInfo


class VoucherIssuedDialog(QDialog):
    """Shows *info* with :class:`VoucherActions`; *email* fills the address to mail it to."""

    def __init__(
        self, ctx: AppContext, info: VoucherInfo, email: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("voucherIssuedDialog")
        self.setWindowTitle(_("Refund on a gift voucher"))
        self.outcome = QLabel(
            _(
                "Refunded onto gift voucher <b>{number}</b> worth {value}<br>Code <b>{code}</b>"
            ).format(number=info.number, value=format_money(info.balance), code=info.code)
        )
        self.outcome.setObjectName("voucherResult")
        self.outcome.setWordWrap(True)
        self.voucher_actions = VoucherActions(ctx)
        self.voucher_actions.set_voucher(info, email)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.outcome)
        column.addWidget(self.voucher_actions)
        column.addLayout(buttons)
        self.setMinimumWidth(480)
        self.voucher_actions.print_button.setFocus()


def show_refund_voucher(ctx: AppContext, number: str, parent: QWidget, email: str = "") -> None:
    """Read voucher *number* off the GUI thread and open the dialog for it (non-modal)."""

    def loaded(info: VoucherInfo) -> None:
        dialog = VoucherIssuedDialog(ctx, info, email, parent)
        parent.voucher_dialog = dialog  # type: ignore[attr-defined]  # kept alive, found
        dialog.open()

    ctx.services.run(vouchers.voucher_info, number, on_done=loaded, on_error=ctx.messages.report)
