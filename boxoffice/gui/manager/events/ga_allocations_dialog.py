"""The House set-up of a general-admission event: quantities of a tier allocated to a channel or
group (sold from at the desk's "Sell for"), returned to general sale by hand or at a set time."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
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

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.failure import show_failure
from boxoffice.gui.manager.events.times import DISPLAY_FORMAT, local_text, to_qt, to_utc
from boxoffice.i18n import _
from boxoffice.services.events import allocations, house
from boxoffice.services.events.allocations import AllocationInfo
from boxoffice.services.events.house import HoldTypeInfo
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventDetail


class GaAllocationsDialog(QDialog):
    """Allocations of *event_id* (a GA event): the list with sold and left, and a form."""

    def __init__(
        self,
        ctx: AppContext,
        event_id: int,
        title: str,
        starts_at: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.setObjectName("gaAllocationsDialog")
        self.setWindowTitle(_("Allocations — {title}").format(title=title))
        self.found: list[AllocationInfo] = []
        self.kinds: list[HoldTypeInfo] = []
        self.list = QListWidget()
        self.list.setObjectName("allocationList")
        self.list.setAccessibleName(_("Allocations"))
        self.list.currentRowChanged.connect(self._chosen)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Allocation type"))
        self.tier = QComboBox()
        self.tier.setAccessibleName(_("Price tier"))
        self.label = QLineEdit()
        self.label.setObjectName("allocationFor")
        self.label.setPlaceholderText(_("Channel or group, e.g. Phone"))
        self.quantity = QSpinBox()
        self.quantity.setObjectName("allocationPlaces")
        self.quantity.setRange(1, allocations.MAX_PLACES)
        self.quantity.setValue(10)
        self.timed = QCheckBox(_("Return to general sale at"))
        self.until = QDateTimeEdit(to_qt(starts_at - timedelta(hours=24)))
        self.until.setDisplayFormat(DISPLAY_FORMAT)
        self.until.setCalendarPopup(True)
        self.until.setEnabled(False)
        self.timed.toggled.connect(self.until.setEnabled)
        form = QFormLayout()
        form.addRow(_("Type"), self.kind)
        form.addRow(_("Tier"), self.tier)
        form.addRow(_("For"), self.label)
        form.addRow(_("Places"), self.quantity)
        form.addRow(self.timed, self.until)
        self.allocate_button = QPushButton(_("Allocate places"))
        self.allocate_button.setObjectName("allocatePlaces")
        self.allocate_button.clicked.connect(self.allocate)
        can_return = ctx.actor.can(Permission.RELEASE_HOLDS)
        self.return_some = QPushButton(_("Return places"))
        self.return_some.setObjectName("returnPlaces")
        self.return_some.setToolTip(_("Give this many unsold places back to general sale"))
        self.return_all = QPushButton(_("Return all"))
        self.return_all.setObjectName("returnAllocation")
        self.return_some.clicked.connect(lambda: self.give_back(self.quantity.value()))
        self.return_all.clicked.connect(lambda: self.give_back(None))
        for button in (self.return_some, self.return_all):
            button.setVisible(can_return)
        buttons = QHBoxLayout()
        buttons.addWidget(self.allocate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.return_some)
        buttons.addWidget(self.return_all)
        self.status = QLabel(_("Allocate places of a tier to a channel or a group."))
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.resize(620, 480)
        self._chosen(-1)
        ctx.services.run(house.list_hold_types, on_done=self._kinds, on_error=self._failed)
        ctx.services.run(catalog.get_event, event_id, on_done=self._tiers, on_error=self._failed)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.ctx.services.run(
            allocations.list_allocations,
            self.event_id,
            on_done=lambda found: self._loaded(found, select_id),
            on_error=self._failed,
        )

    def _kinds(self, types: list[HoldTypeInfo]) -> None:
        self.kinds = [t for t in types if t.allocation]
        self.kind.clear()
        for t in self.kinds:
            self.kind.addItem(t.name, t.id)

    def _tiers(self, event: EventDetail) -> None:
        self.tier.clear()
        for t in event.tiers:
            self.tier.addItem(t.name, t.id)

    def _loaded(self, found: list[AllocationInfo], select_id: int | None) -> None:
        self.found = found
        self.list.clear()
        for a in found:
            if a.returned:
                state = _("returned to general sale")
            elif a.release_at is not None:
                state = _("returns {when}").format(when=local_text(a.release_at))
            else:
                state = _("until returned by hand")
            text = _("{title}: {size} places, {sold} sold, {left} left — {state}").format(
                title=a.title, size=a.size, sold=a.sold, left=a.remaining, state=state
            )
            self.list.addItem(QListWidgetItem(text))
        rows = [i for i, a in enumerate(found) if a.id == select_id]
        self.list.setCurrentRow(rows[0] if rows else -1)

    def current(self) -> AllocationInfo | None:
        row = self.list.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    @Slot(int)
    def _chosen(self, _row: int) -> None:
        chosen = self.current()
        live = chosen is not None and not chosen.returned
        self.return_some.setEnabled(live)
        self.return_all.setEnabled(live)
        if chosen is not None:
            self.label.setText(chosen.label)
            index = self.tier.findData(chosen.tier_id)
            if index >= 0:
                self.tier.setCurrentIndex(index)

    @Slot()
    def allocate(self) -> None:
        kind, tier = self.kind.currentData(), self.tier.currentData()
        if kind is None or tier is None:
            return
        until = to_utc(self.until.dateTime()) if self.timed.isChecked() else None
        places = self.quantity.value()
        self.ctx.services.run_write(
            allocations.place_ga_allocation,
            self.event_id,
            int(kind),
            int(tier),
            self.label.text(),
            places,
            release_at=until,
            on_done=lambda a: self._done(
                a.id, _("Allocated {n} places to {title}.").format(n=places, title=a.title)
            ),
            on_error=self._failed,
        )

    def give_back(self, places: int | None) -> None:
        chosen = self.current()
        if chosen is None:
            return
        self.ctx.services.run_write(
            allocations.return_ga_allocation,
            chosen.id,
            places,
            on_done=lambda a: self._done(
                a.id, _("{title}: {n} places left.").format(title=a.title, n=a.remaining)
            ),
            on_error=self._failed,
        )

    def _done(self, allocation_id: int, text: str) -> None:
        self.status.setText(text)
        self.reload(allocation_id)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.ctx, self.status, exc)
