"""Seats by keyboard and screen reader: choose a section, a row, then tick free seats in a list.

The seat map is a picture; this dialog says the same in words (every list and box has a name a
screen reader reads). It lists only seats that are free now, with their price tier and price,
and follows the map while it is open (a seat taken at another desk leaves the list). *Hold*
hands the ticked seats to the Sell tab, which holds them exactly as clicks on the map would
(a wheelchair space brings its companion seat).
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import SeatPlace, SeatState
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.i18n import _, ngettext

SEAT_ID = Qt.ItemDataRole.UserRole


class SeatPickerDialog(QDialog):
    """Signals: ``seats_chosen(list)`` the ids of the ticked seats, when *Hold* is pressed."""

    seats_chosen = Signal(list)

    def __init__(self, view: SeatMapView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatPicker")
        self.setWindowTitle(_("Choose seats"))
        self.view = view
        self.chosen: dict[int, SeatPlace] = {}  # ticked seats, kept while other rows are shown
        self._rows: dict[str, dict[str, list[SeatPlace]]] = {}  # section -> row -> free seats

        intro = QLabel(
            _(
                "Choose a section and a row, then tick seats with Space. Only free seats are "
                "listed. Press Enter to hold the ticked seats."
            )
        )
        intro.setWordWrap(True)
        self.section = QComboBox()
        self.section.setObjectName("pickSection")
        self.section.setAccessibleName(_("Section"))
        self.row = QComboBox()
        self.row.setObjectName("pickRow")
        self.row.setAccessibleName(_("Row"))
        self.seats = QListWidget()
        self.seats.setObjectName("pickSeats")
        self.seats.setAccessibleName(_("Free seats in the row"))
        self.seats.setTabKeyNavigation(False)
        self.summary = QLabel()
        self.summary.setObjectName("pickSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Seats ticked"))

        form = QFormLayout()
        form.addRow(_("&Section"), self.section)
        form.addRow(_("&Row"), self.row)
        form.addRow(_("S&eats"), self.seats)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.hold_button = QPushButton()
        self.hold_button.setObjectName("pickHold")
        self.hold_button.setProperty("role", "primary")
        self.hold_button.setDefault(True)
        buttons.addButton(self.hold_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter holds, even before a seat is ticked
        buttons.accepted.connect(self.hold)
        buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addWidget(buttons)

        self.section.currentIndexChanged.connect(self._fill_rows)
        self.row.currentIndexChanged.connect(self._fill_seats)
        self.seats.itemChanged.connect(self._ticked)
        view.states_changed.connect(self.refresh)
        self.refresh()
        self.resize(440, 480)
        self.section.setFocus()

    # -- what is free ---------------------------------------------------------------------------
    def _price(self, place: SeatPlace) -> str:
        tier = next((t for t in self.view.tiers() if t.id == place.tier_id), None)
        return f"{tier.name}, {format_money(tier.price)}" if tier is not None else ""

    def _seat_text(self, place: SeatPlace) -> str:
        parts = [_("Seat {number}").format(number=place.number), self._price(place)]
        if place.accessible:
            parts.append(_("wheelchair space"))
        if place.restricted_view:
            parts.append(_("restricted view"))
        return " — ".join(p for p in parts[:2] if p) + "".join(f", {p}" for p in parts[2:])

    @Slot()
    def refresh(self) -> None:
        """Read the free seats from the map again, keeping the section, row and ticks."""
        rows: dict[str, dict[str, list[SeatPlace]]] = defaultdict(lambda: defaultdict(list))
        for place in self.view.model_places():
            if self.view.state(place.seat_id) is SeatState.AVAILABLE:
                rows[place.section][place.row].append(place)
        self._rows = {s: dict(r) for s, r in rows.items()}
        free = {p.seat_id for r in self._rows.values() for ps in r.values() for p in ps}
        self.chosen = {i: p for i, p in self.chosen.items() if i in free}
        shown = self.section.currentData()
        self.section.blockSignals(True)
        self.section.clear()
        for name, section_rows in self._rows.items():
            count = sum(len(seats) for seats in section_rows.values())
            text = ngettext("{name} ({n} free seat)", "{name} ({n} free seats)", count)
            self.section.addItem(text.format(name=name, n=count), name)
        index = self.section.findData(shown)
        self.section.setCurrentIndex(max(index, 0))
        self.section.blockSignals(False)
        self._fill_rows()

    @Slot()
    def _fill_rows(self) -> None:
        section_rows = self._rows.get(str(self.section.currentData()), {})
        shown = self.row.currentData()
        self.row.blockSignals(True)
        self.row.clear()
        for name, seats in section_rows.items():
            text = ngettext("Row {row} ({n} free seat)", "Row {row} ({n} free seats)", len(seats))
            self.row.addItem(text.format(row=name, n=len(seats)), name)
        index = self.row.findData(shown)
        self.row.setCurrentIndex(max(index, 0))
        self.row.blockSignals(False)
        self._fill_seats()

    @Slot()
    def _fill_seats(self) -> None:
        section_rows = self._rows.get(str(self.section.currentData()), {})
        seats = sorted(section_rows.get(str(self.row.currentData()), []), key=lambda p: p.number)
        current = self.seats.currentRow()
        self.seats.blockSignals(True)
        self.seats.clear()
        for place in seats:
            item = QListWidgetItem(self._seat_text(place))
            item.setData(SEAT_ID, place.seat_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = place.seat_id in self.chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.seats.addItem(item)
        self.seats.blockSignals(False)
        if seats:
            self.seats.setCurrentRow(min(max(current, 0), len(seats) - 1))
        self._show_chosen()

    # -- ticking and holding --------------------------------------------------------------------
    @Slot(QListWidgetItem)
    def _ticked(self, item: QListWidgetItem) -> None:
        seat_id = int(item.data(SEAT_ID))
        place = self.view.seat(seat_id)
        if item.checkState() == Qt.CheckState.Checked and place is not None:
            self.chosen[seat_id] = place
        else:
            self.chosen.pop(seat_id, None)
        self._show_chosen()

    def _show_chosen(self) -> None:
        count = len(self.chosen)
        if count:
            names = ", ".join(p.label for p in self.chosen.values())
            self.summary.setText(
                ngettext("{n} seat ticked: {names}", "{n} seats ticked: {names}", count).format(
                    n=count, names=names
                )
            )
            self.hold_button.setText(
                ngettext("&Hold {n} seat", "&Hold {n} seats", count).format(n=count)
            )
        else:
            self.summary.setText(_("No seat ticked yet."))
            self.hold_button.setText(_("&Hold seats"))
        self.hold_button.setEnabled(bool(count))
        self.hold_button.setDefault(True)

    @Slot()
    def hold(self) -> None:
        """Hand the ticked seats over (the Sell tab holds them) and close."""
        if not self.chosen:
            return
        self.seats_chosen.emit(list(self.chosen))
        self.accept()
