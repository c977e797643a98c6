"""A section's parameters: name, rows × seats, labels, numbering, curve, rotation, position."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from boxoffice.domain.layout import MAX_ROWS, MAX_SEATS_PER_ROW, SectionSpec, row_label
from boxoffice.i18n import _


def _spin(low: int, high: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setObjectName(name)
    box.setMinimumWidth(80)
    return box


def _dspin(low: float, high: float, step: float, name: str, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(1)
    box.setSuffix(suffix)
    box.setObjectName(name)
    box.setMinimumWidth(80)
    return box


class SectionProperties(QWidget):
    """Signals: ``edited(object)`` with the current SectionSpec after every change."""

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.name = QLineEdit()
        self.name.setObjectName("sectionName")
        self.name.setMaxLength(64)
        self.rows = _spin(1, MAX_ROWS, "sectionRows")
        self.seats = _spin(1, MAX_SEATS_PER_ROW, "sectionSeats")
        self.labels = QComboBox()
        self.labels.setObjectName("sectionLabels")
        self.labels.addItem(_("Letters (A, B, C…)"), "letters")
        self.labels.addItem(_("Numbers (1, 2, 3…)"), "numbers")
        self.first_row = _spin(0, 1000, "sectionFirstRow")
        self.first_label = QLabel()
        self.first_label.setObjectName("subtle")
        self.numbering = QComboBox()
        self.numbering.setObjectName("sectionNumbering")
        self.numbering.addItem(_("Left to right"), "ltr")
        self.numbering.addItem(_("Right to left"), "rtl")
        self.curve = _dspin(0.0, 5.0, 0.1, "sectionCurve")
        self.curve.setSpecialValueText(_("Straight"))
        self.rotation = _dspin(-360.0, 360.0, 5.0, "sectionRotation", "°")
        self.rotation.setWrapping(True)
        self.pos_x = _dspin(-10_000.0, 10_000.0, 0.5, "sectionX")
        self.pos_y = _dspin(-10_000.0, 10_000.0, 0.5, "sectionY")

        size = QHBoxLayout()
        size.addWidget(self.rows)
        size.addWidget(QLabel(_("rows ×")))
        size.addWidget(self.seats)
        size.addWidget(QLabel(_("seats")))
        size.addStretch(1)
        first = QHBoxLayout()
        first.addWidget(self.first_row)
        first.addWidget(self.first_label)
        first.addStretch(1)
        place = QHBoxLayout()
        place.addWidget(QLabel("x"))
        place.addWidget(self.pos_x)
        place.addWidget(QLabel("y"))
        place.addWidget(self.pos_y)
        place.addStretch(1)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Size"), size)
        form.addRow(_("Row labels"), self.labels)
        form.addRow(_("First row"), first)
        form.addRow(_("Seat numbers"), self.numbering)
        form.addRow(_("Curve"), self.curve)
        form.addRow(_("Rotation"), self.rotation)
        form.addRow(_("Position"), place)

        self.name.textEdited.connect(self._changed)
        for spin in (self.rows, self.seats, self.first_row):
            spin.valueChanged.connect(self._changed)
        for dspin in (self.curve, self.rotation, self.pos_x, self.pos_y):
            dspin.valueChanged.connect(self._changed)
        self.labels.currentIndexChanged.connect(self._changed)
        self.numbering.currentIndexChanged.connect(self._changed)
        self._update_first_label()

    def spec(self) -> SectionSpec:
        return SectionSpec(
            name=self.name.text(),
            rows=self.rows.value(),
            seats_per_row=self.seats.value(),
            origin_x=self.pos_x.value(),
            origin_y=self.pos_y.value(),
            rotation=self.rotation.value(),
            curve=self.curve.value(),
            row_labels=str(self.labels.currentData()),
            numbering=str(self.numbering.currentData()),
            first_row=self.first_row.value(),
        )

    def set_spec(self, spec: SectionSpec) -> None:
        self._filling = True
        self.name.setText(spec.name)
        self.rows.setValue(spec.rows)
        self.seats.setValue(spec.seats_per_row)
        self.labels.setCurrentIndex(max(self.labels.findData(spec.row_labels), 0))
        self.first_row.setValue(spec.first_row)
        self.numbering.setCurrentIndex(max(self.numbering.findData(spec.numbering), 0))
        self.curve.setValue(spec.curve)
        rotation = spec.rotation if spec.rotation <= 180 else spec.rotation - 360
        self.rotation.setValue(rotation)
        self.pos_x.setValue(spec.origin_x)
        self.pos_y.setValue(spec.origin_y)
        self._filling = False
        self._update_first_label()

    def set_shape_editable(self, editable: bool) -> None:
        """After sales only place, rotation, curve and numbering may change."""
        for widget in (self.rows, self.seats, self.labels, self.first_row):
            widget.setEnabled(editable)

    def _update_first_label(self) -> None:
        spec = self.spec()
        first = row_label(spec.first_row, spec.row_labels)
        last = row_label(spec.first_row + spec.rows - 1, spec.row_labels)
        self.first_label.setText(
            _("rows {first}–{last}").format(first=first, last=last)
            if first != last
            else _("row {first}").format(first=first)
        )

    @Slot()
    def _changed(self, *_: object) -> None:
        self._update_first_label()
        if not self._filling:
            self.edited.emit(self.spec())
