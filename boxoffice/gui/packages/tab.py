"""The Packages tab: choose a package, the best seat free in all its nights is already
selected, F9 sells it for cash (the same seat every night, one transaction). A manager also
creates a package from upcoming events of one layout with a price per tier.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import format_money, non_negative
from boxoffice.domain.roles import Permission
from boxoffice.domain.tender import CashTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets.printing import print_season_card
from boxoffice.gui.widgets.line_edits import fit_placeholder
from boxoffice.gui.widgets.shortcuts import keyed_action
from boxoffice.i18n import N_, _
from boxoffice.services.common.local_time import format_when
from boxoffice.services.packages import (
    EventChoice,
    PackageInfo,
    PackageSaleResult,
    PackageView,
    RenewalOffer,
    SeasonTicket,
    cancel_package,
    create_package,
    events_to_bundle,
    exchange_night,
    list_packages,
    package_view,
    renew,
    renewal_offer,
    season_ticket,
    sell_package,
)

# Opens the customer search over *parent* (a dialog with ``chosen(customer)``); the window
# shell passes the Customers feature's picker (features do not import each other).
CustomerPicker = Callable[[QWidget], Any]


def parse_prices(text: str) -> dict[str, Decimal]:
    """``"Front=100, Back=70.50"`` → tier name → price; ValidationError naming what is wrong."""
    prices: dict[str, Decimal] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, amount = part.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                _("Write each price as Tier=amount (not {part!r}).").format(part=part)
            )
        prices[name.strip()] = non_negative(
            amount.strip(), _("The price for {strip}").format(strip=name.strip())
        )
    if not prices:
        raise ValidationError(_("Give a price for at least one tier, e.g. Front=120, Back=80."))
    return prices


# The states a season ticket and its nights are listed with (the services' keys, shown translated).
STATUS_NAMES = {
    "confirmed": N_("confirmed"),
    "cancelled": N_("cancelled"),
    "valid": N_("valid"),
    "used": N_("used"),
}


def status_name(status: str) -> str:
    """A booking or ticket state as the clerk reads it, in the desk's language."""
    known = STATUS_NAMES.get(status)
    return _(known) if known else status


