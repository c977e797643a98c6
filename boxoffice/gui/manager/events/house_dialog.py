"""The House set-up of one event: place named holds and kills on seats picked by click, drag
(lasso), whole rows or whole sections of the picked seats; release them; see counts per type."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import SeatMap
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.failure import show_failure
from boxoffice.gui.manager.events.times import DISPLAY_FORMAT, to_qt, to_utc
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.i18n import _, ngettext
from boxoffice.i18n.formats import number_text
from boxoffice.services.events import house, house_series
from boxoffice.services.events.house import HoldTypeInfo, HouseChange
from boxoffice.services.sales import catalog


class HouseDialog(QDialog):
    """Named holds and kills on *event_id*'s seats (managers; releasing needs release_holds)."""

    def __init__(
        self,
        ctx: AppContext,
        event_id: int,
        title: str,
        starts_at: datetime,
        parent: QWidget | None = None,
        in_series: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.starts_at = starts_at
        self.setWindowTitle(_("House set-up — {title}").format(title=title))
        self.types: list[HoldTypeInfo] = []
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Hold type"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.label = QLineEdit()
        self.label.setPlaceholderText(_("For: channel or group"))
        self.label.setAccessibleName(_("Allocation for"))
        self.label.setEnabled(False)
        self.timed = QCheckBox(_("Return to sale at"))
        self.until = QDateTimeEdit(to_qt(starts_at - timedelta(hours=24)))
        self.until.setDisplayFormat(DISPLAY_FORMAT)
        self.until.setCalendarPopup(True)
        self.timed.toggled.connect(self.until.setEnabled)
        self.until.setEnabled(False)
        # A performance of a series: place or release the same seats on every one to come.
        self.whole_series = QCheckBox(_("All performances of the series"))
        self.whole_series.setObjectName("houseWholeSeries")
        self.whole_series.setToolTip(
            _("The same seats on every performance still to come; a return time keeps its "
              "distance from each performance's start")
        )  # fmt: skip
        self.whole_series.setVisible(in_series)
        self.place_seats = QPushButton(_("Hold picked seats"))
        self.place_rows = QPushButton(_("Hold whole rows"))
        self.place_section = QPushButton(_("Hold whole sections"))
        self.release = QPushButton(_("Release picked seats"))
        self.release.setEnabled(ctx.actor.can(Permission.RELEASE_HOLDS))
        for button, scope in (
            (self.place_seats, "seats"),
            (self.place_rows, "rows"),
            (self.place_section, "sections"),
        ):
            button.clicked.connect(lambda _c=False, s=scope: self.place(s))
        self.release.clicked.connect(self.release_picked)
        self.status = QLabel(_("Click or drag over seats, then choose what to hold them for."))
        self.status.setWordWrap(True)
        self.view = SeatMapView()
        self.view.set_house_mode(True)
        self.view.selection_changed.connect(self._picked)
        self.legend = SeatLegend(self.view, horizontal=True)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Hold for")))
        controls.addWidget(self.kind)
        controls.addWidget(self.label)
        controls.addWidget(self.timed)
        controls.addWidget(self.until)
        controls.addWidget(self.whole_series)
        controls.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.place_seats, self.place_rows, self.place_section):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.release)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        self.resize(1000, 720)
        self._picked([])
        ctx.services.run(house.list_hold_types, on_done=self._types_loaded, on_error=self._failed)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.services.run(
            catalog.seat_map, self.event_id, on_done=self._map_loaded, on_error=self._failed
        )

    def _map_loaded(self, seat_map: SeatMap) -> None:
        self.view.set_map(seat_map)
        self.legend.refresh()

    def _types_loaded(self, types: list[HoldTypeInfo]) -> None:
        self.types = types
        self.kind.clear()
        for t in types:
            self.kind.addItem(_("{name} (kill)").format(name=t.name) if t.kill else t.name, t.id)
        self._kind_changed(self.kind.currentIndex())

    @Slot(int)
    def _kind_changed(self, index: int) -> None:
        kill = 0 <= index < len(self.types) and self.types[index].kill
        allocation = 0 <= index < len(self.types) and self.types[index].allocation
        self.label.setEnabled(allocation)  # an allocation is for a channel or group
        self.timed.setEnabled(not kill)  # kills are never released by time
        if kill:
            self.timed.setChecked(False)

    @Slot(list)
    def _picked(self, ids: list[int]) -> None:
        for button in (self.place_seats, self.place_rows, self.place_section):
            button.setEnabled(bool(ids))
        self.release.setEnabled(bool(ids) and self.ctx.actor.can(Permission.RELEASE_HOLDS))

    # -- changes ---------------------------------------------------------------------------------
    def scope_ids(self, scope: str) -> list[int]:
        """The picked seats, or every seat of their rows or sections."""
        picked = self.view.selected_ids()
        if scope == "seats":
            return picked
        places = [p for i in picked if (p := self.view.seat(i)) is not None]
        if scope == "rows":
            rows = {(p.section, p.row) for p in places}
            return self.view.seat_ids_where(lambda p: (p.section, p.row) in rows)
        sections = {p.section for p in places}
        return self.view.seat_ids_where(lambda p: p.section in sections)

    def place(self, scope: str) -> None:
        type_id = self.kind.currentData()
        ids = self.scope_ids(scope)
        if type_id is None or not ids:
            return
        until = to_utc(self.until.dateTime()) if self.timed.isChecked() else None
        label = self.label.text() if self.label.isEnabled() else ""
        name = f"{self.kind.currentText()}: {label}" if label else self.kind.currentText()
        if not self.whole_series.isHidden() and self.whole_series.isChecked():
            hours = (self.starts_at - until).total_seconds() / 3600 if until else None
            self.ctx.services.run_write(
                house_series.place_series_hold, self.event_id, int(type_id), ids,
                release_hours_before=hours, label=label,
                on_done=lambda c: self._series_done(
                    _("Held {seats:,} seats for {name} on {n} performances").format(
                        seats=c.changed, name=name, n=c.performances)
                ),
                on_error=self._failed,
            )  # fmt: skip
            return
        self.ctx.services.run_write(
            house.place_hold, self.event_id, int(type_id),
            seat_ids=ids, release_at=until, label=label,
            on_done=lambda c: self._done(c, ngettext(
                "Held {count} seat for {name}", "Held {count} seats for {name}", c.changed
            ).format(count=number_text(c.changed), name=name)),
            on_error=self._failed,
        )  # fmt: skip

    @Slot()
    def release_picked(self) -> None:
        type_id = self.kind.currentData()
        ids = self.view.selected_ids()
        if type_id is None or not ids:
            return
        if not self.whole_series.isHidden() and self.whole_series.isChecked():
            self.ctx.services.run_write(
                house_series.release_series_hold, self.event_id, int(type_id), ids,
                label=self.label.text() if self.label.isEnabled() else "",
                on_done=lambda c: self._series_done(
                    _("Released {seats:,} seats on {n} performances").format(
                        seats=c.changed, n=c.performances)
                ),
                on_error=self._failed,
            )  # fmt: skip
            return
        self.ctx.services.run_write(
            house.release_hold, self.event_id, int(type_id), seat_ids=ids,
            label=self.label.text() if self.label.isEnabled() else "",
            on_done=lambda c: self._done(c, ngettext(
                "Released {count} seat to sale", "Released {count} seats to sale", c.changed
            ).format(count=number_text(c.changed))),
            on_error=self._failed,
        )  # fmt: skip

    def _done(self, change: HouseChange, text: str) -> None:
        self.status.setText(text + ".")
        self.view.clear_selection()
        self.reload()

    def _series_done(self, text: str) -> None:
        self.status.setText(text + ".")
        self.view.clear_selection()
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.ctx, self.status, exc)
