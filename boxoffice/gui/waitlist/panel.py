"""The waiting-list panel: the queue of the Sell tab's event, or one customer's entries.

Signals: ``take_requested(object)`` the :class:`WaitlistEntryView` whose open offer the clerk
wants in the cart (the Sell tab takes it, since only it knows whether its cart is free);
``changed()`` after an add or a removal; ``loaded(int)`` how many entries are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.seatmap import TierInfo
from boxoffice.gui.context import AppContext
from boxoffice.gui.waitlist.model import CUSTOMER_COLUMN, EVENT_COLUMN, WaitlistModel
from boxoffice.i18n import _
from boxoffice.services import waitlist
from boxoffice.services.waitlist.entries import MOST_PER_ENTRY
from boxoffice.services.waitlist.views import WaitlistEntryView

# Opens the customer search over a parent: a dialog with a ``chosen(customer)`` signal.
CustomerPicker = Callable[[QWidget], Any]


class WaitlistPanel(QWidget):
    take_requested = Signal(object)
    changed = Signal()
    loaded = Signal(int)

    def __init__(
        self, ctx: AppContext, picker: CustomerPicker | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("waitlistPanel")
        self.ctx = ctx
        self._open_picker = picker
        self.customer_picker: Any = None
        self.event_id: int | None = None
        self.customer_id: int | None = None
        self._note = ""
        self.model = WaitlistModel(self)
        self.heading = QLabel(_("Waiting list"))
        self.heading.setObjectName("panelTitle")
        self.note = QLabel("")
        self.note.setObjectName("subtle")
        self.note.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("waitlistTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.take_selected())

        self.quantity = QSpinBox()
        self.quantity.setObjectName("waitlistQuantity")
        self.quantity.setRange(1, MOST_PER_ENTRY)
        self.quantity.setPrefix(_("Places: "))
        self.tier = QComboBox()
        self.tier.setObjectName("waitlistTier")
        self.ticket_type = QComboBox()
        self.ticket_type.setObjectName("waitlistType")
        self.add_button = QPushButton(_("Add customer…"))
        self.add_button.setObjectName("waitlistAdd")
        self.add_button.setToolTip(_("Queue a customer for this event (Ctrl+K picks the customer)"))
        self.add_button.clicked.connect(self.add_customer)
        self.add_row = QWidget()
        add_layout = QHBoxLayout(self.add_row)
        add_layout.setContentsMargins(0, 0, 0, 0)
        add_layout.addWidget(self.quantity)
        add_layout.addWidget(self.tier, 1)
        add_layout.addWidget(self.ticket_type, 1)
        add_layout.addWidget(self.add_button)

        self.take_button = QPushButton(_("Take offer to cart"))
        self.take_button.setObjectName("waitlistTake")
        self.take_button.clicked.connect(self.take_selected)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("waitlistRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        actions = QHBoxLayout()
        actions.addWidget(self.take_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.refresh_button)

        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.note)
        column.addWidget(self.table, 1)
        column.addLayout(actions)
        column.addWidget(self.add_row)
        self._update_buttons()

    # -- what is shown ---------------------------------------------------------------------------
    def show_event(self, event_id: int, title: str, tiers: tuple[TierInfo, ...]) -> None:
        """The event's queue, with the row to add a customer (tier "Any" or one tier)."""
        self.event_id, self.customer_id = event_id, None
        self.heading.setText(_("Waiting list — {title}").format(title=title))
        self._note = _("Seats that come back are offered in this order; a lapsed offer passes on.")
        self.note.setText(self._note)
        self.table.setColumnHidden(EVENT_COLUMN, True)  # the heading names it
        self.table.setColumnHidden(CUSTOMER_COLUMN, False)
        self.tier.clear()
        self.tier.addItem(_("Any tier"), None)
        for t in tiers:
            self.tier.addItem(t.name, t.id)
        self.ticket_type.clear()
        self.ticket_type.addItem(_("Default type"), None)
        self.add_row.show()
        self.ctx.services.run(
            waitlist.ticket_type_choices, event_id, on_done=self._types, on_error=self._failed
        )
        self.refresh()

    def show_customer(self, customer_id: int | None, name: str = "") -> None:
        """One customer's entries (every event), newest first; no adding here."""
        self.event_id, self.customer_id = None, customer_id
        self.heading.setText(_("Waiting lists — {name}").format(name=name))
        if customer_id is None:
            self._show([])
            return
        self._note = _("Open offers can be taken to the cart from the Sell tab's waiting list.")
        self.note.setText(self._note)
        self.table.setColumnHidden(EVENT_COLUMN, False)
        self.table.setColumnHidden(CUSTOMER_COLUMN, True)  # the customer view names them
        self.add_row.hide()
        self.refresh()

    def _types(self, types: list[tuple[int, str]]) -> None:
        for type_id, name in types:
            self.ticket_type.addItem(name, type_id)

    @Slot()
    def refresh(self) -> None:
        if self.event_id is not None:
            self.ctx.services.run(
                waitlist.event_waitlist, self.event_id, on_done=self._show, on_error=self._failed
            )
        elif self.customer_id is not None:
            self.ctx.services.run(
                waitlist.customer_waitlist,
                self.customer_id,
                on_done=self._show,
                on_error=self._failed,
            )

    def _show(self, entries: list[WaitlistEntryView]) -> None:
        self.model.set_entries(entries)
        empty = self.event_id is not None and not entries
        self.note.setText(
            _("Nobody is waiting. Add a customer when the event or a tier sells out.")
            if empty
            else self._note
        )
        self._update_buttons()
        self.loaded.emit(len(entries))

    def selected(self) -> WaitlistEntryView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.take_button.setEnabled(entry is not None and entry.offer_open)
        self.take_button.setVisible(self.event_id is not None)
        self.remove_button.setEnabled(
            entry is not None and entry.status.value in ("waiting", "offered")
        )

    # -- actions ---------------------------------------------------------------------------------
    @Slot()
    def add_customer(self) -> None:
        if self.event_id is None:
            return
        if self._open_picker is None:
            self.ctx.messages.warning.emit(_("Choose customers from the Customers tab."))
            return
        dialog = self._open_picker(self)
        dialog.chosen.connect(self.add)
        self.customer_picker = dialog
        dialog.open()

    def add(self, customer: Any) -> None:
        """Queue *customer* (a CustomerInfo) with the places, tier and type chosen."""
        if self.event_id is None:
            return
        self.add_button.setEnabled(False)
        self.ctx.services.run_write(
            waitlist.add_to_waitlist,
            self.event_id,
            customer.id,
            self.quantity.value(),
            self.tier.currentData(),
            self.ticket_type.currentData(),
            on_done=self._added,
            on_error=self._failed,
        )

    def _added(self, entry: WaitlistEntryView) -> None:
        self.add_button.setEnabled(True)
        if entry.offer_open:
            text = _("Seats were free: {customer_name} has an offer now.").format(
                customer_name=entry.customer_name
            )
        else:
            text = _("{customer_name} is number {position} on the waiting list.").format(
                customer_name=entry.customer_name, position=entry.position
            )
        self.ctx.messages.info.emit(text)
        self.changed.emit()
        self.refresh()

    @Slot()
    def take_selected(self) -> None:
        entry = self.selected()
        if entry is not None and entry.offer_open and self.event_id is not None:
            self.take_requested.emit(entry)

    @Slot()
    def remove_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.ctx.services.run_write(
            waitlist.remove_from_waitlist,
            entry.id,
            on_done=lambda _r: self._removed(entry),
            on_error=self._failed,
        )

    def _removed(self, entry: WaitlistEntryView) -> None:
        self.ctx.messages.info.emit(
            _("{customer_name} is off the waiting list.").format(customer_name=entry.customer_name)
        )
        self.changed.emit()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.ctx.messages.error.emit(exc.message)
        self.refresh()
