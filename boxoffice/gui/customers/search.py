"""Find a customer by name, e-mail or phone as you type (debounced, off the GUI thread)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.context import AppContext
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.services.people import customers

DEBOUNCE_MS = 250

CUSTOMER_COLUMNS: tuple[Column[Any], ...] = (
    Column("Name", lambda c: c.name),
    Column("E-mail", lambda c: c.email),
    Column("Phone", lambda c: c.phone),
)


class _SearchEdit(QLineEdit):
    """Down moves into the results. Signals: ``down_pressed()``."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class _ResultTable(QTableView):
    """Enter picks the current row. Signals: ``enter_pressed()``."""

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class CustomerSearch(QWidget):
    """Signals: ``chosen(object)`` CustomerInfo on Enter/double-click; ``current_changed(object)``
    CustomerInfo or None as the selection moves; ``searched(int)`` result count."""

    chosen = Signal(object)
    current_changed = Signal(object)
    searched = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self.model: RecordModel[Any] = RecordModel(CUSTOMER_COLUMNS)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.edit = _SearchEdit()
        self.edit.setObjectName("customerSearch")
        self.edit.setPlaceholderText("Name, e-mail or phone…")
        self.edit.setClearButtonEnabled(True)
        self.edit.textEdited.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self._enter_in_search)
        self.edit.down_pressed.connect(self._into_table)
        self.table = _ResultTable()
        self.table.setObjectName("customerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.choose_current())
        self.table.enter_pressed.connect(self.choose_current)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.status = QLabel()
        self.status.setObjectName("subtle")
        self.status.setWordWrap(True)  # a long hint wraps rather than widening the list
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.edit)
        column.addWidget(self.table, 1)
        column.addWidget(self.status)

    @Slot()
    def search_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.edit.text().strip()
        if not text:
            self.model.set_records([])
            self.status.setText("Type a name, e-mail address or phone number.")
            self.current_changed.emit(None)
            return
        self.ctx.services.run(
            customers.find_customers,
            text,
            50,
            on_done=lambda rows: self._results(generation, rows),
            on_error=self.ctx.messages.report,
        )

    def _results(self, generation: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self.model.set_records(rows)
        n = len(rows)
        if n == 0:
            self.status.setText("No customer matches — create one with “New customer”.")
        else:
            more = " (the first 50: type more to narrow)" if n >= 50 else ""
            self.status.setText(f"{n} customer{'s' if n != 1 else ''}{more}")
        self.searched.emit(n)
        if n:
            self.select_row(0)
        else:
            self.current_changed.emit(None)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(self.model.record(current.row()))

    def current(self) -> Any:
        return self.model.record(self.table.currentIndex().row())

    @Slot()
    def choose_current(self) -> None:
        customer = self.current()
        if customer is not None:
            self.chosen.emit(customer)

    def _enter_in_search(self) -> None:
        if self._timer.isActive():
            self.search_now()
        self.choose_current()

    def _into_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()

    def show_customer(self, customer: Any) -> None:
        """Put *customer* (just created) at the top and select it."""
        self.model.set_records([customer, *[c for c in self.model.records if c.id != customer.id]])
        self.select_row(0)