class PackagesTab(QWidget):
    """Signals: ``sold(object)`` PackageSaleResult, after a sale is shown."""

    sold = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        customer_picker: CustomerPicker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("packagesTab")
        self.ctx = ctx
        self._open_picker = customer_picker
        self.view: PackageView | None = None
        self.customer: Any = None
        self.key = str(uuid.uuid4())  # once per sale: pressing F9 again never sells twice
        self.picker: QWidget | None = None

        self.packages = QListWidget()
        self.packages.setObjectName("packageList")
        self.packages.currentItemChanged.connect(self._package_chosen)
        self.nights = QLabel(_("Choose a package."))
        self.nights.setWordWrap(True)
        self.seats = QListWidget()
        self.seats.setObjectName("packageSeats")
        self.customer_label = QLabel(_("Walk-in (no customer)"))
        self.customer_button = QPushButton(_("Customer…"))
        self.customer_button.clicked.connect(self.pick_customer)
        self.sell_button = QPushButton(_("Sell for cash"))
        self.sell_button.setObjectName("sellPackage")
        self.sell_button.setEnabled(False)
        self.sell_action = keyed_action(
            self, _("Sell the package for cash"), ["F9"], self.sell, button=self.sell_button
        )

        self.renew_edit = QLineEdit()
        self.renew_edit.setObjectName("renewReference")
        self.renew_edit.setPlaceholderText(_("Last season's reference, then Enter"))
        fit_placeholder(self.renew_edit)
        self.renew_edit.returnPressed.connect(self.find_renewal)
        self.renew_label = QLabel("")
        self.renew_label.setWordWrap(True)
        self.renew_button = QPushButton(_("Renew for cash"))
        self.renew_button.setObjectName("renewPackage")
        self.renew_button.setEnabled(False)
        self.renew_button.clicked.connect(self.renew)
        self.offer: RenewalOffer | None = None

        sell_box = QGroupBox(_("Sell a season ticket"))
        sell_layout = QVBoxLayout(sell_box)
        sell_layout.addWidget(self.nights)
        sell_layout.addWidget(QLabel(_("Best seats free every night (the same seat each time):")))
        sell_layout.addWidget(self.seats, 1)
        row = QHBoxLayout()
        row.addWidget(self.customer_label, 1)
        row.addWidget(self.customer_button)
        row.addWidget(self.sell_button)
        sell_layout.addLayout(row)

        left = QVBoxLayout()
        left.addWidget(QLabel(_("Packages")))
        left.addWidget(self.packages, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(sell_box, 2)
        renew_box = QGroupBox(_("Renew a season ticket (same seat, next season)"))
        renew_layout = QHBoxLayout(renew_box)
        renew_layout.addWidget(self.renew_edit, 1)
        renew_layout.addWidget(self.renew_label, 2)
        renew_layout.addWidget(self.renew_button)
        right.addWidget(renew_box)
        right.addWidget(self._change_box())
        self.create_box: QGroupBox | None = None
        if ctx.actor.can(Permission.MANAGE_EVENTS):
            self.create_box = self._create_box()
            # Under the package list: the right column already holds sell, renew and change.
            left.addWidget(self.create_box, 1)
        layout.addLayout(right, 2)
        self.refresh()

    # -- a sold season ticket: exchange a night, cancel a night or the whole package ------------
    def _change_box(self) -> QGroupBox:
        box = QGroupBox(_("Exchange or cancel a season ticket"))
        self.holder: SeasonTicket | None = None
        self.change_edit = QLineEdit()
        self.change_edit.setObjectName("changeReference")
        self.change_edit.setPlaceholderText(_("Season ticket reference, then Enter"))
        fit_placeholder(self.change_edit)
        self.change_edit.returnPressed.connect(self.find_season_ticket)
        self.change_label = QLabel("")
        self.change_label.setWordWrap(True)
        self.held_nights = QListWidget()
        self.held_nights.setObjectName("heldNights")
        self.held_nights.currentRowChanged.connect(self._night_chosen)
        self.other_dates = QComboBox()
        self.other_dates.setObjectName("otherDates")
        self.other_dates.setAccessibleName(_("Other dates to exchange the night to"))
        self.exchange_button = QPushButton(_("Exchange to this date"))
        self.exchange_button.setObjectName("exchangeNight")
        self.exchange_button.clicked.connect(self.exchange)
        self.cancel_night_button = QPushButton(_("Cancel this night"))
        self.cancel_night_button.setObjectName("cancelNight")
        self.cancel_night_button.clicked.connect(lambda: self.cancel(whole=False))
        self.cancel_all_button = QPushButton(_("Cancel the whole package"))
        self.cancel_all_button.setObjectName("cancelPackage")
        self.cancel_all_button.clicked.connect(lambda: self.cancel(whole=True))
        self.card_button = QPushButton(_("Print season card"))
        self.card_button.setObjectName("printSeasonCard")
        self.card_button.clicked.connect(self.print_card)
        layout = QVBoxLayout(box)
        top = QHBoxLayout()
        top.addWidget(self.change_edit, 1)
        top.addWidget(self.change_label, 2)
        top.addWidget(self.card_button)
        layout.addLayout(top)
        layout.addWidget(self.held_nights, 1)
        row = QHBoxLayout()
        row.addWidget(self.other_dates, 1)
        row.addWidget(self.exchange_button)
        row.addWidget(self.cancel_night_button)
        row.addWidget(self.cancel_all_button)
        layout.addLayout(row)
        self._show_season_ticket(None)
        return box

    @Slot()
    def find_season_ticket(self) -> None:
        self.ctx.services.run(
            season_ticket,
            self.change_edit.text(),
            on_done=self._show_season_ticket,
            on_error=self.ctx.messages.report,
        )

    def _show_season_ticket(self, holder: SeasonTicket | None) -> None:
        self.holder = holder
        self.held_nights.clear()
        self.change_label.setText(
            ""
            if holder is None
            else _("{package}: {seat} ({status})").format(
                package=holder.package, seat=holder.seat, status=status_name(holder.status)
            )
        )
        for night in holder.nights if holder else ():
            self.held_nights.addItem(
                f"{format_when(night.starts_at)} · {night.title} · {status_name(night.status)}"
            )
        live = holder is not None and any(n.changeable for n in holder.nights)
        self.cancel_all_button.setEnabled(live)
        self.card_button.setEnabled(live)
        if self.held_nights.count():
            self.held_nights.setCurrentRow(0)
            self.held_nights.setFocus()
        else:
            self._night_chosen(-1)

    @Slot()
    def print_card(self) -> None:
        if self.holder is not None:
            print_season_card(self.ctx, self.holder.reference)

    def _chosen_night(self) -> Any:
        row = self.held_nights.currentRow()
        if self.holder is None or not 0 <= row < len(self.holder.nights):
            return None
        return self.holder.nights[row]

    @Slot(int)
    def _night_chosen(self, _row: int) -> None:
        night = self._chosen_night()
        self.other_dates.clear()
        for other in night.other_dates if night else ():
            self.other_dates.addItem(format_when(other.starts_at), other.event_id)
        self.exchange_button.setEnabled(bool(night and night.other_dates))
        self.cancel_night_button.setEnabled(bool(night and night.changeable))

    def _after_change(self, note: str) -> None:
        self.ctx.messages.info.emit(note)
        self.find_season_ticket()

    @Slot()
    def exchange(self) -> None:
        night, holder = self._chosen_night(), self.holder
        target = self.other_dates.currentData()
        if night is None or holder is None or target is None:
            return
        when = self.other_dates.currentText()
        self.ctx.services.run_write(
            exchange_night,
            holder.reference,
            night.event_id,
            int(target),
            on_done=lambda _booking: self._after_change(
                _("{title} moved to {when}, the same seat.").format(title=night.title, when=when)
            ),
            on_error=self.ctx.messages.report,
        )

    def cancel(self, whole: bool) -> None:
        night, holder = self._chosen_night(), self.holder
        if holder is None or (night is None and not whole):
            return
        events = None if whole else [night.event_id]
        self.ctx.services.run_write(
            cancel_package,
            holder.reference,
            events,
            on_done=lambda refund: self._after_change(
                _("Season ticket {reference}: cancelled, {refund} refunded.").format(
                    reference=holder.reference, refund=format_money(refund)
                )
            ),
            on_error=self.ctx.messages.report,
        )

    # -- manager: a new package -----------------------------------------------------------------
    def _create_box(self) -> QGroupBox:
        box = QGroupBox(_("New package (manager)"))
        form = QFormLayout(box)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. Symphony season 2027"))
        self.events = QListWidget()
        self.events.setObjectName("packageEvents")
        self.prices_edit = QLineEdit()
        self.prices_edit.setPlaceholderText(_("Front=120, Back=80"))
        self.create_button = QPushButton(_("Create package"))
        self.create_button.clicked.connect(self.create_clicked)
        form.addRow(_("Name"), self.name_edit)
        form.addRow(_("Events (same layout)"), self.events)
        form.addRow(_("Price per tier"), self.prices_edit)
        form.addRow("", self.create_button)
        return box

    def _show_choices(self, choices: list[EventChoice]) -> None:
        self.events.clear()
        for choice in choices:
            tiers = ", ".join(choice.tiers)
            item = QListWidgetItem(f"{choice.title} — {format_when(choice.starts_at)}  [{tiers}]")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.events.addItem(item)

    def checked_events(self) -> list[int]:
        return [
            int(self.events.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.events.count())
            if self.events.item(i).checkState() == Qt.CheckState.Checked
        ]

    @Slot()
    def create_clicked(self) -> None:
        try:
            prices = parse_prices(self.prices_edit.text())
        except ValidationError as exc:
            self.ctx.messages.report(exc)
            return
        name = self.name_edit.text()

        def done(package_id: int) -> None:
            self.ctx.messages.info.emit(_("Package {strip} created.").format(strip=name.strip()))
            self.name_edit.clear()
            self.refresh(select=package_id)

        self.ctx.services.run_write(
            create_package,
            name,
            self.checked_events(),
            prices,
            on_done=done,
            on_error=self.ctx.messages.report,
        )

    # -- clerk: selling ---------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        def show(packages: list[PackageInfo]) -> None:
            self.packages.clear()
            for info in packages:
                item = QListWidgetItem(
                    _("{name} ({count} events)").format(name=info.name, count=len(info.event_ids))
                )
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.packages.addItem(item)
                if info.id == select:
                    self.packages.setCurrentItem(item)
            if self.packages.currentItem() is None and self.packages.count():
                self.packages.setCurrentRow(0)

        self.ctx.services.run(list_packages, on_done=show, on_error=self.ctx.messages.report)
        if self.create_box is not None:
            self.ctx.services.run(
                events_to_bundle, on_done=self._show_choices, on_error=self.ctx.messages.report
            )

    @Slot(QListWidgetItem, QListWidgetItem)
    def _package_chosen(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            return
        self.ctx.services.run(
            package_view,
            int(item.data(Qt.ItemDataRole.UserRole)),
            on_done=self._show_package,
            on_error=self.ctx.messages.report,
        )

    def _show_package(self, view: PackageView) -> None:
        self.view = view
        nights = "; ".join(f"{title}, {format_when(start)}" for _i, title, start in view.events)
        self.nights.setText(f"{view.info.name}: {nights}")
        self.seats.clear()
        for offer in view.best:
            item = QListWidgetItem(f"{offer.label} — {offer.tier} — {format_money(offer.price)}")
            item.setData(Qt.ItemDataRole.UserRole, offer.seat_id)
            self.seats.addItem(item)
        if view.best:
            self.seats.setCurrentRow(0)
        else:
            self.seats.addItem(_("No seat is free in every event."))
        self.sell_button.setEnabled(bool(view.best))

    @Slot()
    def pick_customer(self) -> None:
        if self._open_picker is None:
            self.ctx.messages.warning.emit(_("Attach customers from the Customers tab."))
            return
        dialog = self._open_picker(self)
        dialog.chosen.connect(self.attach_customer)
        self.picker = dialog
        dialog.open()

    def attach_customer(self, customer: Any) -> None:
        """The chosen customer (anything with ``id`` and ``name``); the sale is theirs."""
        self.customer = customer
        name = getattr(customer, "name", "") or _("Customer {id}").format(id=customer.id)
        self.customer_label.setText(name)

    @Slot()
    def sell(self) -> None:
        view, item = self.view, self.seats.currentItem()
        if view is None or item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        seat_id = int(item.data(Qt.ItemDataRole.UserRole))
        price = next(o.price for o in view.best if o.seat_id == seat_id)
        customer_id = self.customer.id if self.customer is not None else None
        self.sell_button.setEnabled(False)

        def done(result: PackageSaleResult) -> None:
            self.key = str(uuid.uuid4())
            self.ctx.messages.info.emit(
                _("Season ticket {reference} sold: {item}, {count} tickets, {amount}.").format(
                    reference=result.reference,
                    item=item.text(),
                    count=len(result.ticket_ids),
                    amount=format_money(result.total),
                )
            )
            self.sold.emit(result)
            self._package_chosen(self.packages.currentItem())

        def failed(exc: BaseException) -> None:
            self.key = str(uuid.uuid4())  # nothing was sold: the next try is a new sale
            self._package_chosen(self.packages.currentItem())  # fresh best seats
            self.ctx.messages.report(exc)

        self.ctx.services.run_write(
            sell_package,
            view.info.id,
            seat_id,
            [CashTender(price, price)],
            self.key,
            customer_id,
            on_done=done,
            on_error=failed,
        )

    # -- renewal ----------------------------------------------------------------------------------
    @Slot()
    def find_renewal(self) -> None:
        self.offer = None
        self.renew_button.setEnabled(False)

        def show(offer: RenewalOffer) -> None:
            self.offer = offer
            until = (
                _(", kept until {when}").format(when=format_when(offer.until))
                if offer.until
                else ""
            )
            self.renew_label.setText(
                f"{offer.package}: {offer.seat}, {format_money(offer.price)}{until}"
            )
            self.renew_button.setEnabled(True)
            self.renew_button.setFocus()  # Enter, then Space: renewed

        def failed(exc: BaseException) -> None:
            self.renew_label.setText("")
            self.ctx.messages.report(exc)

        self.ctx.services.run(renewal_offer, self.renew_edit.text(), on_done=show, on_error=failed)

    @Slot()
    def renew(self) -> None:
        offer = self.offer
        if offer is None:
            return
        self.renew_button.setEnabled(False)

        def done(result: PackageSaleResult) -> None:
            self.key = str(uuid.uuid4())
            self.offer = None
            self.renew_label.setText("")
            self.renew_edit.clear()
            self.ctx.messages.info.emit(
                _("Season ticket {reference} renewed as {reference2}: {seat}, {amount}.").format(
                    reference=offer.reference,
                    reference2=result.reference,
                    seat=offer.seat,
                    amount=format_money(result.total),
                )
            )
            self.sold.emit(result)

        def failed(exc: BaseException) -> None:
            self.key = str(uuid.uuid4())
            self.renew_button.setEnabled(True)
            self.ctx.messages.report(exc)

        self.ctx.services.run_write(
            renew,
            offer.reference,
            [CashTender(offer.price, offer.price)],
            self.key,
            on_done=done,
            on_error=failed,
        )
